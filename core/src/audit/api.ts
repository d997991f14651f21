import { z } from 'zod';

/** GET /api/v1/audit: the history of one thing (a finding, an officer, a camera…), newest first. */
export const auditHistoryQuery = z.object({
  subject: z
    .string()
    .regex(
      /^(finding|officer|camera|user|token|device|silence|kelurahan|live_view):[^\s]{1,120}$/,
      'kind:id, e.g. finding:12, officer:<NIP>, camera:<id>',
    ),
  /** Only rows before this seq (the next page). */
  before: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditHistoryItem = z.object({
  seq: z.number().int(),
  at: z.number().int(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  refs: z.array(z.string()),
  payload: z.record(z.string(), z.unknown()),
  hash: z.string(),
  /** The row's content gives its hash and it links to the stored row before it. */
  verified: z.boolean(),
});
export type AuditHistoryItem = z.infer<typeof auditHistoryItem>;

export const auditHistoryPage = z.object({
  items: z.array(auditHistoryItem),
  /** The chain's recorded end. */
  head: z.object({ seq: z.number().int(), hash: z.string() }),
  /** Pass as `before` for older rows; null at the start of the history. */
  next: z.string().nullable(),
});
export type AuditHistoryPage = z.infer<typeof auditHistoryPage>;

/** POST /api/v1/audit/verify: the whole chain checked now. */
export const auditVerifyReply = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  ms: z.number().int(),
  last: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  problems: z.array(z.object({ kind: z.string(), seq: z.number().int(), detail: z.string() })),
  anchors: z.array(z.object({ label: z.string(), seq: z.number().int(), hash: z.string() })),
});
export type AuditVerifyReply = z.infer<typeof auditVerifyReply>;
