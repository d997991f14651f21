import { describe, expect, it } from 'vitest';
import { FrameWatch } from './stale.ts';

describe('the stale timer', () => {
  it('is not stale before the first frame, only late to start', () => {
    const w = new FrameWatch(3000);
    expect(w.isStale(10_000)).toBe(false);
    expect(w.noFirstFrame(2500, 0, 2000)).toBe(true);
    expect(w.noFirstFrame(1500, 0, 2000)).toBe(false);
  });
  it('goes stale 3 s after the latest new frame and live again with the next', () => {
    const w = new FrameWatch(3000);
    w.frame(1000, 0.04);
    w.frame(1040, 0.08);
    expect(w.get()).toEqual({ frames: 2, lastFrameAt: 1040 });
    expect(w.isStale(4000)).toBe(false);
    expect(w.isStale(4040)).toBe(true);
    w.frame(5000, 0.12);
    expect(w.isStale(5100)).toBe(false);
  });
  it('does not count the same frame painted again (a frozen decoder) as new', () => {
    const w = new FrameWatch(3000);
    expect(w.frame(1000, 1.0)).toBe(true);
    expect(w.frame(2000, 1.0)).toBe(false);
    expect(w.get().lastFrameAt).toBe(1000);
    expect(w.isStale(4000)).toBe(true);
  });
  it('starts over on reset', () => {
    const w = new FrameWatch();
    w.frame(1, 0.1);
    w.reset();
    expect(w.get()).toEqual({ frames: 0, lastFrameAt: null });
    expect(w.frame(2, 0.1)).toBe(true);
  });
});
