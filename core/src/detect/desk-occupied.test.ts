import { describe, expect, it } from 'vitest';
import { workingDay } from '../calendar/calendar.ts';
import type { LiveEvent } from '../live/office.ts';
import {
  fixtureDesks,
  fixtureDetection,
  fixtureHolidays,
  fixtureServices,
  fixtureThresholds,
  fixtureWorkHours,
} from '../testing.ts';
import { epochAt } from '../time/wib.ts';
import { deskOccupiedNoCheckin } from './detectors/desk-occupied-no-checkin.ts';
import { OfficeFacts } from './facts.ts';

const DATE = '2026-11-23'; // Monday: 07:30–16:00 WIB
const at = (hhmm: string) => epochAt(DATE, hhmm);
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
      lateGraceMs: 59_000,
    },
    workingDay(DATE, fixtureWorkHours, fixtureHolidays),
  );
  f.officers = [{ nip: ANI, name: 'Ani', position: 'Staf', desk: 'loket-1' }];
  events.forEach((e) => f.apply(e));
  return f;
}
const seen = (t: string, present = true, confidence = 0.9): LiveEvent =>
  ({ kind: 'presence', desk: 'loket-1', present, confidence, at: at(t) }) as LiveEvent;
const every30s = (from: string, minutes: number, present = true) =>
  Array.from(
    { length: minutes * 2 + 1 },
    (_, i) => ({ ...seen(from, present), at: at(from) + i * 30_000 }) as LiveEvent,
  );
const run = (events: LiveEvent[], now: number) =>
  deskOccupiedNoCheckin.detect({ facts: facts(events), now, config });

describe('desk_occupied_no_checkin', () => {
  it('opens when the camera has seen somebody at the desk for 15 minutes and its officer has no punch', () => {
    const found = run(every30s('08:00', 16), at('08:16'))!;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'desk_occupied_no_checkin',
      subject: { desk: 'loket-1' },
      from: at('08:00'),
      evidence: { metrics: { occupiedMinutes: 16, officer: ANI, thresholdMinutes: 15 } },
    });
    expect(found[0]!.evidence.signals.map((s) => s.code)).toEqual([
      'camera.readingsOccupied',
      'attendance.officerOut',
    ]);
  });

  it('stays quiet before 15 minutes, once the officer punched, and after the camera saw the desk empty', () => {
    expect(run(every30s('08:00', 10), at('08:10'))).toEqual([]);
    const punched: LiveEvent = { kind: 'punch', nip: ANI, at: at('08:05') };
    expect(run([...every30s('08:00', 16), punched], at('08:16'))).toEqual([]);
    expect(run([...every30s('08:00', 16), seen('08:14', false)], at('08:16'))).toEqual([]);
  });

  it('ignores weak or stale readings and the hours outside the office day', () => {
    const weak = every30s('08:00', 16).map((e) => ({ ...e, confidence: 0.5 }) as LiveEvent);
    expect(run(weak, at('08:16'))).toEqual([]);
    expect(run(every30s('08:00', 16), at('08:40'))).toEqual([]);
    expect(run(every30s('06:00', 20), at('06:20'))).toEqual([]);
  });
});
