/**
 * Exact rationals for money on its way to one rounding. Numerator and denominator are integers held as
 * a JavaScript number while they are safe integers (|x| < 2^53, where double arithmetic is exact and
 * allocates nothing) and as a bigint beyond: every operation checks that its result is still safe and
 * redoes itself in bigint when not, so no value is ever approximated. Hand-written rather than
 * fraction.js because a month's run does a few million of these and wants neither argument parsing
 * nor a bigint allocation per step.
 *
 * A Ratio is immutable. Its canonical text is `n/d` in lowest terms with d > 0 (`n` alone when d = 1):
 * that text is what lines carry, so the same value always prints the same bytes.
 */
type Int = number | bigint;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** A bigint in the safe range becomes a number, so each value has one representation (=== works). */
const norm = (x: bigint): Int => (x <= SAFE && x >= -SAFE ? Number(x) : x);
const big = (x: Int): bigint => (typeof x === 'bigint' ? x : BigInt(x));

function mul(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const p = a * b;
    // Below 2^53 the double product is the exact product; at or past it, redo it in bigint.
    if (Number.isSafeInteger(p)) return p === 0 ? 0 : p;
  }
  return norm(big(a) * big(b));
}

function add(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (Number.isSafeInteger(s)) return s === 0 ? 0 : s;
  }
  return norm(big(a) + big(b));
}

const neg = (a: Int): Int => (typeof a === 'number' ? (a === 0 ? 0 : -a) : norm(-a));

/** ⌊a / b⌋ for b > 0. */
function floorDiv(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a % b;
    const q = (a - r) / b - (r < 0 ? 1 : 0);
    return q === 0 ? 0 : q;
  }
  const A = big(a);
  const B = big(b);
  const q = A / B;
  return norm(A < 0n && q * B !== A ? q - 1n : q);
}

/** a mod b in [0, b), for b > 0. */
function mod(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a % b;
    return r < 0 ? r + b : r === 0 ? 0 : r;
  }
  const r = big(a) % big(b);
  return norm(r < 0n ? r + big(b) : r);
}

function gcd(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    let x = Math.abs(a);
    let y = b;
    while (y !== 0) {
      const t = x % y;
      x = y;
      y = t;
    }
    return x;
  }
  let x = big(a);
  let y = big(b);
  if (x < 0n) x = -x;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return norm(x);
}

const quotient = (a: Int, b: Int): Int =>
  typeof a === 'number' && typeof b === 'number' ? a / b : norm(big(a) / big(b));

export class Ratio {
  /** Known to be in lowest terms: printing it again needs no gcd. */
  private lowest = false;
  private text: string | undefined;

  private constructor(
    private readonly n: Int,
    private readonly d: Int,
  ) {}

  static readonly ZERO = new Ratio(0, 1);
  static readonly ONE = new Ratio(1, 1);

  static of(n: bigint | number, d: bigint | number = 1): Ratio {
    const nn = typeof n === 'number' ? checked(n) : norm(n);
    const dd = typeof d === 'number' ? checked(d) : norm(d);
    if (dd === 0) throw new RangeError('ratio with a zero denominator');
    return dd < 0 ? new Ratio(neg(nn), neg(dd)) : new Ratio(nn, dd);
  }

  /** Basis points as a fraction: 150 bp = 150/10000. */
  static bp(bp: number): Ratio {
    return Ratio.of(bp, 10_000);
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
    return Ratio.of(BigInt(`${dec[1]}${dec[2]}${digits}`), 10n ** BigInt(digits.length));
  }

  add(o: Ratio): Ratio {
    return this.combine(o.n, o);
  }

  sub(o: Ratio): Ratio {
    return this.combine(neg(o.n), o);
  }

  /**
   * this + on/o.d. When one denominator divides the other (the run's amounts mostly share a base), the
   * sum keeps the larger one instead of multiplying them: long sums stay small without a gcd each step.
   */
  private combine(on: Int, o: Ratio): Ratio {
    const a = this.d;
    const b = o.d;
    if (a === b) return new Ratio(add(this.n, on), a);
    if (mod(a, b) === 0) return new Ratio(add(this.n, mul(on, quotient(a, b))), a);
    if (mod(b, a) === 0) return new Ratio(add(mul(this.n, quotient(b, a)), on), b);
    return new Ratio(add(mul(this.n, b), mul(on, a)), mul(a, b));
  }

  mul(o: Ratio): Ratio {
    if (o.d === 1 && o.n === 1) return this;
    return new Ratio(mul(this.n, o.n), mul(this.d, o.d));
  }

  div(o: Ratio): Ratio {
    if (o.n === 0) throw new RangeError('division by zero');
    const n = mul(this.n, o.d);
    const d = mul(this.d, o.n);
    return d < 0 ? new Ratio(neg(n), neg(d)) : new Ratio(n, d);
  }

  cmp(o: Ratio): -1 | 0 | 1 {
    const a = this.d === o.d ? this.n : mul(this.n, o.d);
    const b = this.d === o.d ? o.n : mul(o.n, this.d);
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
    return this.n === 0;
  }

  min(o: Ratio): Ratio {
    return this.cmp(o) <= 0 ? this : o;
  }

  max(o: Ratio): Ratio {
    return this.cmp(o) >= 0 ? this : o;
  }

  /** The greatest integer ≤ this. */
  floor(): bigint {
    return big(floorDiv(this.n, this.d));
  }

  /** The floor as a number, for whole rupiah (always safe integers); throws past 2^53. */
  floorNumber(): number {
    const q = floorDiv(this.n, this.d);
    if (typeof q !== 'number') throw new RangeError(`not a safe integer: ${q}`);
    return q;
  }

  /** What is left above the floor: in [0, 1). */
  fractional(): Ratio {
    return new Ratio(mod(this.n, this.d), this.d);
  }

  reduce(): Ratio {
    if (this.lowest) return this;
    const g = this.d === 1 ? 1 : gcd(this.n, this.d);
    const r = g === 1 ? this : new Ratio(quotient(this.n, g), quotient(this.d, g));
    r.lowest = true;
    return r;
  }

  toString(): string {
    if (this.text === undefined) {
      const r = this.reduce();
      this.text = r.d === 1 ? String(r.n) : `${r.n}/${r.d}`;
    }
    return this.text;
  }

  toJSON(): string {
    return this.toString();
  }
}

function checked(x: number): number {
  if (!Number.isSafeInteger(x)) throw new RangeError(`not a safe integer: ${x}`);
  return x === 0 ? 0 : x;
}

/** Σ of ratios (0 for none). */
export function sumRatios(values: Iterable<Ratio>): Ratio {
  let s = Ratio.ZERO;
  for (const v of values) s = s.add(v);
  return s;
}
