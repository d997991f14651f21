import type { KinerjaFile } from '../config/kinerja.ts';
import type { TppFile } from '../config/tpp.ts';
import { kinerjaFactor, type KinerjaFactor } from '../kinerja/factor.ts';
import { basicStep, kelasCeilings } from './basic.ts';
import { pp94Cases } from './cases.ts';
import { disiplinStep } from './disiplin.ts';
import { finalDeduction, type DraftDeduction } from './draft.ts';
import { TppInputError } from './errors.ts';
import { gateOutcome, type GateOutcome } from './gate.ts';
import { hukdisStep } from './hukdis.ts';
import type { OfficerMonth, TppMonthInput } from './inputs.ts';
import type { TppLine, TppRun } from './line.ts';
import { monthBounds } from './month.ts';
import { normalizeTppInput } from './normalize.ts';
import { priceRules, type PricedRules } from './priced.ts';
import { Ratio } from './ratio.ts';
import { roundLine } from './rounding.ts';

/** The rules a run applies: stored with the run, with their hash (tppRulesHash). */
export interface TppRuleSet {
  tpp: TppFile;
  kinerja: KinerjaFile;
}

/**
 * The TPP of one month (R1.1): per officer, exactly,
 *   basic × (w_kinerja × K + w_disiplin × D) × H
 * taken as a chain of deductions, each on what the steps before it left:
 *   1. basic: the assignment segments prorated by working days (basic.ts);
 *   2. kinerja: basic × w_kinerja × (1 − K0), and per late evidence its share of K0 (R2.2, R2.4);
 *   3. disiplin: the standing findings, partly-cut leave, missed apel and negligence, each a rate of the
 *      cut base, in date order up to the monthly cap (R3, R7.2; disiplin.ts);
 *   4. consecutive absence: a share of what is left once the month holds the run of R3.7;
 *   5. hukdis: what is left × (1 − H), per SK (R4; hukdis.ts);
 * what remains is paid. Then the one rounding (rounding.ts) turns basic, paid and every deduction
 * into whole rupiah with basic − paid = Σ deductions, and the payment gate (R1.5) says whether it is
 * withheld. Pure and deterministic: `input` must have been parsed by `tppMonthInput`; its order does
 * not matter. Throws TppInputError for inputs the rule set cannot price.
 */
export function computeTpp(rules: TppRuleSet, input: TppMonthInput): TppRun {
  const { month, workingDays, officers } = normalizeTppInput(input);
  const nips = new Set(officers.map((o) => o.nip));
  const gates = new Map(officers.map((o) => [o.nip, gateOutcome(rules.tpp, o)]));
  const negligentFor = new Map<string, string[]>();
  const unplaced: TppRun['unplaced'] = [];
  for (const o of officers) {
    const g = gates.get(o.nip)!;
    if (!g.negligent) continue;
    if (g.validator !== null && nips.has(g.validator)) {
      negligentFor.set(g.validator, [...(negligentFor.get(g.validator) ?? []), o.nip]);
    } else {
      unplaced.push({ negligent: g.validator, subordinate: o.nip });
    }
  }
  const ctx: RunContext = {
    rules,
    month,
    workingDays,
    bounds: monthBounds(month),
    ceilings: kelasCeilings(rules.tpp),
    priced: priceRules(rules.tpp, workingDays.length),
  };
  const lines = officers.map((o) => computeLine(ctx, o, gates.get(o.nip)!, negligentFor.get(o.nip) ?? []));
  return { month, workingDays, lines, unplaced };
}

interface RunContext {
  rules: TppRuleSet;
  month: string;
  workingDays: string[];
  bounds: { first: string; last: string };
  ceilings: Map<number, Ratio>;
  priced: PricedRules;
}

function computeLine(ctx: RunContext, o: OfficerMonth, gate: GateOutcome, negligentFor: string[]): TppLine {
  const { tpp, kinerja: kinerjaRules } = ctx.rules;
  const { wK, wD } = ctx.priced;
  const base = basicStep(ctx.ceilings, o.nip, ctx.bounds, o.segments, ctx.workingDays);
  const B = base.basic;

  const k = kinerjaOf(kinerjaRules, o, gate);
  const kc = B.mul(wK);
  const kinerjaItems: DraftDeduction[] = [];
  const shortfall = Ratio.ONE.sub(k.base);
  if (!shortfall.isZero() && !kc.isZero()) {
    const amount = kc.mul(shortfall).reduce();
    kinerjaItems.push({
      key: 'kinerja',
      kind: 'kinerja',
      rule: k.method === 'none' || gate.forfeitKinerja ? 'R1.3' : 'R2.2',
      base: 'kinerja_component',
      rate: shortfall.reduce(),
      nominal: amount,
      exact: amount,
      capped: false,
      ...(k.predikat === null ? {} : { predikat: k.predikat }),
      ...(k.ref === null ? {} : { ref: k.ref }),
    });
  }
  for (const l of k.late) {
    const amount = kc.mul(l.loss).reduce();
    kinerjaItems.push({
      key: `evidence:${l.item.ref}`,
      kind: 'evidence_late',
      rule: 'R2.4',
      base: 'kinerja_component',
      rate: l.loss,
      nominal: amount,
      exact: amount,
      capped: false,
      findingId: l.item.late!.findingId,
      digest: l.item.late!.digest,
      ref: l.item.ref,
    });
  }
  let remaining = B.sub(kc.mul(Ratio.ONE.sub(k.factor))).reduce();

  const d = disiplinStep({
    rules: tpp,
    priced: ctx.priced,
    officer: o,
    month: ctx.month,
    workingDays: ctx.workingDays,
    basic: B,
    remaining,
    negligentFor,
  });
  remaining = remaining.sub(d.applied).reduce();

  const tail: DraftDeduction[] = [];
  const consecutive = tpp.disiplin.consecutiveAbsence;
  if (d.longestAbsenceRun >= consecutive.days.value && !remaining.isZero()) {
    const rate = ctx.priced.consecutiveCut;
    const amount = remaining.mul(rate).reduce();
    tail.push({
      key: 'consecutive_absence',
      kind: 'consecutive_absence',
      rule: 'R3.7',
      base: 'remaining',
      rate,
      nominal: amount,
      exact: amount,
      capped: false,
    });
    remaining = remaining.sub(amount).reduce();
  }

  const h = hukdisStep(tpp, o.nip, o.sanctions, ctx.workingDays);
  let hukdisTotal = Ratio.ZERO;
  for (const s of h.sanctions) {
    if (s.share.isZero() || remaining.isZero()) continue;
    const amount = remaining.mul(s.share).reduce();
    hukdisTotal = hukdisTotal.add(amount);
    tail.push({
      key: `hukdis:${s.entry.sk}`,
      kind: 'hukdis',
      rule: s.level === 'sedang' ? 'R4.2' : 'R4.1',
      base: 'remaining',
      rate: s.share,
      nominal: amount,
      exact: amount,
      capped: false,
      sk: s.entry.sk,
      date: s.entry.start,
    });
  }
  const paidExact = remaining.sub(hukdisTotal).reduce();

  const drafts = [...kinerjaItems, ...d.items, ...tail];
  const rounded = roundLine(
    B,
    paidExact,
    drafts.map((x) => x.exact),
    tpp.rounding.value,
  );
  const paid = rounded.paid;
  const withheld = gate.reasons.length > 0 ? paid : 0;
  const disiplinAmount = B.mul(wD);
  const lastSegment = base.segments.at(-1) ?? o.segments.at(-1)!;

  return {
    month: ctx.month,
    nip: o.nip,
    workingDays: ctx.workingDays.length,
    segments: base.segments,
    basicExact: B.toString(),
    basic: rounded.basic,
    weights: { kinerjaBp: tpp.weights.kinerjaBp.value, disiplinBp: tpp.weights.disiplinBp.value },
    kinerja: {
      method: k.method,
      predikat: k.predikat,
      hasilKerja: k.hasilKerja,
      perilaku: k.perilaku,
      ref: k.ref,
      ladderBp: k.ladderBp,
      realisation: k.realisation?.toString() ?? null,
      forfeited: gate.forfeitKinerja ? 'not_submitted' : null,
      base: k.base.toString(),
      timeliness: k.timeliness.toString(),
      factor: k.factor.toString(),
    },
    disiplin: {
      cutBase: tpp.disiplin.cutBase.value,
      capBp: tpp.disiplin.capBp.value,
      nominal: d.nominal.toString(),
      applied: d.applied.toString(),
      capApplied: d.capApplied,
      longestAbsenceRun: d.longestAbsenceRun,
      factor: (disiplinAmount.isZero() ? Ratio.ONE : Ratio.ONE.sub(d.applied.div(disiplinAmount))).toString(),
    },
    hukdis: {
      factor: h.factor.toString(),
      sanctions: h.sanctions.map((s) => ({
        sk: s.entry.sk,
        kind: s.entry.kind,
        level: s.level,
        cutBp: s.cutBp,
        start: s.entry.start,
        until: s.until,
        workingDaysInForce: s.workingDaysInForce,
      })),
    },
    deductions: drafts.map((x, i) => finalDeduction(x, rounded.deductions[i]!)),
    notCounted: d.notCounted,
    paidExact: paidExact.toString(),
    paid,
    gate: {
      submitted: o.gate.submitted,
      validated: o.gate.validated,
      verified: o.gate.verified,
      validator: gate.validator,
      reasons: gate.reasons,
    },
    withheld,
    payable: paid - withheld,
    cases: pp94Cases(tpp, {
      year: ctx.month.slice(0, 4),
      yearToDate: o.yearToDate,
      absences: d.absences,
      lateMinutes: d.lateMinutes,
      longestAbsenceRun: d.longestAbsenceRun,
      superior: lastSegment.superior,
    }),
  };
}

/** K of the month, refusing a result the city's method does not use, and forfeited by the gate. */
function kinerjaOf(rules: KinerjaFile, o: OfficerMonth, gate: GateOutcome): KinerjaFactor {
  const method = o.kinerja?.basis.method;
  const wanted = rules.method.value;
  if (method !== undefined && (method === 'realisation') !== (wanted === 'realisation')) {
    throw new TppInputError(
      o.nip,
      'kinerja.basis.method',
      `'${method}' does not fit kinerja.yaml method '${wanted}'`,
    );
  }
  const k = kinerjaFactor(rules, o.kinerja);
  if (!gate.forfeitKinerja) return k;
  return { ...k, base: Ratio.ZERO, timeliness: Ratio.ONE, factor: Ratio.ZERO, late: [] };
}
