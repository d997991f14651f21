import { describe, expect, it } from 'vitest';
import { Feed } from './feed.ts';

describe('a device feed', () => {
  it('sends in time order, at most a batch at a time', () => {
    const f = new Feed<string>();
    f.add(
      [
        { at: 30, item: 'c' },
        { at: 10, item: 'a' },
        { at: 20, item: 'b' },
      ],
      { offline: [], skewMs: 0 },
    );
    expect(f.hasDue(5)).toBe(false);
    expect(f.take(20, 10).map((x) => x.item)).toEqual(['a', 'b']);
    expect(f.take(100, 10).map((x) => x.item)).toEqual(['c']);
    expect(f.pending).toBe(0);
  });

  it('keeps what happens during an outage and releases it, oldest first, when the link is back', () => {
    const f = new Feed<string>();
    f.add(
      [
        { at: 5, item: 'before' },
        { at: 12, item: 'in1' },
        { at: 18, item: 'in2' },
        { at: 25, item: 'after' },
      ],
      { offline: [{ from: 10, to: 30 }], skewMs: 0 },
    );
    expect(f.offline(15)).toBe(true);
    expect(f.offline(30)).toBe(false);
    expect(f.take(29, 10).map((x) => x.item)).toEqual(['before']);
    const late = f.take(30, 10);
    expect(late.map((x) => [x.item, x.at, x.sendAt])).toEqual([
      ['in1', 12, 30],
      ['in2', 18, 30],
      ['after', 25, 30],
    ]);
  });

  it('stamps items with a skewed clock, and puts a failed batch back at the front', () => {
    const f = new Feed<string>();
    f.add(
      [
        { at: 1000, item: 'x' },
        { at: 2000, item: 'y' },
      ],
      { offline: [], skewMs: 60_000 },
    );
    const batch = f.take(1500, 10);
    expect(batch[0]!.deviceTime).toBe(61_000);
    f.putBack(batch);
    expect(f.dueCount(5000)).toBe(2);
    expect(f.take(5000, 1).map((x) => x.item)).toEqual(['x']);
    expect(f.hasDue(5000, 1)).toBe(true);
    expect(f.hasDue(5000, 2)).toBe(false);
  });
});
