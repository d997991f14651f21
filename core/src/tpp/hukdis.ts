import type { HukdisLevel, TppFile } from '../config/tpp.ts';
import { byText } from './draft.ts';
import { TppInputError } from './errors.ts';
import type { SanctionEntry } from './inputs.ts';
import { addMonths } from './month.ts';
import { Ratio, sumRatios } from './ratio.ts';

/**
 * The hukdis factor H (R4.1, R4.2) from the sanctions register: a sanction is in force from its start
 * for its months (calendar months, tpp/month.ts addMonths). Each working day of the month gets the
 * factor of the sanctions in force that day (the heaviest, or their product, per tpp.yaml
 * hukdis.combine); H is the mean over the month's working days, so a sanction that starts mid-month
 * weighs by its working days, as assignments do. Each day's reduction is credited to the sanction
 * behind it, so every rupiah of the hukdis deduction names its SK.
 */
export interface SanctionInForce {
  entry: SanctionEntry;
  level: HukdisLevel;
  cutBp: number;
  until: string | null;
  workingDaysInForce: number;
  /** Its share of the line's remaining amount (Σ over days of its reduction / W). */
  share: Ratio;
}

export interface HukdisStep {
  factor: Ratio;
  sanctions: SanctionInForce[];
}

export function hukdisStep(
  rules: TppFile,
  nip: string,
  entries: readonly SanctionEntry[],
  workingDays: readonly string[],
): HukdisStep {
  if (entries.length === 0) return { factor: Ratio.ONE, sanctions: [] };
  const sanctions = [...entries]
    .sort((a, b) => byText(a.start, b.start) || byText(a.sk, b.sk))
    .map((entry) => {
      const rule = rules.hukdis.sanctions[entry.kind];
      if (!rule) {
        throw new TppInputError(
          nip,
          `sanctions[sk=${entry.sk}].kind`,
          `'${entry.kind}' is not in tpp.yaml hukdis.sanctions`,
        );
      }
      const months = entry.months ?? rule.value.months;
      return {
        entry,
        level: rule.value.level,
        cutBp: rule.value.cutBp,
        until: months === null ? null : addMonths(entry.start, months),
        workingDaysInForce: 0,
        share: Ratio.ZERO,
      };
    });
  const W = Ratio.of(workingDays.length);
  const heaviest = rules.hukdis.combine.value === 'heaviest';
  for (const day of workingDays) {
    const active = sanctions.filter((s) => s.entry.start <= day && (s.until === null || day < s.until));
    for (const s of active) s.workingDaysInForce += 1;
    const cutting = active.filter((s) => s.cutBp > 0);
    if (cutting.length === 0) continue;
    if (heaviest) {
      const top = cutting.reduce((a, b) =>
        b.cutBp > a.cutBp || (b.cutBp === a.cutBp && b.entry.sk < a.entry.sk) ? b : a,
      );
      top.share = top.share.add(Ratio.bp(top.cutBp).div(W));
    } else {
      let left = Ratio.ONE;
      for (const s of [...cutting].sort((a, b) => byText(a.entry.sk, b.entry.sk))) {
        const cut = Ratio.bp(s.cutBp);
        s.share = s.share.add(left.mul(cut).div(W));
        left = left.mul(Ratio.ONE.sub(cut));
      }
    }
  }
  for (const s of sanctions) s.share = s.share.reduce();
  const factor = Ratio.ONE.sub(sumRatios(sanctions.map((s) => s.share))).reduce();
  return { factor, sanctions };
}
