import type { DeductionBase, TppDeduction } from './line.ts';
import type { Ratio } from './ratio.ts';

/** A deduction while the line is exact: the rupiah come from rounding.ts at the very end. */
export type DraftDeduction = Omit<TppDeduction, 'rate' | 'nominal' | 'exact' | 'amount' | 'base'> & {
  base: DeductionBase;
  rate: Ratio;
  nominal: Ratio;
  exact: Ratio;
};

const OPTIONAL = [
  'findingId',
  'digest',
  'date',
  'tier',
  'minutes',
  'ref',
  'sk',
  'subordinate',
  'leave',
  'predikat',
] as const;

export function finalDeduction(d: DraftDeduction, amount: bigint): TppDeduction {
  const out: TppDeduction = {
    key: d.key,
    kind: d.kind,
    rule: d.rule,
    base: d.base,
    rate: d.rate.toString(),
    nominal: d.nominal.toString(),
    exact: d.exact.toString(),
    amount: Number(amount),
    capped: d.capped,
  };
  for (const k of OPTIONAL) if (d[k] !== undefined) (out as Record<string, unknown>)[k] = d[k];
  return out;
}

/** Strings compared by code unit, the same on every machine (no locale). */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
