import { z } from 'zod';
import { predikat, rating } from '../config/kinerja.ts';
import { cutBase, hukdisLevel } from '../config/tpp.ts';
import { nip } from '../schemas/ingest.ts';
import { leaveKind } from '../schemas/live.ts';
import { assignmentSegment, monthId } from './inputs.ts';

/**
 * What the TPP run gives per officer: one line that explains itself. Whole rupiah are safe integers
 * (JSON numbers); every intermediate is an exact rational as text (`n/d` in lowest terms, or an
 * integer), so a stored line prints the same bytes it was computed with.
 */

export const ratioText = z.string().regex(/^-?\d+(\/[1-9]\d*)?$/, 'expected an exact ratio like 3/4');
const wholeRupiah = z.number().int().min(-1_000_000_000).max(1_000_000_000);
const isoDate = z.iso.date();

export const deductionKind = z.enum([
  'kinerja',
  'evidence_late',
  'late_arrival',
  'early_departure',
  'missing_checkin',
  'missing_checkout',
  'absent_no_notice',
  'leave',
  'apel',
  'negligence',
  'consecutive_absence',
  'hukdis',
]);
export type DeductionKind = z.infer<typeof deductionKind>;

/** What a deduction's rate is a share of. `remaining`: what is left of the line after the steps before. */
export const deductionBase = z.enum(['kinerja_component', 'total', 'disiplin_component', 'remaining']);
export type DeductionBase = z.infer<typeof deductionBase>;

/**
 * One deduction and what it rests on. `key` is its identity across recomputations of the month (a
 * correction matches on it): `finding:<id>`, `evidence:<ref>`, `leave:<date>`, `apel:<ref>`,
 * `negligence:<subordinate nip>`, `hukdis:<sk>`, `kinerja`, `consecutive_absence`.
 */
export const tppDeduction = z.strictObject({
  key: z.string(),
  kind: deductionKind,
  /** The rule-sheet entry it applies (R3.1 …). */
  rule: z.string(),
  base: deductionBase,
  /** Its share of the base, exact. */
  rate: ratioText,
  /** Exact rupiah before the monthly cap. */
  nominal: ratioText,
  /** Exact rupiah after the cap: what it takes. */
  exact: ratioText,
  /** Whole rupiah, from the one rounding (rounding.ts). */
  amount: wholeRupiah,
  /** The cap (R3.7) reduced it. */
  capped: z.boolean(),
  findingId: z.number().int().optional(),
  /** The finding version (or evidence_late finding version) it rests on. */
  digest: z.string().optional(),
  date: isoDate.optional(),
  tier: z.string().optional(),
  minutes: z.number().int().optional(),
  /** The evidence, leave, apel or kinerja record it rests on. */
  ref: z.string().optional(),
  sk: z.string().optional(),
  subordinate: nip.optional(),
  leave: leaveKind.optional(),
  predikat: predikat.optional(),
});
export type TppDeduction = z.infer<typeof tppDeduction>;

export const lineSegment = assignmentSegment.extend({
  /** The part of the segment inside the month. */
  from: isoDate,
  to: isoDate,
  workingDays: z.number().int().min(0),
  /** Its monthly amount: the kelas ceiling (R1.4) or the assignment's own amount. */
  monthly: ratioText,
  monthlyFrom: z.enum(['kelas', 'override']),
  /** monthly × workingDays / the month's working days. */
  share: ratioText,
});
export type LineSegment = z.infer<typeof lineSegment>;

export const withholdReason = z.enum(['not_submitted', 'not_validated', 'not_verified']);
export type WithholdReason = z.infer<typeof withholdReason>;

export const pp94Case = z.strictObject({
  kind: z.enum(['annual_absence', 'consecutive_absence']),
  /** Absence days of the year counted so far (annual), or the longest run of the month (consecutive). */
  days: z.number().int(),
  level: hukdisLevel,
  /** The sanction the case proposes; the SK decides (R4.3). */
  sanction: z.string(),
  /** Who must examine it: the direct superior. */
  assignTo: nip.nullable(),
});
export type Pp94Case = z.infer<typeof pp94Case>;

export const tppLine = z.strictObject({
  month: monthId,
  nip,
  /** Working days of the month (W). */
  workingDays: z.number().int().min(1),
  segments: z.array(lineSegment),
  basicExact: ratioText,
  basic: wholeRupiah,
  weights: z.strictObject({ kinerjaBp: z.number().int(), disiplinBp: z.number().int() }),
  kinerja: z.strictObject({
    method: z.enum(['matrix', 'predikat', 'realisation', 'none']),
    predikat: predikat.nullable(),
    hasilKerja: rating.nullable(),
    perilaku: rating.nullable(),
    ref: z.string().nullable(),
    /** The ladder's share for the predikat (R2.2). */
    ladderBp: z.number().int().nullable(),
    /** Weighted mean realisation / target before the cap (DKI). */
    realisation: ratioText.nullable(),
    /** Why the component was forfeited whatever the result (payment gate), if it was. */
    forfeited: withholdReason.nullable(),
    /** The factor before late evidence (K0). */
    base: ratioText,
    /** Σ credit × weight / Σ weight over the evidence (R2.4); 1 without evidence. */
    timeliness: ratioText,
    /** K = base × timeliness. */
    factor: ratioText,
  }),
  disiplin: z.strictObject({
    cutBase,
    capBp: z.number().int(),
    /** Σ of the attendance deductions before and after the cap, exact rupiah. */
    nominal: ratioText,
    applied: ratioText,
    capApplied: z.boolean(),
    /** The longest run of consecutive absent working days in the month. */
    longestAbsenceRun: z.number().int(),
    /** D = 1 − applied / (basic × w_disiplin); below 0 when cuts on the total reach into the kinerja share. */
    factor: ratioText,
  }),
  hukdis: z.strictObject({
    /** H: the mean over the month's working days of each day's factor. */
    factor: ratioText,
    sanctions: z.array(
      z.strictObject({
        sk: z.string(),
        kind: z.string(),
        level: hukdisLevel,
        cutBp: z.number().int(),
        start: isoDate,
        /** First day no longer in force; null: until the register ends it. */
        until: isoDate.nullable(),
        workingDaysInForce: z.number().int(),
      }),
    ),
  }),
  deductions: z.array(tppDeduction),
  /** Findings that did not count, and why (a day of leave on record). */
  notCounted: z.array(
    z.strictObject({ findingId: z.number().int(), digest: z.string(), date: isoDate, leave: leaveKind }),
  ),
  paidExact: ratioText,
  /** What the month earns: basic − Σ deductions, to the rupiah. */
  paid: wholeRupiah,
  gate: z.strictObject({
    submitted: z.boolean(),
    validated: z.boolean(),
    verified: z.boolean(),
    /** Who had to validate; when not validated in time, the negligent party (R7.2). */
    validator: nip.nullable(),
    reasons: z.array(withholdReason),
  }),
  /** The part of `paid` the payment gate holds back (R1.5): all of it or nothing. */
  withheld: wholeRupiah,
  /** What moves now: paid − withheld. */
  payable: wholeRupiah,
  cases: z.array(pp94Case),
});
export type TppLine = z.infer<typeof tppLine>;

/** A negligence cut whose negligent superior is not an officer of the run (R7.2): for HR to place. */
export const unplacedCut = z.strictObject({ negligent: nip.nullable(), subordinate: nip });

export const tppRun = z.strictObject({
  month: monthId,
  workingDays: z.array(isoDate),
  /** One line per officer, by NIP. */
  lines: z.array(tppLine),
  unplaced: z.array(unplacedCut),
});
export type TppRun = z.infer<typeof tppRun>;
