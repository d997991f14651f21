import { describe, expect, it } from 'vitest';
import { addDays, epochAt, workingDay } from '@pkk/core';
import { testPolicy } from '../testing/policy.ts';
import { officeDailyMean, planCitizens } from './citizens.ts';

const { policy, registry } = testPolicy();
const zone = policy.workHours.zone;
const CODE = '16.71.01.1001';
const services = registry.servicesOf(CODE);

/** 200 working days from a Monday, skipping days off. */
function workingDates(n: number): string[] {
  const out: string[] = [];
  for (let d = '2026-01-05'; out.length < n; d = addDays(d, 1)) {
    const day = workingDay(d, policy.workHours, policy.holidays);
    if (day.kind === 'working' && !day.ramadan && d.slice(5) !== '01-01') out.push(d);
  }
  return out;
}

describe('citizens', () => {
  const dates = workingDates(200);
  const MEAN = 50;
  const days = dates.map((date) => ({
    date,
    list: planCitizens(
      '9',
      date,
      zone,
      workingDay(date, policy.workHours, policy.holidays).hours!,
      CODE,
      services,
      MEAN,
    ),
  }));

  it('arrive in Poisson numbers: the mean as asked, variance close to the mean', () => {
    const counts = days.map((d) => d.list.length);
    const mean = counts.reduce((s, x) => s + x, 0) / counts.length;
    const variance = counts.reduce((s, x) => s + (x - mean) ** 2, 0) / (counts.length - 1);
    expect(mean).toBeGreaterThan(MEAN * 0.93);
    expect(mean).toBeLessThan(MEAN * 1.07);
    expect(variance / mean).toBeGreaterThan(0.7);
    expect(variance / mean).toBeLessThan(1.4);
  });

  it('peak mid-morning, lull at lunch, none after the last ticket time', () => {
    const byHour = new Map<number, number>();
    for (const d of days) {
      const midnight = epochAt(d.date, '00:00', zone);
      for (const c of d.list) {
        const h = Math.floor((c.at - midnight) / 3_600_000);
        byHour.set(h, (byHour.get(h) ?? 0) + 1);
      }
      const lastTicket =
        epochAt(d.date, workingDay(d.date, policy.workHours, policy.holidays).hours!.end, zone) - 30 * 60_000;
      for (const c of d.list) {
        expect(c.at).toBeGreaterThanOrEqual(epochAt(d.date, '07:30', zone));
        expect(c.at).toBeLessThan(lastTicket);
      }
    }
    const at = (h: number) => byHour.get(h) ?? 0;
    expect(at(9) + at(10)).toBeGreaterThan(2 * (at(7) + at(15)));
    expect(at(10)).toBeGreaterThan(3 * at(12));
  });

  it('come for the services the office offers, mostly KTP/KK and domicile letters', () => {
    const all = days.flatMap((d) => d.list);
    const offered = new Set(services.map((s) => s.code));
    const count = new Map<string, number>();
    for (const c of all) {
      expect(offered.has(c.service)).toBe(true);
      count.set(c.service, (count.get(c.service) ?? 0) + 1);
      if (c.transferTo) expect(c.transferTo).not.toBe(c.service);
    }
    const top = [...count].sort((a, b) => b[1] - a[1]).map(([s]) => s);
    expect(top.slice(0, 2).sort()).toEqual(['domisili', 'pengantar-kependudukan']);
    expect(count.size).toBe(services.length);
  });

  it('differ by office size and are the same for the same seed', () => {
    const means = policy.kelurahan.map((k) => officeDailyMean('9', k.code));
    expect(Math.min(...means)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...means)).toBeLessThanOrEqual(60);
    expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(25);
    const date = dates[3]!;
    const hours = workingDay(date, policy.workHours, policy.holidays).hours!;
    expect(planCitizens('9', date, zone, hours, CODE, services, MEAN)).toEqual(days[3]!.list);
    expect(planCitizens('10', date, zone, hours, CODE, services, MEAN)).not.toEqual(days[3]!.list);
  });
});
