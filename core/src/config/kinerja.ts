import { z } from 'zod';
import { sourced } from './sourced.ts';
import { basisPoints as bp } from './tpp.ts';

/**
 * config/kinerja.yaml: how a month's work becomes the kinerja factor of the TPP (rule sheet R2, R7),
 * the evidence deadline, who decides appeals, and the targets of the office KPIs in a lurah's and a
 * camat's indicators. Every value carries its provenance (config/sourced.ts).
 */

/** PermenPANRB 6/2022 predikat (S11). `kurang` is "Kurang/Misconduct". Best first. */
export const predikat = z.enum(['sangat_baik', 'baik', 'butuh_perbaikan', 'kurang', 'sangat_kurang']);
export type Predikat = z.infer<typeof predikat>;

/** A superior's rating of hasil kerja or of perilaku kerja against expectation (S11). */
export const rating = z.enum(['di_atas', 'sesuai', 'di_bawah']);
export type Rating = z.infer<typeof rating>;

export const kinerjaMethod = z.enum(['predikat', 'realisation']);
export type KinerjaMethod = z.infer<typeof kinerjaMethod>;

/** Who decides an appeal by default. */
export const appealDecider = z.enum(['direct_superior', 'superiors_superior', 'verifikator']);
export type AppealDecider = z.infer<typeof appealDecider>;

const workingDays = z.number().int().min(1).max(20);

export const kinerjaFile = z
  .strictObject({
    /** R2.2: predikat through the ladder, or the DKI mean of realisation / target. */
    method: sourced(kinerjaMethod),
    /** R2.1: hasil kerja (rows) × perilaku kerja (columns) → predikat. */
    matrix: sourced(z.record(rating, z.record(rating, predikat))),
    /** R2.2: the share of the kinerja component a predikat earns. */
    ladder: z.record(predikat, sourced(bp)),
    /** R2.2 (DKI): the mean realisation / target counts up to this. */
    realisationCapBp: sourced(bp),
    /** R1.3: no kinerja result for the month (nothing realised) earns this share of the component. */
    noResultBp: sourced(bp),
    lateEvidence: z.strictObject({
      /** R2.4: the credit of a realisation whose evidence came after its deadline. */
      creditBp: sourced(bp),
      /** R7.4: evidence is due by the end of this many working days after the activity. */
      deadlineWorkingDays: sourced(workingDays),
    }),
    appeals: z.strictObject({
      findingDecider: sourced(appealDecider),
      predikatObjectionDecider: sourced(appealDecider),
      /** After this many working days undecided, the appeal escalates one level up. */
      decisionWorkingDays: sourced(workingDays),
    }),
    /** Evidence files (issue 19 §2): the largest accepted upload; PDF, JPEG, PNG by content. */
    evidence: z.strictObject({
      maxBytes: sourced(
        z
          .number()
          .int()
          .min(1024)
          .max(100 * 1024 * 1024),
      ),
    }),
    /** R7.2: each layer validates within this many working days of the submission, or is named. */
    verification: z.strictObject({
      superiorWorkingDays: sourced(workingDays),
      verifikatorWorkingDays: sourced(workingDays),
    }),
    officeKpis: z.strictObject({
      waitSlaBp: sourced(bp),
      deskCoverageBp: sourced(bp),
      attendanceRateBp: sourced(bp),
      ackMedianMinutes: sourced(z.number().int().min(1).max(1_440)),
    }),
  })
  .superRefine((f, ctx) => {
    // A ladder that pays a worse predikat more is a typo, not a policy.
    const order = predikat.options;
    order.forEach((p, i) => {
      const prev = order[i - 1];
      if (prev && f.ladder[p].value > f.ladder[prev].value) {
        ctx.addIssue({
          code: 'custom',
          path: ['ladder', p, 'value'],
          message: `must not exceed ${prev} (${f.ladder[prev].value} bp)`,
        });
      }
    });
  });
export type KinerjaFile = z.infer<typeof kinerjaFile>;
