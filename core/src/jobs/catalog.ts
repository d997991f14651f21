import { z } from 'zod';
import { kelurahanCode } from '../config/codes.ts';

/**
 * Queues and the jobs each carries, with every job's payload as a zod schema in one map: producers
 * (api, media, workers) and processors take the payload type from here (`JobOf<N>`), never from a
 * cast, and a payload read back from Redis is checked against the same schema.
 */
export enum QueueName {
  Maintenance = 'maintenance',
  /** Committed ingest, handed over from the outbox: what detection reads. */
  Ingest = 'ingest',
  /** Detection passes, one office each: on new data and on a tick (conditions true with time alone). */
  Detect = 'detect',
  /** Alert groups: when to notify, what, and escalation. */
  Alerts = 'alerts',
  /** Delivery to webhooks and push services, retried, in order per target. */
  Notify = 'notify',
}

export enum JobName {
  EnsurePartitions = 'partitions.ensure',
  PurgeSessions = 'sessions.purge',
  IngestCommitted = 'ingest.committed',
  DetectOffice = 'detect.office',
  DetectTick = 'detect.tick',
  FindingsSettle = 'findings.settle',
  AlertsFlush = 'alerts.flush',
  AlertsEscalate = 'alerts.escalate',
  /** Steps of alerting lost between a commit and its jobs, found from the tables and queued again. */
  AlertsReconcile = 'alerts.reconcile',
  NotifySend = 'notify.send',
}

export const ingestChannel = z.enum(['attendance', 'queue', 'presence']);
export type IngestChannel = z.infer<typeof ingestChannel>;

export const JOBS = {
  [JobName.EnsurePartitions]: {
    queue: QueueName.Maintenance,
    schema: z.object({ monthsAhead: z.number().int().min(1).max(24) }),
  },
  [JobName.PurgeSessions]: { queue: QueueName.Maintenance, schema: z.object({}) },
  [JobName.IngestCommitted]: {
    queue: QueueName.Ingest,
    schema: z.object({
      /** The outbox row: the job's identity, so a re-dispatched row never runs twice in the queue. */
      outboxId: z.number().int().positive(),
      kelurahan: kelurahanCode,
      channel: ingestChannel,
      /** The delivery whose new items this job hands over. */
      rawPayloadId: z.number().int().positive(),
      /** The office's sequence number of that delivery. */
      seq: z.number().int().positive(),
      /** The span of the delivery's item times (epoch ms), so reading them back prunes partitions. */
      fromAt: z.number().int(),
      toAt: z.number().int(),
    }),
  },
  [JobName.DetectOffice]: {
    queue: QueueName.Detect,
    schema: z.object({
      kelurahan: kelurahanCode,
      /** A past day to pass over again (late data, the day's close); absent: today. */
      date: z.iso.date().optional(),
      /** Why: a delivery (`ingest`), the tick, or the close of a day. Part of the job's identity. */
      reason: z.enum(['ingest', 'tick', 'close']),
      /** The bucket of the request (epoch ms): requests of one office in one bucket run as one job. */
      bucket: z.number().int().min(0),
    }),
  },
  [JobName.DetectTick]: { queue: QueueName.Detect, schema: z.object({}) },
  /** Pending findings whose appeal window closed stand (core/src/findings/appeal.ts). */
  [JobName.FindingsSettle]: { queue: QueueName.Detect, schema: z.object({}) },
  [JobName.AlertsFlush]: {
    queue: QueueName.Alerts,
    schema: z.object({
      groupId: z.number().int().positive(),
      /** When it is due (epoch ms, real time): flushes of one group due together are one job. */
      dueAt: z.number().int().min(0),
    }),
  },
  [JobName.AlertsEscalate]: { queue: QueueName.Alerts, schema: z.object({}) },
  [JobName.AlertsReconcile]: { queue: QueueName.Alerts, schema: z.object({}) },
  [JobName.NotifySend]: {
    queue: QueueName.Notify,
    /** A target (one webhook of a receiver, one push subscription): its pending notifications go out in order. */
    schema: z.object({
      target: z.string().min(1).max(200),
      notificationId: z.number().int().positive(),
      /** Set by the reconciler (a minute number) when the first job for it was lost: a job id of its own. */
      round: z.number().int().positive().optional(),
    }),
  },
} as const satisfies Record<JobName, { queue: QueueName; schema: z.ZodType }>;

export type JobOf<N extends JobName> = z.infer<(typeof JOBS)[N]['schema']>;

export function queueOf(name: JobName): QueueName {
  return JOBS[name].queue;
}

/** What a processor reports; a thrown error is a failed attempt, retried by the job's options. */
export type JobStatus = 'success' | 'skipped';

/** Key prefix of BullMQ under a deployment's Redis prefix. */
export const bullPrefix = (redisPrefix: string) => `${redisPrefix}:bull`;
