import type { DeductionBase, TppDeduction } from './line.ts';
import type { Ratio } from './ratio.ts';

/** A deduction while the line is exact: the rupiah come from rounding.ts at the very end. */
export type DraftDeduction = Omit<TppDeduction, 'rate' | 'nominal' | 'exact' | 'amount' | 'base'> & {
  base: DeductionBase;
  rate: Ratio;
  nominal: Ratio;
  exact: Ratio;
};

export function finalDeduction(d: DraftDeduction, amount: bigint): TppDeduction {
  const { rate, nominal, exact, ...rest } = d;
  return {
    ...rest,
    rate: rate.toString(),
    nominal: nominal.toString(),
    exact: exact.toString(),
    amount: Number(amount),
  };
}

/** Strings compared by code unit, the same on every machine (no locale). */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
