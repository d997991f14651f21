import type { TppFile } from '../config/tpp.ts';
import type { Pp94Case } from './line.ts';

/**
 * R4.3: findings are evidence, never a sanction. When this month's counted absences carry the year's
 * count (R4.1, with R3.8's lateness minutes as days where configured) across a rung of PP 94/2021's
 * ladder, or the month holds the consecutive run of working days the PP names, the line asks for a
 * case: the direct superior examines it and an SK, if any, reaches the sanctions register.
 */
export interface CaseFacts {
  year: string;
  yearToDate: { absenceDays: number; latenessMinutes: number };
  /** Dates of the absences that counted in this run (carried ones included). */
  absences: readonly string[];
  lateMinutes: readonly { date: string; minutes: number }[];
  longestAbsenceRun: number;
  superior: string | null;
}

export function pp94Cases(rules: TppFile, facts: CaseFacts): Pp94Case[] {
  const perDay = rules.pp94.latenessMinutesPerDay.value;
  const year = `${facts.year}-`;
  let monthMinutes = 0;
  for (const l of facts.lateMinutes) if (l.date.startsWith(year)) monthMinutes += l.minutes;
  let monthAbsences = 0;
  for (const d of facts.absences) if (d.startsWith(year)) monthAbsences++;
  const ytd = facts.yearToDate;
  const before = ytd.absenceDays + asDays(ytd.latenessMinutes, perDay);
  const after = ytd.absenceDays + monthAbsences + asDays(ytd.latenessMinutes + monthMinutes, perDay);
  const cases: Pp94Case[] = [];
  if (after === before && facts.longestAbsenceRun === 0) return cases;
  const crossed = rules.pp94.absenceLadder.value
    .filter((r) => before < r.fromDays && r.fromDays <= after)
    .at(-1);
  if (crossed) {
    cases.push({
      kind: 'annual_absence',
      days: after,
      level: crossed.level,
      sanction: crossed.sanction,
      assignTo: facts.superior,
    });
  }
  const consecutive = rules.pp94.consecutive.value;
  if (facts.longestAbsenceRun >= consecutive.days) {
    const rule = rules.hukdis.sanctions[consecutive.sanction]!.value;
    cases.push({
      kind: 'consecutive_absence',
      days: facts.longestAbsenceRun,
      level: rule.level,
      sanction: consecutive.sanction,
      assignTo: facts.superior,
    });
  }
  return cases;
}

function asDays(minutes: number, perDay: number | null): number {
  return perDay === null ? 0 : Math.floor(minutes / perDay);
}
