import { describe, expect, it } from 'vitest';
import { addDays, epochAt, isoWeekday, localDateOf, localTimeOf, wallClockToEpoch } from './wib.ts';
import { scaledClock } from './clock.ts';

describe('WIB time', () => {
  it('reads a terminal wall-clock time in its zone offset', () => {
    expect(wallClockToEpoch('2026-11-23 07:31:05', 420)).toBe(Date.parse('2026-11-23T00:31:05Z'));
    expect(wallClockToEpoch('2026-11-23 07:31:05', 480)).toBe(Date.parse('2026-11-22T23:31:05Z'));
    expect(wallClockToEpoch('2026-11-23T07:31', 420)).toBe(Date.parse('2026-11-23T00:31:00Z'));
  });

  it('refuses date-times that do not exist', () => {
    for (const bad of [
      '2026-02-30 08:00:00',
      '2026-13-01 08:00:00',
      '2026-11-23 24:00:00',
      '2026-11-23 07:60:00',
      '23-11-2026 07:00',
      '',
      'x',
    ])
      expect(wallClockToEpoch(bad, 420)).toBeNull();
  });

  it('tells the local date and time in Asia/Jakarta whatever the process zone', () => {
    const t = Date.parse('2026-11-23T17:30:00Z'); // 00:30 on the 24th in WIB
    expect(localDateOf(t)).toBe('2026-11-24');
    expect(localTimeOf(t)).toBe('00:30');
    expect(epochAt('2026-11-24', '00:30')).toBe(t);
  });

  it('does calendar arithmetic on local dates', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
  });

  it('runs a scaled clock from its anchor', () => {
    let real = 1_000_000;
    const clock = scaledClock({ realEpochMs: 1_000_000, virtualEpochMs: 5_000_000, speed: 60 }, () => real);
    expect(clock.now()).toBe(5_000_000);
    real += 1000;
    expect(clock.now()).toBe(5_060_000);
  });
});
