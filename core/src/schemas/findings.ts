import { z } from 'zod';
import { severity } from '../config/detection.ts';
import { kecamatanCode, kelurahanCode } from '../config/codes.ts';
import { MATCHER_LIMITS } from '../alerts/matcher-syntax.ts';
import { locale } from '../findings/locale.ts';

/**
 * Findings: what the detectors judged, stored with their evidence. A finding about a person carries
 * a standing (it can be contested; only a standing finding may ever reach an allowance).
 */
export const findingKind = z.enum([
  'desk_unattended',
  'late_arrival',
  'early_departure',
  'missing_checkout',
  'absent_no_notice',
  'queue_wait_sla',
  'service_time_sla',
  'sla_rate',
  'device_offline',
  'camera_offline',
  /** Kinerja evidence submitted after its deadline (R2.4): recorded by the kinerja module, not a detector. */
  'evidence_late',
  'desk_occupied_no_checkin',
]);
export type FindingKind = z.infer<typeof findingKind>;

/**
 * `condition`: true while it lasts (a desk left alone), resolved when it clears. `occurrence`: a fact of
 * one day (a late arrival), final once the day closes, withdrawn if later evidence undoes it.
 */
export const findingNature = z.enum(['condition', 'occurrence']);
export type FindingNature = z.infer<typeof findingNature>;

export const findingState = z.enum(['open', 'resolved']);
export type FindingState = z.infer<typeof findingState>;

/**
 * pending: inside its appeal window; contested: appealed, undecided; standing: upheld, or its window
 * closed uncontested; overturned: a verifikator found for the officer (final: detection never brings
 * it back); withdrawn: detection no longer sees it (it comes back if the evidence does).
 */
export const findingStanding = z.enum(['pending', 'contested', 'standing', 'overturned', 'withdrawn']);
export type FindingStanding = z.infer<typeof findingStanding>;

/** One piece of evidence that agrees with the finding or not, in words a person can check. */
export const findingSignal = z.object({
  name: z.enum(['queue', 'attendance', 'camera', 'device', 'leave', 'calendar', 'device_clock']),
  agrees: z.boolean(),
  /** In English, for the API's machine readers and logs; screens word `code` and `values` instead. */
  detail: z.string(),
  /** What it says (core/src/findings/signal-text.ts); absent on findings stored before codes existed. */
  code: z.string().optional(),
  values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type FindingSignal = z.infer<typeof findingSignal>;

/** A stored event the finding rests on: its table, row id (when stored) and time. */
export const evidenceRef = z.object({
  kind: z.enum(['punch', 'queue', 'presence', 'device']),
  id: z.number().int().optional(),
  at: z.number().int(),
  note: z.string().optional(),
  /** A punch read at its device stamp less this many seconds (the terminal's clock ran ahead). */
  clockCorrectionSeconds: z.number().int().optional(),
});
export type EvidenceRef = z.infer<typeof evidenceRef>;

export const findingSubject = z.object({
  kelurahan: kelurahanCode,
  kecamatan: kecamatanCode,
  nip: z.string().optional(),
  desk: z.string().optional(),
  device: z.string().optional(),
  /** A camera, by its name (unique within its kelurahan). */
  camera: z.string().optional(),
  ticket: z.string().optional(),
  service: z.string().optional(),
  hour: z.string().optional(),
});
export type FindingSubject = z.infer<typeof findingSubject>;

export const findingEvidence = z.object({
  events: z.array(evidenceRef),
  metrics: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  signals: z.array(findingSignal),
  /** A camera snapshot of the desk, once video exists. */
  snapshot: z.string().optional(),
});
export type FindingEvidence = z.infer<typeof findingEvidence>;

/** What a detector says now, before it is stored. */
export interface Detection {
  kind: FindingKind;
  nature: FindingNature;
  /** About a person: it gets a standing and can be contested. */
  personal: boolean;
  fingerprint: string;
  /** Alertmanager-style labels: what routing, grouping and silences match on. */
  labels: Record<string, string>;
  subject: FindingSubject;
  /** The office day the finding belongs to. */
  date: string;
  /** When the problem began (the desk left, the last sign of a device, the office start). */
  from: number;
  /** When it ended, for an occurrence that has an end (office end for an early departure). */
  to: number | null;
  severity: z.infer<typeof severity>;
  /** 0–1: how many of the signals agree. */
  confidence: number;
  evidence: FindingEvidence;
}

export const finding = z.object({
  id: z.number().int(),
  kind: findingKind,
  nature: findingNature,
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  subject: findingSubject,
  date: z.string(),
  from: z.number().int(),
  to: z.number().int().nullable(),
  severity,
  confidence: z.number(),
  state: findingState,
  standing: findingStanding.nullable(),
  evidence: findingEvidence,
  openedAt: z.number().int(),
  updatedAt: z.number().int(),
  resolvedAt: z.number().int().nullable(),
  /** When a person acknowledged it (an acknowledged finding does not escalate). */
  acknowledgedAt: z.number().int().nullable(),
  /** 0, or the escalation level it was raised to, unacknowledged. */
  escalationLevel: z.number().int().min(0),
  /** Until when it may be contested (epoch ms), for a finding about a person. */
  appealEndsAt: z.number().int().nullable(),
});
export type Finding = z.infer<typeof finding>;

/** What changed: detection's own (opened … withdrawn), and an appeal's (contested, upheld, overturned, stood: its window closed uncontested). */
export const findingAction = z.enum([
  'opened',
  'updated',
  'reopened',
  'resolved',
  'withdrawn',
  'contested',
  'upheld',
  'overturned',
  'stood',
]);
export type FindingAction = z.infer<typeof findingAction>;

/** One change a detection pass committed, as the inbox receives it live. */
export const findingChange = z.object({ action: findingAction, finding });
export type FindingChange = z.infer<typeof findingChange>;

export const findingsQuery = z.object({
  state: z.enum(['open', 'resolved', 'all']).default('open'),
  kind: findingKind.optional(),
  severity: z.enum(['info', 'warning', 'critical']).optional(),
  kelurahan: kelurahanCode.optional(),
  kecamatan: kecamatanCode.optional(),
  nip: z
    .string()
    .regex(/^\d{18}$/, 'expected an 18-digit NIP')
    .optional(),
  /** Office days from … to (inclusive), YYYY-MM-DD. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Id of the last finding of the previous page (newest first). */
  before: z.coerce.number().int().positive().optional(),
  /** Findings about a person in this appeal standing (a verifikator's contested ones). */
  standing: findingStanding.optional(),
});
export type FindingsQuery = z.infer<typeof findingsQuery>;

/** GET /api/v1/findings: newest first; `next` is the `before` of the next page. */
export const findingsPage = z.object({
  serverNow: z.number().int(),
  items: z.array(finding),
  next: z.number().int().nullable(),
});

/** GET /api/v1/findings/{id}: the finding and what happened to it. */
export const findingDetailResponse = z.object({
  finding,
  history: z.array(
    z.object({
      at: z.number().int(),
      action: z.string(),
      by: z.string().nullable(),
      detail: z.unknown(),
    }),
  ),
});

export type FindingDetail = z.infer<typeof findingDetailResponse>;

/** POST /api/v1/findings/{id}/acknowledge | comment | resolve: who says what about a finding. */
export const findingActionRequest = z.object({ text: z.string().trim().max(2000).optional() });
export const findingCommentRequest = z.object({
  text: z.string().trim().min(1, 'a comment needs words').max(2000),
});

/** POST /api/v1/findings/{id}/contest: the officer's (or their lurah's) reason, in their words. */
export const findingContestRequest = z.object({
  text: z.string().trim().min(10, 'say why, in at least 10 characters').max(4000),
});
/** POST /api/v1/findings/{id}/decide: a verifikator's decision on a contested finding, with its grounds. */
export const findingDecisionRequest = z.object({
  outcome: z.enum(['upheld', 'overturned']),
  text: z.string().trim().min(10, 'give the grounds, in at least 10 characters').max(4000),
});

/** A silence, as Alertmanager's: matchers and a window; expired early by a person, or at its end. */
export const silenceRequest = z
  .object({
    matchers: z
      .array(
        z
          .string()
          .min(1)
          .max(MATCHER_LIMITS.length, `a matcher is at most ${MATCHER_LIMITS.length} characters`),
      )
      .min(1, 'at least one matcher')
      .max(MATCHER_LIMITS.count, `at most ${MATCHER_LIMITS.count} matchers in one silence`),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }),
    comment: z.string().trim().min(1, 'say why').max(500),
  })
  .refine((s) => !s.startsAt || Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    path: ['endsAt'],
    message: 'must be after startsAt',
  });
export const silence = z.object({
  id: z.number().int(),
  matchers: z.array(z.string()),
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  comment: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.number().int(),
  expiredAt: z.number().int().nullable(),
  state: z.enum(['pending', 'active', 'expired']),
});
export type Silence = z.infer<typeof silence>;
/** GET /api/v1/silences, with the server's now (a simulated clock's in a demo) to judge their windows by. */
export const silencesResponse = z.object({ serverNow: z.number().int(), items: z.array(silence) });
export const silenceResponse = z.object({ silence });

/**
 * A browser's Web Push subscription (PushSubscription.toJSON()), and the language its notifications
 * are to be worded in. Push services speak https only (RFC 8030), so an endpoint is https.
 */
export const pushSubscriptionRequest = z.object({
  endpoint: z.url({ protocol: /^https$/, message: 'expected an https URL of a push service' }).max(2000),
  keys: z.object({ p256dh: z.string().min(40).max(200), auth: z.string().min(16).max(64) }),
  locale: locale.default('id'),
});
export const pushKeyResponse = z.object({ publicKey: z.string() });
export const pushSubscribed = z.object({ id: z.number().int() });
