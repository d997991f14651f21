import type { TppFile } from '../config/tpp.ts';
import type { OfficerMonth } from './inputs.ts';
import type { WithholdReason } from './line.ts';

/**
 * The payment gate (R1.5, R7.2) of one officer: which failed conditions hold the month's TPP back
 * (withhold: nothing is lost, a later correction releases it), forfeit the kinerja component (R1.3),
 * or put a cut on the superior who did not validate in time instead of on the subordinate.
 * Each officer's gate is their own: one late officer never holds up the office.
 */
export interface GateOutcome {
  reasons: WithholdReason[];
  forfeitKinerja: boolean;
  /** The superior who had to validate is the negligent party and takes the cut. */
  negligent: boolean;
  validator: string | null;
}

export function gateOutcome(rules: TppFile, o: OfficerMonth): GateOutcome {
  const g = o.gate;
  const pg = rules.paymentGate;
  const validator = g.validator ?? o.segments.at(-1)?.superior ?? null;
  const out: GateOutcome = { reasons: [], forfeitKinerja: false, negligent: false, validator };
  if (!g.submitted) {
    if (pg.notSubmitted.value === 'withhold') out.reasons.push('not_submitted');
    if (pg.notSubmitted.value === 'forfeit_kinerja') out.forfeitKinerja = true;
  } else if (!g.validated) {
    if (pg.notValidated.value === 'withhold') out.reasons.push('not_validated');
    if (pg.notValidated.value === 'cut_negligent') out.negligent = true;
  }
  if (!g.verified && pg.notVerified.value === 'withhold') out.reasons.push('not_verified');
  return out;
}
