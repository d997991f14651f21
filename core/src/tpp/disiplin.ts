import type { TppFile } from '../config/tpp.ts';
import type { LeaveKind } from '../schemas/live.ts';
import { byText, type DraftDeduction } from './draft.ts';
import { TppInputError } from './errors.ts';
import type { OfficerMonth, StandingFinding } from './inputs.ts';
import { Ratio, sumRatios } from './ratio.ts';

/**
 * The disiplin step (R3): each standing finding, each day of partly-cut leave, each recorded apel
 * missed and each subordinate left unvalidated (R7.2) becomes a deduction of the cut base. They are
 * taken in date order until the monthly cap (R3.7) is reached: the deduction that reaches it takes
 * what is left, those after it nothing (each still listed, `capped`, with its nominal amount).
 */
export interface DisiplinContext {
  rules: TppFile;
  officer: OfficerMonth;
  month: string;
  /** The month's working days, sorted. */
  workingDays: readonly string[];
  basic: Ratio;
  /** What is left of the line after the kinerja step: cuts on the total never go past it. */
  remaining: Ratio;
  /** Subordinates this officer did not validate in time, when the cut goes to the negligent party. */
  negligentFor: readonly string[];
}

export interface DisiplinStep {
  items: DraftDeduction[];
  nominal: Ratio;
  applied: Ratio;
  capApplied: boolean;
  notCounted: { findingId: number; digest: string; date: string; leave: LeaveKind }[];
  /** Absence days that counted (R4.3), any month. */
  absences: string[];
  /** Minutes late or early that counted (R3.8). */
  lateMinutes: { date: string; minutes: number }[];
  longestAbsenceRun: number;
}

const KIND_RANK: Record<string, number> = {
  late_arrival: 0,
  early_departure: 1,
  missing_checkin: 2,
  missing_checkout: 3,
  absent_no_notice: 4,
  leave: 5,
  apel: 6,
  negligence: 7,
};

export function disiplinStep(ctx: DisiplinContext): DisiplinStep {
  const { rules, officer } = ctx;
  const d = rules.disiplin;
  const wD = Ratio.bp(rules.weights.disiplinBp.value);
  const cutBaseAmount = d.cutBase.value === 'total' ? ctx.basic : ctx.basic.mul(wD);
  const disiplinAmount = ctx.basic.mul(wD);
  const W = ctx.workingDays.length;
  const monthEnd = `${ctx.month}-31`;

  const excused = new Map<string, { leave: LeaveKind; bp: number; ref: string }>();
  for (const e of officer.excused) {
    const rule = d.excused[e.leave];
    if (rule) excused.set(e.date, { leave: e.leave, bp: rule.value, ref: e.ref });
  }

  const items: DraftDeduction[] = [];
  const notCounted: DisiplinStep['notCounted'] = [];
  const absences: string[] = [];
  const lateMinutes: DisiplinStep['lateMinutes'] = [];
  const push = (item: Omit<DraftDeduction, 'nominal' | 'exact' | 'capped'>, of: Ratio) =>
    items.push({ ...item, nominal: of.mul(item.rate), exact: Ratio.ZERO, capped: false });

  for (const f of officer.findings) {
    const leave = excused.get(f.date);
    if (leave) {
      notCounted.push({ findingId: f.id, digest: f.digest, date: f.date, leave: leave.leave });
      continue;
    }
    const { rate, rule } = findingRate(rules, f, W, officer.nip);
    if (f.kind === 'absent_no_notice') absences.push(f.date);
    if (f.minutes !== null && (f.kind === 'late_arrival' || f.kind === 'early_departure')) {
      lateMinutes.push({ date: f.date, minutes: f.minutes });
    }
    push(
      {
        key: `finding:${f.id}`,
        kind: f.kind,
        rule,
        base: d.cutBase.value,
        rate,
        findingId: f.id,
        digest: f.digest,
        date: f.date,
        ...(f.tier === null ? {} : { tier: f.tier }),
        ...(f.minutes === null ? {} : { minutes: f.minutes }),
      },
      cutBaseAmount,
    );
  }
  for (const e of officer.excused) {
    const leave = excused.get(e.date);
    if (!leave || leave.bp === 0) continue;
    const base = { key: `leave:${e.date}`, kind: 'leave', rule: 'R3.9', base: d.cutBase.value } as const;
    push({ ...base, rate: Ratio.bp(leave.bp), date: e.date, leave: e.leave, ref: e.ref }, cutBaseAmount);
  }
  if (d.apel.enabled.value) {
    for (const a of officer.apel) {
      if (a.attended) continue;
      const base = { kind: 'apel', rule: 'R3.6', base: 'disiplin_component' } as const;
      push(
        { ...base, key: `apel:${a.ref}`, rate: Ratio.bp(d.apel.missedBp.value), date: a.date, ref: a.ref },
        disiplinAmount,
      );
    }
  }
  for (const sub of ctx.negligentFor) {
    const rate = Ratio.bp(rules.paymentGate.negligenceCutBp.value);
    const base = { kind: 'negligence', rule: 'R7.2', base: d.cutBase.value } as const;
    push({ ...base, key: `negligence:${sub}`, rate, subordinate: sub }, cutBaseAmount);
  }

  items.sort(
    (a, b) =>
      byText(a.date ?? monthEnd, b.date ?? monthEnd) ||
      KIND_RANK[a.kind]! - KIND_RANK[b.kind]! ||
      (a.findingId ?? 0) - (b.findingId ?? 0) ||
      byText(a.key, b.key),
  );
  const limit = Ratio.bp(d.capBp.value).mul(cutBaseAmount).min(ctx.remaining);
  let used = Ratio.ZERO;
  for (const item of items) {
    const room = limit.sub(used);
    item.capped = room.lt(item.nominal);
    item.exact = (item.capped ? room.max(Ratio.ZERO) : item.nominal).reduce();
    item.nominal = item.nominal.reduce();
    used = used.add(item.exact);
  }
  const nominal = sumRatios(items.map((i) => i.nominal)).reduce();
  return {
    items,
    nominal,
    applied: used.reduce(),
    capApplied: items.some((i) => i.capped),
    notCounted,
    absences,
    lateMinutes,
    longestAbsenceRun: longestRun(ctx.workingDays, new Set(absences)),
  };
}

function findingRate(
  rules: TppFile,
  f: StandingFinding,
  W: number,
  nip: string,
): { rate: Ratio; rule: string } {
  const d = rules.disiplin;
  const tierRate = (code: string, path: string) => {
    const t = d.tiers[code];
    if (!t) throw new TppInputError(nip, path, `tier '${code}' has no rate in tpp.yaml disiplin.tiers`);
    return Ratio.bp(t.value);
  };
  switch (f.kind) {
    case 'late_arrival':
    case 'early_departure':
      return {
        rate: tierRate(f.tier!, `findings[id=${f.id}].tier`),
        rule: f.kind === 'late_arrival' ? 'R3.1' : 'R3.2',
      };
    case 'missing_checkin':
    case 'missing_checkout': {
      const ref = (f.kind === 'missing_checkin' ? d.missingCheckIn : d.missingCheckOut).value;
      return {
        rate: 'tier' in ref ? tierRate(ref.tier, `findings[id=${f.id}]`) : Ratio.bp(ref.bp),
        rule: 'R3.4',
      };
    }
    case 'absent_no_notice': {
      const a = d.absence.value;
      return a.mode === 'rate'
        ? { rate: Ratio.bp(a.bp), rule: 'R3.5' }
        : { rate: Ratio.of(1, W), rule: 'R1.6' };
    }
  }
}

/** The longest run of consecutive working days (weekends and holidays skipped) in the set. */
function longestRun(workingDays: readonly string[], days: ReadonlySet<string>): number {
  let best = 0;
  let run = 0;
  for (const d of workingDays) {
    run = days.has(d) ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
