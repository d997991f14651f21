import type { DeductionBase, TppDeduction } from './line.ts';
import type { Ratio } from './ratio.ts';

/** A deduction while the line is exact: the rupiah come from rounding.ts at the very end. */
export type DraftDeduction = Omit<TppDeduction, 'rate' | 'nominal' | 'exact' | 'amount' | 'base'> & {
  base: DeductionBase;
  rate: Ratio;
  nominal: Ratio;
  exact: Ratio;
};

export function finalDeduction(d: DraftDeduction, amount: number): TppDeduction {
  const out: TppDeduction = {
    key: d.key,
    kind: d.kind,
    rule: d.rule,
    base: d.base,
    rate: d.rate.toString(),
    nominal: d.nominal.toString(),
    exact: d.exact.toString(),
    amount,
    capped: d.capped,
  };
  // Named stores, not a loop over keys: a line has tens of thousands of these.
  if (d.findingId !== undefined) out.findingId = d.findingId;
  if (d.digest !== undefined) out.digest = d.digest;
  if (d.date !== undefined) out.date = d.date;
  if (d.tier !== undefined) out.tier = d.tier;
  if (d.minutes !== undefined) out.minutes = d.minutes;
  if (d.ref !== undefined) out.ref = d.ref;
  if (d.sk !== undefined) out.sk = d.sk;
  if (d.subordinate !== undefined) out.subordinate = d.subordinate;
  if (d.leave !== undefined) out.leave = d.leave;
  if (d.predikat !== undefined) out.predikat = d.predikat;
  return out;
}

/** Strings compared by code unit, the same on every machine (no locale). */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
