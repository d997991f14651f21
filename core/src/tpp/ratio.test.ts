import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ratio, sumRatios } from './ratio.ts';
import { largestRemainder, roundRupiah } from './rounding.ts';

const big = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n });
const pos = fc.bigInt({ min: 1n, max: 2n ** 70n });
/** Values around 2^53, where the number fast path must hand over to bigint without losing a unit. */
const edge = fc.oneof(
  big,
  fc.bigInt({ min: 2n ** 53n - 1000n, max: 2n ** 53n + 1000n }),
  fc.bigInt({ min: -(2n ** 26n), max: 2n ** 27n }),
);
const ratio = fc
  .tuple(edge, fc.oneof(pos, fc.bigInt({ min: 1n, max: 2n ** 27n })))
  .map(([n, d]) => ({ n, d, r: Ratio.of(n, d) }));
const text = (n: bigint, d: bigint) => {
  const g = gcdBig(n < 0n ? -n : n, d);
  return d / g === 1n ? String(n / g) : `${n / g}/${d / g}`;
};
function gcdBig(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}
const floorBig = (n: bigint, d: bigint) => (n >= 0n ? n / d : -((-n + d - 1n) / d));

describe('Ratio', () => {
  it('is exact on both sides of 2^53: +, −, ×, ÷, compare and floor agree with plain bigint arithmetic', () => {
    fc.assert(
      fc.property(ratio, ratio, (a, b) => {
        expect(a.r.add(b.r).toString()).toBe(text(a.n * b.d + b.n * a.d, a.d * b.d));
        expect(a.r.sub(b.r).toString()).toBe(text(a.n * b.d - b.n * a.d, a.d * b.d));
        expect(a.r.mul(b.r).toString()).toBe(text(a.n * b.n, a.d * b.d));
        if (b.n !== 0n) {
          const [n, d] = b.n < 0n ? [-a.n * b.d, -a.d * b.n] : [a.n * b.d, a.d * b.n];
          expect(a.r.div(b.r).toString()).toBe(text(n, d));
        }
        const x = a.n * b.d;
        const y = b.n * a.d;
        expect(a.r.cmp(b.r)).toBe(x < y ? -1 : x > y ? 1 : 0);
        expect(a.r.floor()).toBe(floorBig(a.n, a.d));
        expect(a.r.fractional().add(Ratio.of(a.r.floor())).eq(a.r)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads exact text, never a float', () => {
    expect(Ratio.parse('0.8624').toString()).toBe('539/625');
    expect(Ratio.parse('3/4').mul(Ratio.parse('-2')).toString()).toBe('-3/2');
    expect(Ratio.parse('12').toString()).toBe('12');
    expect(() => Ratio.parse('1e3')).toThrow(/not an exact number/);
    expect(() => Ratio.of(0.5)).toThrow(/not a safe integer/);
    expect(() => Ratio.of(1, 0)).toThrow(/zero denominator/);
    expect(sumRatios([Ratio.bp(150), Ratio.bp(50), Ratio.of(1, 3)]).toString()).toBe('53/150');
  });
});

describe('the one rounding', () => {
  it('rounds half up or down, and shares a total by largest remainder, earlier first on a tie', () => {
    expect(roundRupiah(Ratio.of(5, 2), 'half_up')).toBe(3n);
    expect(roundRupiah(Ratio.of(5, 2), 'floor')).toBe(2n);
    expect(roundRupiah(Ratio.of(7, 3), 'half_up')).toBe(2n);
    expect(largestRemainder(3, [Ratio.of(1, 2), Ratio.of(1, 2), Ratio.of(3, 2), Ratio.of(1, 4)])).toEqual([
      1, 1, 1, 0,
    ]);
    expect(() => largestRemainder(5, [Ratio.of(1, 2)])).toThrow(/cannot share/);
  });
});
