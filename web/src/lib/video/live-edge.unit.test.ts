import { describe, expect, it } from 'vitest';
import { liveSeek, trimRange } from './live-edge.ts';

describe('the live edge', () => {
  it('jumps to just behind the newest frame when more than 1 s behind', () => {
    expect(liveSeek([{ start: 0, end: 10 }], 8.5)).toBeCloseTo(9.85);
    expect(liveSeek([{ start: 0, end: 10 }], 9.5)).toBeNull();
  });
  it('jumps into the buffer when the playhead is outside it (a gap, or before the first fragment)', () => {
    expect(liveSeek([{ start: 5, end: 5.1 }], 0)).toBe(5);
    expect(liveSeek([], 3)).toBeNull();
  });
  it('trims what lies more than 10 s behind the playhead', () => {
    expect(trimRange([{ start: 0, end: 30 }], 29)).toEqual({ start: 0, end: 19 });
    expect(trimRange([{ start: 0, end: 10 }], 9)).toBeNull();
  });
});
