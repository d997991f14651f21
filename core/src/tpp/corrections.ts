import { z } from 'zod';
import { nip } from '../schemas/ingest.ts';
import { canonicalJson, sha256Hex, tppLineHash } from './canonical.ts';
import { monthId, type MonthId } from './inputs.ts';
import { deductionKind, tppDeduction, type TppDeduction, type TppLine } from './line.ts';

/**
 * Corrections (the periods; Frappe's Payroll Correction): a locked line is never edited. When
 * its month is recomputed with changed inputs (an appeal decided, a late punch that withdraws a finding,
 * a corrected target, a gate that cleared), the difference is posted in a later open month as a
 * correction naming the line it corrects, each changed deduction by its key with what it rested on
 * before and after. original + corrections = the recomputation, rupiah for rupiah.
 */

const rupiah = z.number().int();
const change = z.strictObject({ before: rupiah, after: rupiah, delta: rupiah });

/** What a deduction rests on (its finding version, record, SK …), without its amounts. */
const basis = tppDeduction.pick({
  findingId: true,
  digest: true,
  date: true,
  tier: true,
  minutes: true,
  ref: true,
  sk: true,
  subordinate: true,
  leave: true,
  predikat: true,
});

export const correctionItem = z.strictObject({
  key: z.string(),
  kind: deductionKind,
  rule: z.string(),
  ...change.shape,
  /** What it rested on in the line corrected, and in the recomputation; null where it was or is absent. */
  was: basis.nullable(),
  now: basis.nullable(),
});
export type CorrectionItem = z.infer<typeof correctionItem>;

export const tppCorrection = z.strictObject({
  nip,
  /** The month the corrected line belongs to. */
  correctsMonth: monthId,
  /** The open month it is posted in. */
  postedIn: monthId,
  /** The line as it stood: the locked line, or the recomputation a previous correction brought it to. */
  correctsLineHash: z.string(),
  recomputedLineHash: z.string(),
  basic: change,
  paid: change,
  withheld: change,
  payable: change,
  items: z.array(correctionItem),
});
export type TppCorrection = z.infer<typeof tppCorrection>;

/**
 * The correction that brings `baseline` (a locked line, or the recomputation the last correction
 * brought it to) to `recomputed`, posted in `postedIn`; null when neither money nor what it rests on
 * changed. Items come in the recomputation's order, then those it no longer has in the baseline's.
 */
export function correctionFor(
  baseline: TppLine,
  recomputed: TppLine,
  postedIn: MonthId,
): TppCorrection | null {
  if (baseline.nip !== recomputed.nip || baseline.month !== recomputed.month) {
    throw new RangeError('a correction compares two versions of the same officer and month');
  }
  if (postedIn <= baseline.month) {
    throw new RangeError(`a correction of ${baseline.month} is posted in a later month, not ${postedIn}`);
  }
  const before = new Map(baseline.deductions.map((d) => [d.key, d]));
  const after = new Map(recomputed.deductions.map((d) => [d.key, d]));
  const keys = [
    ...recomputed.deductions.map((d) => d.key),
    ...baseline.deductions.map((d) => d.key).filter((k) => !after.has(k)),
  ];
  const items = keys.flatMap((key): CorrectionItem[] => {
    const was = before.get(key);
    const now = after.get(key);
    const a = was?.amount ?? 0;
    const b = now?.amount ?? 0;
    const wasBasis = was ? basisOf(was) : null;
    const nowBasis = now ? basisOf(now) : null;
    if (a === b && canonicalJson(wasBasis) === canonicalJson(nowBasis)) return [];
    const d = (now ?? was)!;
    return [
      { key, kind: d.kind, rule: d.rule, before: a, after: b, delta: b - a, was: wasBasis, now: nowBasis },
    ];
  });
  const diff = (k: 'basic' | 'paid' | 'withheld' | 'payable') => ({
    before: baseline[k],
    after: recomputed[k],
    delta: recomputed[k] - baseline[k],
  });
  const money = [diff('basic'), diff('paid'), diff('withheld')];
  if (items.length === 0 && money.every((m) => m.delta === 0)) return null;
  return {
    nip: baseline.nip,
    correctsMonth: baseline.month,
    postedIn,
    correctsLineHash: tppLineHash(baseline),
    recomputedLineHash: tppLineHash(recomputed),
    basic: money[0]!,
    paid: money[1]!,
    withheld: money[2]!,
    payable: diff('payable'),
    items,
  };
}

function basisOf(d: TppDeduction): z.infer<typeof basis> {
  const { findingId, digest, date, tier, minutes, ref, sk, subordinate, leave, predikat } = d;
  const all = { findingId, digest, date, tier, minutes, ref, sk, subordinate, leave, predikat };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}

/** The money of a line: what corrections add up against. */
export interface TppAmounts {
  basic: number;
  paid: number;
  withheld: number;
  payable: number;
  /** By deduction key; a key at 0 is left out. */
  deductions: Record<string, number>;
}

export function amountsOf(line: TppLine): TppAmounts {
  const deductions: Record<string, number> = {};
  for (const d of line.deductions) if (d.amount !== 0) deductions[d.key] = d.amount;
  return { basic: line.basic, paid: line.paid, withheld: line.withheld, payable: line.payable, deductions };
}

/** A line's amounts after its corrections, in the order they were posted. */
export function applyCorrections(line: TppLine, corrections: readonly TppCorrection[]): TppAmounts {
  const out = amountsOf(line);
  for (const c of corrections) {
    out.basic += c.basic.delta;
    out.paid += c.paid.delta;
    out.withheld += c.withheld.delta;
    out.payable += c.payable.delta;
    for (const i of c.items) {
      const v = (out.deductions[i.key] ?? 0) + i.delta;
      if (v === 0) delete out.deductions[i.key];
      else out.deductions[i.key] = v;
    }
  }
  return out;
}

export function tppCorrectionHash(c: TppCorrection): string {
  return sha256Hex(canonicalJson(c));
}
