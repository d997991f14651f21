import type { DayHours, HolidaysFile, WorkHoursFile } from '../config/schema.ts';
import { addDays, isoWeekday, type LocalDate } from '../time/wib.ts';

export type DayKind = 'working' | 'weekend' | 'libur_nasional' | 'cuti_bersama';

export interface WorkingDay {
  date: LocalDate;
  kind: DayKind;
  /** Holiday name when `kind` is a holiday. */
  name?: string;
  ramadan: boolean;
  /** Office hours; null on days off. */
  hours: DayHours | null;
}

/**
 * The working-day calendar of Perpres 21/2023: Monday to Friday, Friday with its longer break, the
 * Ramadan schedule inside configured periods, national holidays and cuti bersama off.
 */
export function workingDay(date: LocalDate, workHours: WorkHoursFile, holidays: HolidaysFile): WorkingDay {
  const ramadan = workHours.ramadanPeriods.some((p) => date >= p.from && date <= p.to);
  const holiday = holidays.years[date.slice(0, 4)]?.find((h) => h.date === date);
  const weekday = isoWeekday(date);
  if (holiday) return { date, kind: holiday.kind, name: holiday.name, ramadan, hours: null };
  if (weekday >= 6) return { date, kind: 'weekend', ramadan, hours: null };
  const week = ramadan ? workHours.ramadan : workHours.regular;
  return { date, kind: 'working', ramadan, hours: weekday === 5 ? week.fri : week.monThu };
}

/** Whether the holiday list covers the year of a date: an uncovered year treats every weekday as working. */
export function holidaysKnownFor(date: LocalDate, holidays: HolidaysFile): boolean {
  return holidays.years[date.slice(0, 4)] !== undefined;
}

export interface CalendarGap {
  year: string;
  missing: 'holidays' | 'ramadan';
}

/**
 * Calendar data that is missing for this year, or for the next one once it is `daysAhead` away. A
 * missing year is not an error (the calendar still works, every weekday counts as working), but it
 * silently marks officers absent on Idul Fitri, so it must be said well before the year turns.
 */
export function calendarGaps(
  today: LocalDate,
  workHours: WorkHoursFile,
  holidays: HolidaysFile,
  daysAhead = 45,
): CalendarGap[] {
  const years = [...new Set([today.slice(0, 4), addDays(today, daysAhead).slice(0, 4)])];
  return years.flatMap((year) => [
    ...(holidays.years[year] === undefined ? [{ year, missing: 'holidays' as const }] : []),
    ...(workHours.ramadanPeriods.some((p) => p.from.startsWith(year) || p.to.startsWith(year))
      ? []
      : [{ year, missing: 'ramadan' as const }]),
  ]);
}

/** The n-th working day after a date (n ≥ 1), e.g. an evidence deadline of 3 working days. */
export function addWorkingDays(
  date: LocalDate,
  n: number,
  workHours: WorkHoursFile,
  holidays: HolidaysFile,
): LocalDate {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (workingDay(d, workHours, holidays).kind === 'working') left--;
  }
  return d;
}
