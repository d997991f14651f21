import { describe, expect, it } from 'vitest';
import { formatAgo, formatTime, splitDuration, zoneLabel } from './time.ts';

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
