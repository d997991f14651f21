import { describe, expect, it } from 'vitest';
import { epochAt, workingDay, type DayHours } from '@pkk/core';
import { testPolicy } from '../testing/policy.ts';
import { MINUTE } from '../time.ts';
import { planOfficerDay, punchesOf } from './attendance.ts';
import { generateStaff } from './staff.ts';

const { policy, registry } = testPolicy();
const zone = policy.workHours.zone;
const everyone = [...generateStaff('3', registry).values()].flat();
const hoursOf = (date: string): DayHours => workingDay(date, policy.workHours, policy.holidays).hours!;

/** Every officer of the city over ten working days. */
function sample(dates: string[]) {
  return dates.flatMap((date) =>
    everyone.map((o) => ({ date, d: planOfficerDay('3', date, hoursOf(date), zone, o) })),
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('officer day plans', () => {
  const mondays = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'];
  const days = sample(mondays);
  const present = days.filter((x) => x.d.status === 'present');
  const rel = (x: (typeof days)[number], key: 'arrival' | 'departure', at: string) =>
    (x.d[key]! - epochAt(x.date, at, zone)) / MINUTE;

  it('is the same for the same seed, date and officer', () => {
    const o = everyone[5]!;
    expect(planOfficerDay('3', '2026-11-23', hoursOf('2026-11-23'), zone, o)).toEqual(
      planOfficerDay('3', '2026-11-23', hoursOf('2026-11-23'), zone, o),
    );
  });

  it('centres arrivals shortly before 07:30, with some late by up to two hours', () => {
    const arrivals = present.map((x) => rel(x, 'arrival', '07:30'));
    expect(median(arrivals)).toBeGreaterThan(-25);
    expect(median(arrivals)).toBeLessThan(0);
    const late = arrivals.filter((m) => m > 59 / 60);
    expect(late.length / arrivals.length).toBeGreaterThan(0.03);
    expect(late.length / arrivals.length).toBeLessThan(0.2);
    expect(Math.max(...arrivals)).toBeLessThanOrEqual(121);
    expect(Math.max(...arrivals)).toBeGreaterThan(45);
  });

  it('sends people home after 16:00, a few early', () => {
    const departures = present.map((x) => rel(x, 'departure', '16:00'));
    expect(median(departures)).toBeGreaterThan(0);
    expect(median(departures)).toBeLessThan(20);
    const early = departures.filter((m) => m < 0).length / departures.length;
    expect(early).toBeGreaterThan(0.01);
    expect(early).toBeLessThan(0.12);
  });

  it('keeps some away on leave and a few away without notice', () => {
    const leave = days.filter((x) => x.d.status === 'leave');
    const absent = days.filter((x) => x.d.status === 'absent');
    expect(leave.length / days.length).toBeGreaterThan(0.015);
    expect(leave.length / days.length).toBeLessThan(0.06);
    expect(absent.length).toBeGreaterThan(0);
    expect(absent.length / days.length).toBeLessThan(0.03);
    expect(new Set(leave.map((x) => x.d.leaveKind)).size).toBeGreaterThan(3);
  });

  it('follows the Friday and Ramadan schedules of the calendar', () => {
    const friday = sample(['2026-11-27']).filter((x) => x.d.status === 'present');
    expect(median(friday.map((x) => rel(x, 'departure', '16:30')))).toBeGreaterThan(0);
    expect(median(friday.map((x) => rel(x, 'departure', '16:30')))).toBeLessThan(20);
    expect(median(friday.map((x) => (x.d.breakOut! - epochAt(x.date, '11:30', zone)) / MINUTE))).toBeCloseTo(
      0,
      -1,
    );
    const ramadan = sample(['2026-03-02']).filter((x) => x.d.status === 'present');
    expect(hoursOf('2026-03-02').start).toBe('08:00');
    expect(median(ramadan.map((x) => rel(x, 'arrival', '08:00')))).toBeLessThan(0);
    expect(median(ramadan.map((x) => rel(x, 'arrival', '08:00')))).toBeGreaterThan(-25);
    expect(median(ramadan.map((x) => rel(x, 'departure', '15:00')))).toBeGreaterThan(0);
  });

  it('punches in on arrival and out on leaving, in whole seconds', () => {
    for (const x of present.slice(0, 300)) {
      const p = punchesOf('3', x.date, x.d);
      expect(p[0]!.at).toBe(x.d.arrival);
      // A double press adds a second punch seconds later, which the terminal records too.
      expect(p[p.length - 1]!.at - x.d.departure!).toBeGreaterThanOrEqual(0);
      expect(p[p.length - 1]!.at - x.d.departure!).toBeLessThan(10_000);
      expect(p.length).toBeGreaterThanOrEqual(2);
      expect(p.length).toBeLessThanOrEqual(4);
      for (const q of p) expect(q.at % 1000).toBe(0);
    }
    expect(punchesOf('3', '2026-11-23', { officer: everyone[0]!, status: 'absent', forced: {} })).toEqual([]);
  });
});
