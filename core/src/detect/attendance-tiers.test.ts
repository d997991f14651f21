import { describe, expect, it } from 'vitest';
import { workingDay } from '../calendar/calendar.ts';
import type { LiveEvent } from '../live/office.ts';
import { earlyMinutes, lateMinutes, wholeMinutesBetween } from '../office/attendance.ts';
import {
  fixtureDesks,
  fixtureDetection,
  fixtureHolidays,
  fixtureServices,
  fixtureThresholds,
  fixtureWorkHours,
} from '../testing.ts';
import { epochAt } from '../time/wib.ts';
import type { Detector } from './detector.ts';
import { earlyDeparture } from './detectors/early-departure.ts';
import { lateArrival } from './detectors/late-arrival.ts';
import { missingCheckout } from './detectors/missing-checkout.ts';
import { OfficeFacts } from './facts.ts';

/**
 * The TL and PSW ladders decide money (a cut of the allowance per occurrence), so every rung is
 * tested at its edges, on both sides, as the rule sheet counts: whole minutes (R3.1 "TL1 1-30 min,
 * TL2 31-60, TL3 61-90, TL4 >= 91"; S1 "07:31-08:00" is TL1; R3.10 late = after 07:30:59).
 */
const DATE = '2026-11-23'; // Monday: 07:30-16:00
const at = (hhmmss: string, ms = 0) => {
  const [h, m, s] = hhmmss.split(':');
  return epochAt(DATE, `${h}:${m}`) + Number(s ?? 0) * 1000 + ms;
};
const ANI = '199001012020012001';
const config = { detection: fixtureDetection, thresholds: fixtureThresholds };

function facts(events: LiveEvent[]) {
  const f = new OfficeFacts(
    {
      code: '16.71.01.1001',
      kecamatanCode: '16.71.01',
      desks: fixtureDesks,
      services: fixtureServices,
      zone: 'Asia/Jakarta',
      punchDebounceMs: 5 * 60_000,
      lateGraceMs: fixtureWorkHours.lateGraceSeconds * 1000,
    },
    workingDay(DATE, fixtureWorkHours, fixtureHolidays),
  );
  f.officers = [{ nip: ANI, name: 'Ani', position: 'Staf', desk: 'loket-1' }];
  f.devices = [{ id: 7, kind: 'attendance', name: 'terminal', protocol: 'adms', lastSeenAt: null }];
  events.forEach((e) => f.apply(e));
  return f;
}
const punch = (t: number, direction?: 'in' | 'out'): LiveEvent => ({
  kind: 'punch',
  nip: ANI,
  at: t,
  ...(direction ? { direction } : {}),
});
const run = (d: Detector, f: OfficeFacts, now: number) => d.detect({ facts: f, now, config }) ?? [];
const tierOf = (d: Detector, events: LiveEvent[], now: number) => {
  const found = run(d, facts(events), now);
  return found.length ? found[0]!.evidence.metrics.tier : null;
};

describe('wholeMinutesBetween: only a completed minute counts', () => {
  it('never rounds a part of a minute up, and is 0 for an empty or reversed span', () => {
    expect(wholeMinutesBetween(0, 59_999)).toBe(0);
    expect(wholeMinutesBetween(0, 60_000)).toBe(1);
    expect(wholeMinutesBetween(0, 30.5 * 60_000)).toBe(30);
    expect(wholeMinutesBetween(0, 31 * 60_000 - 1)).toBe(30);
    expect(wholeMinutesBetween(5, 5)).toBe(0);
    expect(wholeMinutesBetween(10, 5)).toBe(0);
  });
  it('is what lateMinutes and earlyMinutes count (the issue 18 cases: 08:00:30, 09:00:30, 15:29:30)', () => {
    const grace = fixtureWorkHours.lateGraceSeconds * 1000;
    expect(lateMinutes(at('08:00:30'), at('07:30'), grace)).toBe(30);
    expect(lateMinutes(at('09:00:30'), at('07:30'), grace)).toBe(90);
    expect(earlyMinutes(at('15:29:30'), at('16:00'))).toBe(30);
    expect(lateMinutes(at('07:30:59', 999), at('07:30'), grace)).toBe(0);
    expect(earlyMinutes(at('15:59:01'), at('16:00'))).toBe(0);
  });
});

describe('late arrival (TL), every rung at its edges', () => {
  const cases: [string, number, string | null][] = [
    ['07:30:59', 0, null],
    ['07:30:59', 999, null],
    ['07:31:00', 0, 'TL1'],
    ['08:00:30', 0, 'TL1'],
    ['08:00:59', 999, 'TL1'],
    ['08:01:00', 0, 'TL2'],
    ['08:30:59', 0, 'TL2'],
    ['08:31:00', 0, 'TL3'],
    ['09:00:30', 0, 'TL3'],
    ['09:00:59', 0, 'TL3'],
    ['09:01:00', 0, 'TL4'],
  ];
  it.each(cases)('a check-in at %s (+%i ms) is %s', (time, ms, tier) => {
    expect(tierOf(lateArrival, [punch(at(time, ms))], at('10:00'))).toBe(tier);
  });
  it('reports the whole minutes it tiered by', () => {
    const [d] = run(lateArrival, facts([punch(at('08:00:30'))]), at('10:00'));
    expect(d!.evidence.metrics).toMatchObject({ minutesLate: 30, tier: 'TL1', cutPercent: 0.5 });
  });
});

describe('early departure (PSW), every rung at its edges', () => {
  const cases: [string, string | null][] = [
    ['16:00:00', null],
    ['15:59:01', null],
    ['15:59:00', 'PSW1'],
    ['15:29:30', 'PSW1'],
    ['15:29:01', 'PSW1'],
    ['15:29:00', 'PSW2'],
    ['14:59:01', 'PSW2'],
    ['14:59:00', 'PSW3'],
    ['14:29:01', 'PSW3'],
    ['14:29:00', 'PSW4'],
  ];
  it.each(cases)('a check-out at %s is %s', (time, tier) => {
    expect(tierOf(earlyDeparture, [punch(at('07:20')), punch(at(time))], at('16:30'))).toBe(tier);
  });
  it('reports the whole minutes it tiered by', () => {
    const [d] = run(earlyDeparture, facts([punch(at('07:20')), punch(at('15:29:30'))]), at('16:30'));
    expect(d!.evidence.metrics).toMatchObject({ minutesEarly: 30, tier: 'PSW1', cutPercent: 0.5 });
  });
});

describe('the direction the terminal recorded', () => {
  const evening = at('18:30');
  it('takes a lone check-out as a missing check-in (TL4, R3.4), not an arrival and a missing check-out', () => {
    const f = facts([punch(at('16:05'), 'out')]);
    const late = run(lateArrival, f, evening);
    expect(late).toHaveLength(1);
    expect(late[0]!.evidence.metrics).toMatchObject({
      tier: 'TL4',
      cutPercent: 1.5,
      minutesLate: null,
      arrivedAt: null,
      checkedOutAt: at('16:05'),
    });
    expect(late[0]!.evidence.signals.map((s) => s.code)).toEqual(['attendance.noCheckIn']);
    expect(run(missingCheckout, f, evening)).toEqual([]);
    expect(run(earlyDeparture, f, evening)).toEqual([]);
  });
  it('still tiers an early lone check-out as the early departure it is', () => {
    const f = facts([punch(at('15:29:00'), 'out')]);
    expect(run(earlyDeparture, f, evening).map((d) => d.evidence.metrics.tier)).toEqual(['PSW2']);
    expect(run(lateArrival, f, evening).map((d) => d.evidence.metrics.tier)).toEqual(['TL4']);
  });
  it('keeps the first/last rule where the key says nothing: a lone unmarked or check-in punch is an arrival', () => {
    for (const direction of [undefined, 'in'] as const) {
      const f = facts([punch(at('08:10'), direction)]);
      expect(run(lateArrival, f, evening)[0]!.evidence.metrics).toMatchObject({
        minutesLate: 40,
        tier: 'TL2',
      });
      expect(run(missingCheckout, f, evening)).toHaveLength(1);
    }
  });
  it('reads two or more punches by their order, whatever keys were pressed', () => {
    const f = facts([punch(at('07:40'), 'out'), punch(at('16:10'), 'in')]);
    expect(run(lateArrival, f, evening)[0]!.evidence.metrics).toMatchObject({ minutesLate: 10, tier: 'TL1' });
    expect(run(missingCheckout, f, evening)).toEqual([]);
    expect(run(earlyDeparture, f, evening)).toEqual([]);
  });
  it('counts a double press of the check-out key once', () => {
    const f = facts([punch(at('16:05'), 'out'), punch(at('16:05:06'), 'out')]);
    expect(run(lateArrival, f, evening).map((d) => d.evidence.metrics.tier)).toEqual(['TL4']);
    expect(run(missingCheckout, f, evening)).toEqual([]);
  });
});
