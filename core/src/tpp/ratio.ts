/**
 * Exact non-negative-or-negative rationals over bigint, for money on its way to one rounding. Hand-written
 * rather than fraction.js because the TPP run does a few hundred thousand of these per month and wants no
 * argument parsing per operation; values are reduced only when printed or compared for equality, so a
 * chain of products stays cheap.
 *
 * A Ratio is immutable. Its canonical text is `n/d` in lowest terms with d > 0 (`n` alone when d = 1):
 * that text is what lines carry, so the same value always prints the same bytes.
 */
export class Ratio {
  private constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static readonly ZERO = new Ratio(0n, 1n);
  static readonly ONE = new Ratio(1n, 1n);

  static of(n: bigint | number, d: bigint | number = 1n): Ratio {
    const nn = BigInt(n);
    const dd = BigInt(d);
    if (dd === 0n) throw new RangeError('ratio with a zero denominator');
    return dd < 0n ? new Ratio(-nn, -dd) : new Ratio(nn, dd);
  }

  /** Basis points as a fraction: 150 bp = 3/200. */
  static bp(bp: number): Ratio {
    return Ratio.of(BigInt(bp), 10_000n);
  }

  /**
   * Reads `n/d`, an integer, or a plain decimal (`0.8624`): the forms config and stored lines use.
   * Anything else is refused: an exact value never comes from a float.
   */
  static parse(text: string): Ratio {
    const frac = /^(-?\d+)\/(\d+)$/.exec(text);
    if (frac) return Ratio.of(BigInt(frac[1]!), BigInt(frac[2]!));
    const dec = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!dec) throw new RangeError(`not an exact number: '${text}'`);
    const digits = dec[3] ?? '';
    const n = BigInt(`${dec[1]}${dec[2]}${digits}`);
    return Ratio.of(n, 10n ** BigInt(digits.length));
  }

  add(o: Ratio): Ratio {
    return this.d === o.d
      ? new Ratio(this.n + o.n, this.d)
      : new Ratio(this.n * o.d + o.n * this.d, this.d * o.d);
  }

  sub(o: Ratio): Ratio {
    return this.d === o.d
      ? new Ratio(this.n - o.n, this.d)
      : new Ratio(this.n * o.d - o.n * this.d, this.d * o.d);
  }

  mul(o: Ratio): Ratio {
    return new Ratio(this.n * o.n, this.d * o.d);
  }

  div(o: Ratio): Ratio {
    if (o.n === 0n) throw new RangeError('division by zero');
    return Ratio.of(this.n * o.d, this.d * o.n);
  }

  cmp(o: Ratio): -1 | 0 | 1 {
    const a = this.n * o.d;
    const b = o.n * this.d;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  lt(o: Ratio): boolean {
    return this.cmp(o) < 0;
  }

  lte(o: Ratio): boolean {
    return this.cmp(o) <= 0;
  }

  eq(o: Ratio): boolean {
    return this.cmp(o) === 0;
  }

  isZero(): boolean {
    return this.n === 0n;
  }

  min(o: Ratio): Ratio {
    return this.cmp(o) <= 0 ? this : o;
  }

  max(o: Ratio): Ratio {
    return this.cmp(o) >= 0 ? this : o;
  }

  /** The greatest integer ≤ this. */
  floor(): bigint {
    const q = this.n / this.d;
    return this.n < 0n && q * this.d !== this.n ? q - 1n : q;
  }

  /** What is left above the floor: in [0, 1). */
  fractional(): Ratio {
    return this.sub(Ratio.of(this.floor()));
  }

  reduce(): Ratio {
    const g = gcd(this.n < 0n ? -this.n : this.n, this.d);
    return g <= 1n ? this : new Ratio(this.n / g, this.d / g);
  }

  toString(): string {
    const r = this.reduce();
    return r.d === 1n ? r.n.toString() : `${r.n}/${r.d}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Σ of ratios (0 for none). */
export function sumRatios(values: Iterable<Ratio>): Ratio {
  let s = Ratio.ZERO;
  for (const v of values) s = s.add(v);
  return s;
}
