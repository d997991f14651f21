import { describe, expect, it } from 'vitest';
import { Feed } from './feed.ts';

describe('a feed resumed after a stop', () => {
  it('drops what could go before the resume point, outages included, and keeps the rest in order', () => {
    const f = new Feed<string>();
    f.add(
      [
        { at: 5, item: 'sent' },
        { at: 12, item: 'held1' },
        { at: 35, item: 'due' },
        { at: 40, item: 'later' },
      ],
      // Held by an outage until 30: not sent before the stop at 20, so it goes after the resume.
      { offline: [{ from: 10, to: 30 }], skewMs: 0 },
    );
    expect(f.nextSendAt()).toBe(5);
    f.dropBefore(20);
    expect(f.pending).toBe(3);
    expect(f.nextSendAt()).toBe(30);
    expect(f.take(100, 10).map((x) => x.item)).toEqual(['held1', 'due', 'later']);
    expect(f.nextSendAt()).toBe(Infinity);
  });
});
