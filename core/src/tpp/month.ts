import { workingDay } from '../calendar/calendar.ts';
import type { HolidaysFile, WorkHoursFile } from '../config/schema.ts';
import { addDays, type LocalDate } from '../time/wib.ts';
import type { MonthId } from './inputs.ts';

/** First and last day of a month. */
export function monthBounds(month: MonthId): { first: LocalDate; last: LocalDate } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { first: `${month}-01`, last: `${month}-${String(daysIn(y, m)).padStart(2, '0')}` };
}

/**
 * The working days of a month from core's calendar (weekends, libur nasional and cuti bersama off;
 * Ramadan days are working days with shorter hours). This list is part of a run's inputs, so a month
 * rebuilt later does not depend on the holiday file of that day.
 */
export function monthWorkingDays(
  month: MonthId,
  workHours: WorkHoursFile,
  holidays: HolidaysFile,
): LocalDate[] {
  const { first, last } = monthBounds(month);
  const out: LocalDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) {
    if (workingDay(d, workHours, holidays).kind === 'working') out.push(d);
  }
  return out;
}

/** The month after. */
export function nextMonth(month: MonthId): MonthId {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * A date plus whole calendar months, the day clamped to the month's end (31 Jan + 1 month = 28/29 Feb):
 * how "for 6 months from" an SK's start is counted.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const nd = Math.min(d, daysIn(ny, nm));
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
