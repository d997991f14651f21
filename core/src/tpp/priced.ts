import type { TppFile } from '../config/tpp.ts';
import type { LeaveKind } from '../schemas/live.ts';
import { Ratio } from './ratio.ts';

/**
 * The rates of a rule set as exact fractions, made once per run: every line shares the same Ratio
 * objects (and so their printed text), instead of a fraction and a string per finding.
 */
export interface PricedRules {
  wK: Ratio;
  wD: Ratio;
  tiers: Map<string, Ratio>;
  missingCheckIn: Ratio | { tier: string };
  missingCheckOut: Ratio | { tier: string };
  /** Per day of unexcused absence: a rate, or the daily share 1/W (R1.6). */
  absence: Ratio;
  absenceRule: 'R3.5' | 'R1.6';
  apelMissed: Ratio;
  negligence: Ratio;
  cap: Ratio;
  consecutiveCut: Ratio;
  /** Leave kinds that excuse a day, with their cut per day (zero for most). */
  excused: Map<LeaveKind, Ratio>;
}

export function priceRules(rules: TppFile, workingDays: number): PricedRules {
  const d = rules.disiplin;
  const ref = (v: { tier: string } | { bp: number }) => ('tier' in v ? { tier: v.tier } : Ratio.bp(v.bp));
  const absence = d.absence.value;
  return {
    wK: Ratio.bp(rules.weights.kinerjaBp.value),
    wD: Ratio.bp(rules.weights.disiplinBp.value),
    tiers: new Map(Object.entries(d.tiers).map(([code, t]) => [code, Ratio.bp(t.value)])),
    missingCheckIn: ref(d.missingCheckIn.value),
    missingCheckOut: ref(d.missingCheckOut.value),
    absence: absence.mode === 'rate' ? Ratio.bp(absence.bp) : Ratio.of(1, workingDays),
    absenceRule: absence.mode === 'rate' ? 'R3.5' : 'R1.6',
    apelMissed: Ratio.bp(d.apel.missedBp.value),
    negligence: Ratio.bp(rules.paymentGate.negligenceCutBp.value),
    cap: Ratio.bp(d.capBp.value),
    consecutiveCut: Ratio.bp(d.consecutiveAbsence.cutBp.value),
    excused: new Map(
      Object.entries(d.excused).flatMap(([kind, v]) =>
        v ? [[kind as LeaveKind, Ratio.bp(v.value)] as const] : [],
      ),
    ),
  };
}
