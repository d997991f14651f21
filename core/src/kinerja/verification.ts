import type { Principal } from '../auth/roles.ts';
import { addWorkingDays, workingDay } from '../calendar/calendar.ts';
import type { AppealDecider, KinerjaFile } from '../config/kinerja.ts';
import type { HolidaysFile, WorkHoursFile } from '../config/schema.ts';
import type { Refusal } from '../findings/appeal.ts';
import { addDays, epochAt, localDateOf, type LocalDate } from '../time/wib.ts';
import type { RealisationStatus, VerificationLayer } from './api.ts';

/**
 * Layered verification of a realisation (R7.1, R7.2) and who decides an appeal (PP 30/2019): pure
 * rules; the api applies them to stored rows.
 */
export interface WorkCalendar {
  workHours: WorkHoursFile;
  holidays: HolidaysFile;
}

/** The instant N working days after the day of `from` end (office zone): a layer's or an appeal's deadline. */
export function workingDeadline(from: number, workingDays: number, cal: WorkCalendar): number {
  const start = localDateOf(from, cal.workHours.zone);
  const last = addWorkingDays(start, workingDays, cal.workHours, cal.holidays);
  return epochAt(addDays(last, 1), '00:00', cal.workHours.zone);
}

/** Working days from the day after `due` through `on` (0 when `on` is not after `due`). */
export function workingDaysAfter(due: LocalDate, on: LocalDate, cal: WorkCalendar): number {
  let n = 0;
  for (let d = addDays(due, 1); d <= on; d = addDays(d, 1)) {
    if (workingDay(d, cal.workHours, cal.holidays).kind === 'working') n++;
  }
  return n;
}

/** Which layer acts next on a realisation in this status, or null when none does. */
export function layerWaiting(status: RealisationStatus): VerificationLayer | null {
  if (status === 'submitted') return 'superior';
  if (status === 'validated') return 'verifikator';
  return null;
}

/** How long a layer has, in working days after the realisation reached it. */
export function layerWorkingDays(rules: KinerjaFile, layer: VerificationLayer): number {
  return layer === 'superior'
    ? rules.verification.superiorWorkingDays.value
    : rules.verification.verifikatorWorkingDays.value;
}

/**
 * Why this principal may not decide a realisation at this layer now, or null. The superior layer is
 * the officer's direct superior on the activity day (officer_assignments), never the officer; the
 * verifikator layer is a verifikator who is not the officer. Anyone else is refused: fail closed.
 */
export function verificationRefusal(
  p: Principal,
  r: { nip: string; status: RealisationStatus },
  superiorNip: string | null,
): Refusal | null {
  const layer = layerWaiting(r.status);
  if (layer === null)
    return { code: 'conflict', reason: `the realisation is ${r.status}: nothing to decide` };
  if (p.nip !== null && p.nip === r.nip)
    return { code: 'forbidden', reason: 'nobody validates their own realisation' };
  if (layer === 'superior') {
    if (superiorNip === null || p.nip !== superiorNip)
      return { code: 'forbidden', reason: "only the officer's direct superior validates first" };
    return null;
  }
  if (p.role !== 'verifikator')
    return { code: 'forbidden', reason: 'only a verifikator verifies after the superior' };
  return null;
}

/** Who decides an appeal of a finding (kinerja.yaml appeals), before any escalation. */
export function appealDeciderKind(rules: KinerjaFile, objection: 'finding' | 'predikat'): AppealDecider {
  return objection === 'predikat'
    ? rules.appeals.predikatObjectionDecider.value
    : rules.appeals.findingDecider.value;
}

/**
 * Why this principal may not decide an appeal now: the decider named on the appeal (by NIP), or a
 * verifikator where the decider is the verifikator (or nobody is left to escalate to); never who
 * contested it nor the officer it is about.
 */
export function appealDecisionRefusal(
  p: Principal,
  a: {
    nip: string | null;
    deciderKind: AppealDecider;
    deciderNip: string | null;
    contestedBy: number | null;
  },
  standing: string | null,
): Refusal | null {
  if (standing !== 'contested')
    return { code: 'conflict', reason: 'only a contested finding can be decided' };
  if (p.kind === 'user' && a.contestedBy !== null && p.id === a.contestedBy)
    return { code: 'forbidden', reason: 'who contested a finding cannot decide it' };
  if (p.nip !== null && p.nip === a.nip)
    return { code: 'forbidden', reason: 'nobody decides their own appeal' };
  if (a.deciderNip !== null) {
    if (p.nip === a.deciderNip) return null;
    return { code: 'forbidden', reason: 'this appeal is for the superior named on it to decide' };
  }
  if (p.role === 'verifikator') return null;
  return { code: 'forbidden', reason: 'this appeal is for a verifikator to decide' };
}
