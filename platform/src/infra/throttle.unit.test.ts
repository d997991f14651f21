import { describe, expect, it } from 'vitest';
import { throttled } from './throttle.ts';

describe('throttled', () => {
  it('passes the first call, holds the rest for the window, then passes one with the count held', () => {
    let t = 0;
    const got: [number, string][] = [];
    const log = throttled(
      1000,
      (held, msg: string) => got.push([held, msg]),
      () => t,
    );
    log('a');
    t = 10;
    log('b');
    t = 999;
    log('c');
    t = 1000;
    log('d');
    t = 5000;
    log('e');
    expect(got).toEqual([
      [0, 'a'],
      [2, 'd'],
      [0, 'e'],
    ]);
  });
});
