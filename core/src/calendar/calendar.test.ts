import { describe, expect, it } from 'vitest';
import { fixtureHolidays, fixtureWorkHours } from '../testing.ts';
import { addWorkingDays, calendarGaps, holidaysKnownFor, workingDay } from './calendar.ts';

describe('working-day calendar (Perpres 21/2023)', () => {
  it('gives Monday-Thursday hours with a 60-minute break', () => {
    const d = workingDay('2026-11-23', fixtureWorkHours, fixtureHolidays); // Monday
    expect(d.kind).toBe('working');
    expect(d.hours).toEqual({ start: '07:30', end: '16:00', breakStart: '12:00', breakEnd: '13:00' });
  });

  it('gives Friday its later end and 90-minute break', () => {
    const d = workingDay('2026-11-27', fixtureWorkHours, fixtureHolidays);
    expect(d.hours).toEqual({ start: '07:30', end: '16:30', breakStart: '11:30', breakEnd: '13:00' });
  });

  it('is closed on weekends, national holidays and cuti bersama', () => {
    expect(workingDay('2026-11-28', fixtureWorkHours, fixtureHolidays)).toMatchObject({
      kind: 'weekend',
      hours: null,
    });
    expect(workingDay('2026-08-17', fixtureWorkHours, fixtureHolidays)).toMatchObject({
      kind: 'libur_nasional',
      hours: null,
      name: 'Hari Kemerdekaan',
    });
    expect(workingDay('2026-12-24', fixtureWorkHours, fixtureHolidays)).toMatchObject({
      kind: 'cuti_bersama',
      hours: null,
    });
  });

  it('switches to the Ramadan schedule inside the period, both ends included', () => {
    expect(workingDay('2026-02-19', fixtureWorkHours, fixtureHolidays).hours?.start).toBe('08:00');
    expect(workingDay('2026-03-13', fixtureWorkHours, fixtureHolidays).hours).toEqual({
      start: '08:00',
      end: '15:30',
      breakStart: '11:30',
      breakEnd: '12:30',
    });
    expect(workingDay('2026-02-18', fixtureWorkHours, fixtureHolidays).hours?.start).toBe('07:30');
  });

  it('counts working days past weekends and holidays (an evidence deadline of 3 working days)', () => {
    // Friday 21 Aug + 3 working days: Mon 24, Tue 25, Wed 26.
    expect(addWorkingDays('2026-08-21', 3, fixtureWorkHours, fixtureHolidays)).toBe('2026-08-26');
    // Sunday 16 Aug: Monday 17 is a holiday, so Tue 18, Wed 19, Thu 20.
    expect(addWorkingDays('2026-08-16', 3, fixtureWorkHours, fixtureHolidays)).toBe('2026-08-20');
  });

  it('knows which years its holiday list covers', () => {
    expect(holidaysKnownFor('2026-05-01', fixtureHolidays)).toBe(true);
    expect(holidaysKnownFor('2027-05-01', fixtureHolidays)).toBe(false);
  });

  it('names the calendar data missing for this year, and for the next once it is near', () => {
    expect(calendarGaps('2026-06-01', fixtureWorkHours, fixtureHolidays)).toEqual([]);
    expect(calendarGaps('2026-11-23', fixtureWorkHours, fixtureHolidays)).toEqual([
      { year: '2027', missing: 'holidays' },
      { year: '2027', missing: 'ramadan' },
    ]);
    expect(calendarGaps('2026-11-23', fixtureWorkHours, fixtureHolidays, 30)).toEqual([]);
    const withRamadan = {
      ...fixtureWorkHours,
      ramadanPeriods: [
        ...fixtureWorkHours.ramadanPeriods,
        { from: '2027-02-08', to: '2027-03-09', source: 'test' },
      ],
    };
    expect(calendarGaps('2027-01-04', withRamadan, fixtureHolidays)).toEqual([
      { year: '2027', missing: 'holidays' },
    ]);
  });
});
