import { describe, expect, it } from 'vitest';
import { tppMonthInput } from './inputs.ts';
import { addMonths, monthBounds, monthWorkingDays, nextMonth } from './month.ts';
import { fixtureHolidays, fixtureWorkHours } from '../testing.ts';
import { NIP_A, NOV_2026, novemberWith, officerWith } from './testing.ts';

/** Bad inputs are refused at parse time with the path of the field and why. */
const issues = (input: unknown) =>
  (tppMonthInput.safeParse(input).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
const seg = officerWith().segments[0]!;
const f = { id: 1, digest: 'd', kind: 'late_arrival' as const, date: '2026-11-02', tier: 'TL1', minutes: 5 };

describe('TPP month input', () => {
  it('accepts the fixture month', () => {
    expect(issues(novemberWith([officerWith()]))).toEqual([]);
  });

  it('refuses overlapping segments, a finding after the month, a TL without its tier, duplicates', () => {
    const o = officerWith({
      segments: [
        { ...seg, to: '2026-11-15' },
        { ...seg, ref: 'asg-2', from: '2026-11-13' },
      ],
      findings: [f, { ...f }, { ...f, id: 2, date: '2026-12-01' }, { ...f, id: 3, tier: null }],
      excused: [
        { date: '2026-11-05', leave: 'sakit', ref: 'a' },
        { date: '2026-11-05', leave: 'izin', ref: 'b' },
      ],
    });
    expect(issues(novemberWith([o, officerWith()]))).toEqual([
      'officers.0.findings.3.tier: a late_arrival finding needs its tier',
      'officers.0.segments.1.from: overlaps segment 0',
      'officers.0.findings.1: finding 1 twice',
      'officers.0.findings.2.date: after 2026-11',
      'officers.0.excused.1: excused day 2026-11-05 twice',
      'officers.1.nip: officer 198001012005011001 twice',
    ]);
  });

  it('refuses working days outside the month, a bad NIP, a kelas out of range', () => {
    expect(issues({ ...novemberWith([]), workingDays: [...NOV_2026, '2026-12-01'] })).toEqual([
      'workingDays.21: not a day of 2026-11',
    ]);
    expect(issues(novemberWith([officerWith({ nip: '12' })]))).toEqual([
      'officers.0.nip: expected an 18-digit NIP',
    ]);
    const kelas = issues(novemberWith([officerWith({ segments: [{ ...seg, kelas: 18 }] })]));
    expect(kelas).toEqual([expect.stringMatching(/^officers\.0\.segments\.0\.kelas: /)]);
    expect(NIP_A).toHaveLength(18);
  });
});

describe('months', () => {
  it('counts working days from the calendar: weekends, holidays and cuti bersama off', () => {
    expect(monthWorkingDays('2026-11', fixtureWorkHours, fixtureHolidays)).toEqual(NOV_2026);
    const dec = monthWorkingDays('2026-12', fixtureWorkHours, fixtureHolidays);
    expect(dec).toHaveLength(21); // 23 weekdays less 24 (cuti bersama) and 25 December
    expect(dec).not.toContain('2026-12-24');
  });

  it('adds calendar months with the day clamped, and knows a month’s bounds', () => {
    expect(addMonths('2026-09-01', 6)).toBe('2027-03-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(monthBounds('2026-02')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
    expect(nextMonth('2026-12')).toBe('2027-01');
  });
});
