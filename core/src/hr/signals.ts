import { z } from 'zod';
import type { FindingChange } from '../schemas/findings.ts';

/**
 * The discipline signals the HR module (BKPSDM) receives: a personal finding that stands, and every
 * later change to one it was told about. Pure: which change of a finding is a signal, and its body.
 */
export const hrSignalChange = z.enum(['standing', 'overturned', 'withdrawn', 'reopened', 'corrected']);
export type HrSignalChange = z.infer<typeof hrSignalChange>;

export const hrSignal = z.object({
  /** The feed cursor of this signal (commit order); pass it back as `after`. */
  cursor: z.string(),
  change: hrSignalChange,
  findingId: z.number().int(),
  nip: z.string(),
  kind: z.string(),
  /** The office day the finding is about. */
  date: z.string(),
  kelurahanCode: z.string(),
  kecamatanCode: z.string(),
  severity: z.string(),
  standing: z.string().nullable(),
  /** When the change happened (ms since epoch, from the role's clock). */
  at: z.number().int(),
  /** The audit row that records it (`GET /api/v1/audit?subject=finding:<id>`). */
  auditSeq: z.number().int(),
});
export type HrSignal = z.infer<typeof hrSignal>;

export const hrSignalsQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,15}$/, 'a cursor from an earlier page (digits)')
    .default('0'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const hrSignalsPage = z.object({
  items: z.array(hrSignal),
  /** Pass as `after` for the next page; the same cursor when nothing new has committed. */
  next: z.string(),
});
export type HrSignalsPage = z.infer<typeof hrSignalsPage>;

/**
 * The signal a committed finding change makes, or null. `told`: HR already has a signal for this
 * finding (a later change matters to it only then).
 */
export function hrSignalChangeOf(c: FindingChange, told: boolean): HrSignalChange | null {
  if (!c.finding.subject.nip) return null;
  switch (c.action) {
    case 'stood':
    case 'upheld':
      return 'standing';
    case 'overturned':
      return told ? 'overturned' : null;
    case 'withdrawn':
      return told ? 'withdrawn' : null;
    case 'reopened':
      return told ? 'reopened' : null;
    case 'updated':
      return told && c.finding.standing === 'standing' ? 'corrected' : null;
    default:
      return null;
  }
}

/** The HR webhook event type of a signal (Standard Webhooks `type`). */
export const HR_SIGNAL_EVENT = 'discipline.signal';

/** GET /api/v1/hr/outbox: webhook messages to the HR system, dead (undeliverable) or pending. */
export const hrOutboxPage = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      msgId: z.string(),
      type: z.string(),
      status: z.enum(['pending', 'sent', 'dead']),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      httpStatus: z.number().int().nullable(),
      createdAt: z.number().int(),
      nextAt: z.number().int(),
    }),
  ),
});
