import type { Principal } from '../auth/roles.ts';
import { addWorkingDays } from '../calendar/calendar.ts';
import type { HolidaysFile, WorkHoursFile } from '../config/schema.ts';
import type { FindingStanding } from '../schemas/findings.ts';
import { addDays, epochAt, localDateOf, type LocalDate } from '../time/wib.ts';

/**
 * The appeal of a finding about a person (R4.3, R7.4). It is `pending` from the day it is about until
 * the end of the appeal window (N working days after that day, holidays skipped); in that window the
 * officer, or their lurah on their behalf, may contest it with a reason. A verifikator, never the one
 * who contested, upholds it (`standing`) or overturns it (`overturned`, final). Left uncontested, it stands
 * when the window closes. Only a standing finding may ever reach an allowance.
 */
export interface AppealCalendar {
  workHours: WorkHoursFile;
  holidays: HolidaysFile;
  appealWorkingDays: number;
}

/** The instant the window closes: the end of the N-th working day after the finding's day. */
export function appealEndsAt(date: LocalDate, cal: AppealCalendar): number {
  const last = addWorkingDays(date, cal.appealWorkingDays, cal.workHours, cal.holidays);
  return epochAt(addDays(last, 1), '00:00', cal.workHours.zone);
}

/**
 * The latest finding day whose window has closed by `now`: every pending finding of that day or
 * earlier stands. Walks back from today; the window spans a handful of days, so this is short.
 */
export function settledThrough(now: number, cal: AppealCalendar): LocalDate {
  let d = localDateOf(now, cal.workHours.zone);
  while (appealEndsAt(d, cal) > now) d = addDays(d, -1);
  return d;
}

export interface AppealSubject {
  standing: FindingStanding | null;
  date: LocalDate;
  nip: string | null;
  kelurahanCode: string;
}

/** Why an appeal step is refused: not this person's to take (forbidden), or not now (conflict). */
export interface Refusal {
  code: 'forbidden' | 'conflict';
  reason: string;
}
const forbidden = (reason: string): Refusal => ({ code: 'forbidden', reason });
const conflict = (reason: string): Refusal => ({ code: 'conflict', reason });

/** Why this principal may not contest the finding now, or null when they may. `endsAt`: its stored window, if any. */
export function contestRefusal(
  p: Principal,
  f: AppealSubject,
  now: number,
  cal: AppealCalendar,
  endsAt?: number | null,
): Refusal | null {
  if (f.standing === null || f.nip === null)
    return conflict('only a finding about a person can be contested');
  const own = p.role === 'asn' && p.nip === f.nip;
  const onBehalf = p.role === 'lurah' && p.kelurahanCode === f.kelurahanCode;
  if (!own && !onBehalf)
    return forbidden('only the officer the finding is about, or their lurah, can contest it');
  if (f.standing === 'contested') return conflict('the finding is contested already');
  if (f.standing !== 'pending') return conflict(`the finding is ${f.standing}: its appeal is over`);
  if (now >= (endsAt ?? appealEndsAt(f.date, cal))) return conflict('the appeal window has closed');
  return null;
}

export type AppealOutcome = 'upheld' | 'overturned';

export function decisionRefusal(p: Principal, f: AppealSubject, contestedBy: number | null): Refusal | null {
  if (p.role !== 'verifikator' && p.role !== 'admin')
    return forbidden('only a verifikator decides an appeal');
  if (contestedBy !== null && p.kind === 'user' && p.id === contestedBy)
    return forbidden('who contested a finding cannot decide it');
  if (f.standing !== 'contested') return conflict('only a contested finding can be decided');
  return null;
}

export function standingAfter(outcome: AppealOutcome): FindingStanding {
  return outcome === 'upheld' ? 'standing' : 'overturned';
}
