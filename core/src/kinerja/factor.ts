import type { KinerjaFile, Predikat, Rating } from '../config/kinerja.ts';
import type { EvidenceItem, KinerjaResult } from '../tpp/inputs.ts';
import { Ratio } from '../tpp/ratio.ts';
import { ladderBp, predikatOf } from './predikat.ts';

/**
 * The kinerja factor K of a month (R2.2, R2.4, R1.3): K = K0 × timeliness, where K0 comes from the
 * predikat through the ladder (or the DKI realisation ratio) and timeliness is the weighted share of
 * credit over the month's evidence, a late one earning lateEvidence.creditBp.
 */
export interface KinerjaFactor {
  method: 'matrix' | 'predikat' | 'realisation' | 'none';
  predikat: Predikat | null;
  hasilKerja: Rating | null;
  perilaku: Rating | null;
  ref: string | null;
  ladderBp: number | null;
  /** Weighted mean realisation / target, each target uncapped (shown); K0 counts each up to the cap. */
  realisation: Ratio | null;
  base: Ratio;
  timeliness: Ratio;
  factor: Ratio;
  /** The late evidence and each one's share of K0 lost: what the evidence_late deductions rest on. */
  late: { item: EvidenceItem; loss: Ratio }[];
}

export function kinerjaFactor(rules: KinerjaFile, result: KinerjaResult | null): KinerjaFactor {
  const k: KinerjaFactor = {
    method: 'none',
    predikat: null,
    hasilKerja: null,
    perilaku: null,
    ref: null,
    ladderBp: null,
    realisation: null,
    base: Ratio.bp(rules.noResultBp.value),
    timeliness: Ratio.ONE,
    factor: Ratio.ZERO,
    late: [],
  };
  if (result === null) {
    k.factor = k.base;
    return k;
  }
  const b = result.basis;
  k.method = b.method;
  if (b.method === 'realisation') {
    const cap = Ratio.bp(rules.realisationCapBp.value);
    let weights = 0;
    let mean = Ratio.ZERO;
    let capped = Ratio.ZERO;
    for (const t of b.targets) {
      const ratio = Ratio.of(t.realised, t.target);
      const w = Ratio.of(t.weight);
      weights += t.weight;
      mean = mean.add(ratio.mul(w));
      capped = capped.add(ratio.min(cap).mul(w));
    }
    k.realisation = mean.div(Ratio.of(weights)).reduce();
    k.base = capped.div(Ratio.of(weights)).reduce();
  } else {
    const p = b.method === 'matrix' ? predikatOf(rules, b.hasilKerja, b.perilaku) : b.predikat;
    k.predikat = p;
    k.ref = b.ref;
    k.ladderBp = ladderBp(rules, p);
    k.base = Ratio.bp(k.ladderBp);
    if (b.method === 'matrix') {
      k.hasilKerja = b.hasilKerja;
      k.perilaku = b.perilaku;
    }
  }
  evidenceTimeliness(rules, result.evidence, k);
  k.factor = k.base.mul(k.timeliness).reduce();
  return k;
}

/** R2.4: Σ credit × weight / Σ weight; each late item loses K0 × (1 − credit) × its weight share. */
function evidenceTimeliness(rules: KinerjaFile, evidence: readonly EvidenceItem[], k: KinerjaFactor): void {
  let total = 0;
  let lateWeight = 0;
  for (const e of evidence) {
    total += e.weight;
    if (e.late !== null) lateWeight += e.weight;
  }
  if (lateWeight === 0) return;
  const loss = Ratio.ONE.sub(Ratio.bp(rules.lateEvidence.creditBp.value));
  const share = k.base.mul(loss).div(Ratio.of(total));
  k.late = evidence
    .filter((e) => e.late !== null)
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
    .map((item) => ({ item, loss: share.mul(Ratio.of(item.weight)).reduce() }));
  k.timeliness = Ratio.ONE.sub(loss.mul(Ratio.of(lateWeight, total))).reduce();
}
