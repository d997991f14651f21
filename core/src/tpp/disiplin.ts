import type { TppFile } from '../config/tpp.ts';
import type { LeaveKind } from '../schemas/live.ts';
import { byText, type DraftDeduction } from './draft.ts';
import { TppInputError } from './errors.ts';
import type { OfficerMonth, StandingFinding } from './inputs.ts';
import type { DeductionBase } from './line.ts';
import type { PricedRules } from './priced.ts';
import { Ratio } from './ratio.ts';

/**
 * The disiplin step (R3): each standing finding, each day of partly-cut leave, each recorded apel
 * missed and each subordinate left unvalidated (R7.2) becomes a deduction of the cut base. They are
 * taken in date order until the monthly cap (R3.7) is reached: the deduction that reaches it takes
 * what is left, those after it nothing (each still listed, `capped`, with its nominal amount).
 */
export interface DisiplinContext {
  rules: TppFile;
  priced: PricedRules;
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

/** Every draft has the same fields (absent ones undefined): one object shape for the whole run. */
function draft(
  key: string,
  kind: DraftDeduction['kind'],
  rule: string,
  base: DeductionBase,
  rate: Ratio,
  of: Ratio,
): DraftDeduction {
  const nominal = of.mul(rate);
  return {
    key,
    kind,
    rule,
    base,
    rate,
    nominal,
    exact: nominal,
    capped: false,
    findingId: undefined,
    digest: undefined,
    date: undefined,
    tier: undefined,
    minutes: undefined,
    ref: undefined,
    sk: undefined,
    subordinate: undefined,
    leave: undefined,
    predikat: undefined,
  };
}

export function disiplinStep(ctx: DisiplinContext): DisiplinStep {
  const { rules, priced, officer } = ctx;
  const cutBase = rules.disiplin.cutBase.value;
  const disiplinAmount = ctx.basic.mul(priced.wD);
  const cutBaseAmount = cutBase === 'total' ? ctx.basic : disiplinAmount;
  const monthEnd = `${ctx.month}-31`;

  const excused = new Map<string, { leave: LeaveKind; rate: Ratio; ref: string }>();
  for (const e of officer.excused) {
    const rate = priced.excused.get(e.leave);
    if (rate) excused.set(e.date, { leave: e.leave, rate, ref: e.ref });
  }

  const items: DraftDeduction[] = [];
  const notCounted: DisiplinStep['notCounted'] = [];
  const absences: string[] = [];
  const lateMinutes: DisiplinStep['lateMinutes'] = [];
  for (const f of officer.findings) {
    const leave = excused.size > 0 ? excused.get(f.date) : undefined;
    if (leave) {
      notCounted.push({ findingId: f.id, digest: f.digest, date: f.date, leave: leave.leave });
      continue;
    }
    const [rate, rule] = findingRate(priced, f, officer.nip);
    if (f.kind === 'absent_no_notice') absences.push(f.date);
    const item = draft(`finding:${f.id}`, f.kind, rule, cutBase, rate, cutBaseAmount);
    item.findingId = f.id;
    item.digest = f.digest;
    item.date = f.date;
    if (f.tier !== null) item.tier = f.tier;
    if (f.minutes !== null) {
      item.minutes = f.minutes;
      if (f.kind === 'late_arrival' || f.kind === 'early_departure') {
        lateMinutes.push({ date: f.date, minutes: f.minutes });
      }
    }
    items.push(item);
  }
  for (const e of officer.excused) {
    const leave = excused.get(e.date);
    if (!leave || leave.rate.isZero()) continue;
    const item = draft(`leave:${e.date}`, 'leave', 'R3.9', cutBase, leave.rate, cutBaseAmount);
    item.date = e.date;
    item.leave = e.leave;
    item.ref = e.ref;
    items.push(item);
  }
  if (rules.disiplin.apel.enabled.value) {
    for (const a of officer.apel) {
      if (a.attended) continue;
      const item = draft(
        `apel:${a.ref}`,
        'apel',
        'R3.6',
        'disiplin_component',
        priced.apelMissed,
        disiplinAmount,
      );
      item.date = a.date;
      item.ref = a.ref;
      items.push(item);
    }
  }
  for (const sub of ctx.negligentFor) {
    const item = draft(`negligence:${sub}`, 'negligence', 'R7.2', cutBase, priced.negligence, cutBaseAmount);
    item.subordinate = sub;
    items.push(item);
  }

  items.sort(
    (a, b) =>
      byText(a.date ?? monthEnd, b.date ?? monthEnd) ||
      KIND_RANK[a.kind]! - KIND_RANK[b.kind]! ||
      (a.findingId ?? 0) - (b.findingId ?? 0) ||
      byText(a.key, b.key),
  );
  const limit = priced.cap.mul(cutBaseAmount).min(ctx.remaining);
  let nominal = Ratio.ZERO;
  for (const i of items) nominal = nominal.add(i.nominal);
  let applied = nominal;
  // Under the cap (the usual month) every deduction takes its nominal amount as drafted.
  if (limit.lt(nominal)) {
    let used = Ratio.ZERO;
    for (const item of items) {
      const room = limit.sub(used);
      item.capped = room.lt(item.nominal);
      item.exact = item.capped ? room.max(Ratio.ZERO) : item.nominal;
      used = used.add(item.exact);
    }
    applied = used;
  }
  return {
    items,
    nominal: nominal.reduce(),
    applied: applied.reduce(),
    capApplied: items.some((i) => i.capped),
    notCounted,
    absences,
    lateMinutes,
    longestAbsenceRun: absences.length === 0 ? 0 : longestRun(ctx.workingDays, new Set(absences)),
  };
}

function findingRate(priced: PricedRules, f: StandingFinding, nip: string): [Ratio, string] {
  switch (f.kind) {
    case 'late_arrival':
      return [tierRate(priced, f.tier!, nip, `findings[id=${f.id}].tier`), 'R3.1'];
    case 'early_departure':
      return [tierRate(priced, f.tier!, nip, `findings[id=${f.id}].tier`), 'R3.2'];
    case 'missing_checkin':
    case 'missing_checkout': {
      const ref = f.kind === 'missing_checkin' ? priced.missingCheckIn : priced.missingCheckOut;
      return [ref instanceof Ratio ? ref : tierRate(priced, ref.tier, nip, `findings[id=${f.id}]`), 'R3.4'];
    }
    case 'absent_no_notice':
      return [priced.absence, priced.absenceRule];
  }
}

function tierRate(priced: PricedRules, code: string, nip: string, path: string): Ratio {
  const t = priced.tiers.get(code);
  if (!t) throw new TppInputError(nip, path, `tier '${code}' has no rate in tpp.yaml disiplin.tiers`);
  return t;
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
