import { z } from 'zod';
import { valueStatus } from '../config/sourced.ts';
import { kecamatanCode, kelurahanCode } from '../config/codes.ts';
import { tppCorrection } from './corrections.ts';
import { monthId } from './inputs.ts';
import { tppLine, withholdReason } from './line.ts';

/**
 * The TPP api's bodies (issue 19 §4): the period of a month and its run, the lines a scope may see,
 * one line walked to its evidence, and what HR's actions return. The server validates with these,
 * the OpenAPI document is built from them, the web reads with them.
 */

export const tppMonthParam = z.strictObject({ month: monthId });
export const tppLineParams = z.strictObject({
  month: monthId,
  nip: z.string().regex(/^\d{18}$/, 'expected an 18-digit NIP'),
});
export const tppLinesQuery = z.strictObject({
  kelurahan: kelurahanCode.optional(),
  kecamatan: kecamatanCode.optional(),
});
export const tppCorrectionRequest = z.strictObject({
  reason: z.string().trim().min(3, 'say why the month is corrected').max(500),
});

/** A TYPICAL value of the rules (config/sourced.ts Assumption), with the file it is in. */
export const tppAssumption = z.strictObject({
  file: z.enum(['tpp', 'kinerja']),
  path: z.string(),
  value: z.unknown(),
  status: valueStatus,
  source: z.string(),
  rule: z.string(),
  note: z.string().optional(),
});
export type TppAssumption = z.infer<typeof tppAssumption>;

const refused = z.strictObject({ nip: z.string(), field: z.string(), reason: z.string() });

export const tppPeriodState = z.enum(['draft', 'locked', 'published', 'none']);

export const tppPeriodView = z.strictObject({
  month: monthId,
  state: tppPeriodState,
  lockedAt: z.string().nullable(),
  lockedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  heldOut: z.array(z.number().int()),
  run: z
    .strictObject({
      id: z.number().int(),
      createdAt: z.string(),
      createdBy: z.string(),
      rulesHash: z.string(),
      inputHash: z.string(),
      runHash: z.string(),
      officers: z.number().int(),
      locked: z.boolean(),
      refused: z.array(refused),
      unplaced: z.array(z.unknown()),
    })
    .nullable(),
});
export type TppPeriodView = z.infer<typeof tppPeriodView>;

export const tppLineSummary = z.strictObject({
  nip: z.string(),
  name: z.string().nullable(),
  kelurahanCode: z.string().nullable(),
  kecamatanCode: z.string().nullable(),
  basic: z.number().int(),
  paid: z.number().int(),
  withheld: z.number().int(),
  payable: z.number().int(),
  deductions: z.number().int(),
  reasons: z.array(withholdReason),
  lineHash: z.string(),
});
export type TppLineSummary = z.infer<typeof tppLineSummary>;

export const tppCorrectionView = z.strictObject({
  id: z.number().int(),
  nip: z.string(),
  correctsMonth: monthId,
  postedIn: monthId,
  reason: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  hash: z.string(),
  correction: tppCorrection,
});
export type TppCorrectionView = z.infer<typeof tppCorrectionView>;

export const tppMonthResponse = z.strictObject({
  period: tppPeriodView,
  lines: z.array(tppLineSummary),
  totals: z.strictObject({
    officers: z.number().int(),
    basic: z.number().int(),
    paid: z.number().int(),
    withheld: z.number().int(),
    payable: z.number().int(),
  }),
  /** Corrections of earlier months posted in this one. */
  corrections: z.array(tppCorrectionView),
  /** TYPICAL values of tpp.yaml and kinerja.yaml: shown as assumptions. */
  assumptions: z.array(tppAssumption),
  /** Whether this account may recompute, lock, publish and correct. */
  canManage: z.boolean(),
});
export type TppMonthResponse = z.infer<typeof tppMonthResponse>;

export const tppDeductionView = z.strictObject({
  key: z.string(),
  kind: z.string(),
  rule: z.string(),
  amount: z.number().int(),
  finding: z
    .strictObject({
      id: z.number().int(),
      digest: z.string(),
      kind: z.string(),
      date: z.string(),
      evidence: z.unknown(),
      rawPayloads: z.array(z.strictObject({ id: z.number().int(), sha256: z.string() })),
      snapshot: z.strictObject({ sha256: z.string().nullable(), url: z.string().nullable() }),
      now: z
        .strictObject({ standing: z.string().nullable(), digest: z.string(), sameVersion: z.boolean() })
        .nullable(),
      appeal: z.array(z.strictObject({ at: z.string(), action: z.string(), detail: z.unknown() })),
    })
    .nullable(),
});
export type TppDeductionView = z.infer<typeof tppDeductionView>;

export const tppLineResponse = z.strictObject({
  month: monthId,
  runId: z.number().int(),
  state: tppPeriodState,
  lineHash: z.string(),
  name: z.string().nullable(),
  line: tppLine,
  deductions: z.array(tppDeductionView),
  corrections: z.array(tppCorrectionView),
});
export type TppLineResponse = z.infer<typeof tppLineResponse>;

export const tppRunResponse = z.strictObject({
  runId: z.number().int(),
  month: monthId,
  runHash: z.string(),
  rulesHash: z.string(),
  inputHash: z.string(),
  officers: z.number().int(),
  withheld: z.number().int(),
  refused: z.array(refused),
  unsettled: z.array(z.strictObject({ id: z.number().int(), nip: z.string(), standing: z.string() })),
  heldOut: z.array(z.number().int()).optional(),
  ms: z.strictObject({
    gather: z.number(),
    compute: z.number(),
    formula: z.number(),
    store: z.number(),
    versions: z.number(),
  }),
});
export type TppRunResponse = z.infer<typeof tppRunResponse>;

export const tppCorrectionsPosted = z.strictObject({
  month: monthId,
  postedIn: monthId,
  corrections: z.array(
    z.strictObject({
      nip: z.string(),
      paidDelta: z.number().int(),
      payableDelta: z.number().int(),
      hash: z.string(),
    }),
  ),
  notInLockedRun: z.array(z.string()),
});

export const tppRerunResponse = z.strictObject({
  runId: z.number().int(),
  runHash: z.string(),
  storedRunHash: z.string(),
  identical: z.boolean(),
  lines: z.number().int(),
  differing: z.array(z.string()),
});
