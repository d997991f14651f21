import type { KinerjaFile, Predikat, Rating } from '../config/kinerja.ts';
import type { EvidenceItem, KinerjaResult } from '../tpp/inputs.ts';
import { Ratio, sumRatios } from '../tpp/ratio.ts';
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

type Target = Extract<KinerjaResult['basis'], { method: 'realisation' }>['targets'][number];

export function kinerjaFactor(rules: KinerjaFile, result: KinerjaResult | null): KinerjaFactor {
  const none = {
    predikat: null,
    hasilKerja: null,
    perilaku: null,
    ref: null,
    ladderBp: null,
    realisation: null,
  };
  if (result === null) {
    const base = Ratio.bp(rules.noResultBp.value);
    return { method: 'none', ...none, base, timeliness: Ratio.ONE, factor: base, late: [] };
  }
  const b = result.basis;
  let head: Omit<KinerjaFactor, 'timeliness' | 'factor' | 'late'>;
  if (b.method === 'realisation') {
    const cap = Ratio.bp(rules.realisationCapBp.value);
    const weights = Ratio.of(b.targets.reduce((s, t) => s + t.weight, 0));
    const ratio = (t: Target) => Ratio.of(t.realised, t.target);
    const mean = (f: (t: Target) => Ratio) =>
      sumRatios(b.targets.map((t) => f(t).mul(Ratio.of(t.weight)))).div(weights);
    head = {
      method: 'realisation',
      ...none,
      realisation: mean(ratio).reduce(),
      base: mean((t) => ratio(t).min(cap)).reduce(),
    };
  } else {
    const p = b.method === 'matrix' ? predikatOf(rules, b.hasilKerja, b.perilaku) : b.predikat;
    const bp = ladderBp(rules, p);
    head = {
      method: b.method,
      predikat: p,
      hasilKerja: b.method === 'matrix' ? b.hasilKerja : null,
      perilaku: b.method === 'matrix' ? b.perilaku : null,
      ref: b.ref,
      ladderBp: bp,
      realisation: null,
      base: Ratio.bp(bp),
    };
  }
  const { timeliness, late } = evidenceTimeliness(rules, result.evidence, head.base);
  return { ...head, timeliness, factor: head.base.mul(timeliness).reduce(), late };
}

/** R2.4: Σ credit × weight / Σ weight; each late item loses K0 × (1 − credit) × its weight share. */
function evidenceTimeliness(
  rules: KinerjaFile,
  evidence: readonly EvidenceItem[],
  base: Ratio,
): { timeliness: Ratio; late: KinerjaFactor['late'] } {
  if (evidence.length === 0) return { timeliness: Ratio.ONE, late: [] };
  const total = Ratio.of(evidence.reduce((s, e) => s + e.weight, 0));
  const loss = Ratio.ONE.sub(Ratio.bp(rules.lateEvidence.creditBp.value));
  const late = [...evidence]
    .filter((e) => e.late !== null)
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
    .map((item) => ({ item, loss: base.mul(loss).mul(Ratio.of(item.weight)).div(total).reduce() }));
  const lostShare = sumRatios(late.map((l) => Ratio.of(l.item.weight)))
    .mul(loss)
    .div(total);
  return { timeliness: Ratio.ONE.sub(lostShare).reduce(), late };
}
