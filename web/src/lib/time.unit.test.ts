import { describe, expect, it } from 'vitest';
import {
  epochOfLocal,
  formatAgo,
  formatTime,
  formatWindow,
  localDateTime,
  splitDuration,
  zoneLabel,
} from './time.ts';

describe('times in WIB', () => {
  it('shows an instant in the offices zone whatever the device zone', () => {
    const t = Date.UTC(2026, 10, 23, 0, 31); // 07:31 WIB
    expect(formatTime(t)).toBe('07:31');
    expect(formatTime(t, 'Asia/Jakarta', 'en')).toBe('07:31');
    expect(formatTime(t, 'Asia/Makassar')).toBe('08:31');
    expect(zoneLabel('Asia/Jakarta')).toBe('WIB');
    expect(zoneLabel('Asia/Jayapura')).toBe('WIT');
  });
  it('splits durations and words ages', () => {
    expect(splitDuration(74 * 60_000 + 59_000)).toEqual({ h: 1, m: 14, totalMinutes: 74 });
    expect(formatAgo(2 * 60_000)).toBe('2 menit yang lalu');
    expect(formatAgo(2 * 60_000, 'en')).toBe('2 minutes ago');
  });
});

describe('date and time inputs in WIB', () => {
  it('shows and reads a date and time in the zone, not the device one', () => {
    const t = Date.UTC(2026, 10, 22, 18, 5); // 01:05 WIB on the 23rd
    expect(localDateTime(t)).toEqual({ date: '2026-11-23', time: '01:05' });
    expect(epochOfLocal('2026-11-23', '01:05')).toBe(t);
    expect(epochOfLocal('2026-11-23', '01:05', 'Asia/Makassar')).toBe(t - 3_600_000);
    expect(epochOfLocal('2026-02-30', '10:00')).toBeNull();
    expect(epochOfLocal('2026-11-23', '')).toBeNull();
  });
});

describe('silence windows', () => {
  it('names the end day only when it differs, in WIB', () => {
    const from = Date.UTC(2026, 10, 23, 3, 0); // Monday 10:00 WIB
    expect(formatWindow(from, from + 2 * 3_600_000)).toEqual({ from: 'Sen, 23 Nov 10:00', to: '12:00' });
    expect(formatWindow(from, from + 24 * 3_600_000, 'Asia/Jakarta', 'en')).toEqual({
      from: 'Mon 23 Nov 10:00',
      to: 'Tue 24 Nov 10:00',
    });
  });
});
