import { describe, expect, it } from 'vitest';
import { Rng } from './random.ts';

describe('Rng', () => {
  it('repeats a named stream exactly and keeps other names apart', () => {
    const a = Rng.from('1', 'x');
    const b = Rng.from('1', 'x');
    const c = Rng.from('1', 'y');
    const seq = (r: Rng) => Array.from({ length: 20 }, () => r.next());
    const sa = seq(a);
    expect(seq(b)).toEqual(sa);
    expect(seq(c)).not.toEqual(sa);
  });

  it('draws within bounds, with the right moments', () => {
    const r = Rng.from('moments');
    const n = 20_000;
    let sum = 0;
    let sq = 0;
    const ints = new Set<number>();
    for (let i = 0; i < n; i++) {
      const x = r.normal(5, 2);
      sum += x;
      sq += x * x;
      ints.add(r.int(3, 6));
    }
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
    const mean = sum / n;
    expect(mean).toBeCloseTo(5, 1);
    expect(Math.sqrt(sq / n - mean * mean)).toBeCloseTo(2, 1);
    const p = Array.from({ length: n }, () => r.poisson(4));
    expect(p.reduce((s, x) => s + x, 0) / n).toBeCloseTo(4, 1);
    expect(
      r.weighted([
        ['a', 0],
        ['b', 1],
      ]),
    ).toBe('b');
  });
});
