import type { RoundingMode } from '../config/tpp.ts';
import { Ratio } from './ratio.ts';

/**
 * The one rounding of the TPP run: a line is computed exactly, then this turns it into whole rupiah.
 *
 * - basic and paid are each rounded by the mode of tpp.yaml `rounding` (half_up: x + ½ floored, so
 *   0.5 goes up; floor: down). Both are monotone, so 0 ≤ paid ≤ basic survives rounding, and so does
 *   "more findings never pay more".
 * - The deductions then share basic − paid by largest remainder: each takes its exact amount floored,
 *   and the rupiah still missing go one each to the deductions with the largest fractional parts, the
 *   earlier deduction of the line first on a tie. Every deduction is thus its exact amount rounded down
 *   or up, never further, and basic − paid = Σ deductions to the rupiah.
 */
export function roundRupiah(x: Ratio, mode: RoundingMode): bigint {
  return mode === 'floor' ? x.floor() : x.add(HALF).floor();
}
const HALF = Ratio.of(1n, 2n);

export interface RoundedLine {
  basic: number;
  paid: number;
  /** One per exact deduction, in the same order. */
  deductions: number[];
}

export function roundLine(
  basic: Ratio,
  paid: Ratio,
  deductions: readonly Ratio[],
  mode: RoundingMode,
): RoundedLine {
  const b = Number(roundRupiah(basic, mode));
  const p = Number(roundRupiah(paid, mode));
  return { basic: b, paid: p, deductions: largestRemainder(b - p, deductions) };
}

/**
 * Whole numbers, each its exact value floored or ceiled, adding up to `total`. `total` must be within
 * reach (between Σ floors and Σ ceilings), which the line's arithmetic guarantees; anything else is a
 * bug and throws rather than pay a wrong rupiah.
 */
export function largestRemainder(total: number, exact: readonly Ratio[]): number[] {
  const floors = exact.map((x) => x.floorNumber());
  let missing = total;
  for (const f of floors) missing -= f;
  if (missing === 0) return floors;
  const order = [];
  for (let i = 0; i < exact.length; i++) {
    const rest = exact[i]!.fractional();
    if (!rest.isZero()) order.push({ i, rest });
  }
  if (missing < 0 || missing > order.length) {
    throw new RangeError(`cannot share ${total} rupiah over deductions of ${exact.join(', ')}`);
  }
  order.sort((a, b) => b.rest.cmp(a.rest) || a.i - b.i);
  for (let k = 0; k < missing; k++) floors[order[k]!.i]! += 1;
  return floors;
}
