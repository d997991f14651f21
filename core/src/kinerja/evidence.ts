import { addWorkingDays, workingDay } from '../calendar/calendar.ts';
import type { KinerjaFile } from '../config/kinerja.ts';
import type { HolidaysFile, WorkHoursFile } from '../config/schema.ts';
import { addDays, epochAt, localDateOf, type LocalDate } from '../time/wib.ts';

/**
 * When a realisation's evidence is due (R7.4): by the end of the N-th working day after the activity
 * (kinerja.yaml lateEvidence.deadlineWorkingDays; the working-day calendar skips weekends, libur
 * nasional and cuti bersama; Ramadan days count, with their shorter hours). Evidence after that is
 * late: an `evidence_late` finding of its own, earning the reduced credit of R2.4.
 */
export interface EvidenceCalendar {
  workHours: WorkHoursFile;
  holidays: HolidaysFile;
}

/** The last day evidence of an activity on `activity` is on time. */
export function evidenceDueDate(activity: LocalDate, rules: KinerjaFile, cal: EvidenceCalendar): LocalDate {
  return addWorkingDays(activity, rules.lateEvidence.deadlineWorkingDays.value, cal.workHours, cal.holidays);
}

/** The instant the deadline passes: midnight (office zone) at the end of the due date. */
export function evidenceDueAt(activity: LocalDate, rules: KinerjaFile, cal: EvidenceCalendar): number {
  return epochAt(addDays(evidenceDueDate(activity, rules, cal), 1), '00:00', cal.workHours.zone);
}

export function isEvidenceLate(
  activity: LocalDate,
  submittedAt: number,
  rules: KinerjaFile,
  cal: EvidenceCalendar,
): boolean {
  return submittedAt >= evidenceDueAt(activity, rules, cal);
}

/** R2.4: the credit a realisation earns, in basis points. */
export function evidenceCreditBp(late: boolean, rules: KinerjaFile): number {
  return late ? rules.lateEvidence.creditBp.value : 10_000;
}

/**
 * Working days left to upload, today included while it is a working day (what "My month" counts
 * down): 0 once the deadline has passed. A weekend before the due date does not count.
 */
export function workingDaysLeft(
  now: number,
  activity: LocalDate,
  rules: KinerjaFile,
  cal: EvidenceCalendar,
): number {
  const due = evidenceDueDate(activity, rules, cal);
  let left = 0;
  for (let d = localDateOf(now, cal.workHours.zone); d <= due; d = addDays(d, 1)) {
    if (d > activity && workingDay(d, cal.workHours, cal.holidays).kind === 'working') left++;
  }
  return left;
}
