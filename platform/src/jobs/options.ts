import type { JobsOptions } from 'bullmq';
import { JobName, queueOf, type JobOf, type JobsFile } from '@pkk/core';

/**
 * Every job's BullMQ options in one place, never at call sites: attempts, backoff and retention from
 * config/jobs.yaml per queue, and a job id where a job has an identity of its own, so that producing
 * it twice (a re-dispatched outbox row, a retried request) adds it once.
 */
export function jobOptions<N extends JobName>(jobs: JobsFile, name: N, data: JobOf<N>): JobsOptions {
  const q = jobs.queues[queueOf(name)];
  const base: JobsOptions = {
    attempts: q.attempts,
    backoff: { type: 'exponential', delay: q.backoffSeconds * 1000 },
    removeOnComplete: { count: q.keepCompleted },
    removeOnFail: { count: q.keepFailed },
  };
  return { ...base, ...jobIdentity(name, data), ...jobDelay(name, data) };
}

/**
 * Jobs that wait for their bucket to close: every request of one office within the bucket is one
 * job, and it runs after them all. (A job id alone would drop a request whose job with that id has
 * already run, before the new data was there.)
 */
const DELAY: { [N in JobName]?: (data: JobOf<N>) => number } = {
  [JobName.DetectOffice]: (d) => (d.reason === 'ingest' ? Math.max(0, d.bucket - Date.now()) : 0),
  [JobName.AlertsFlush]: (d) => Math.max(0, d.dueAt - Date.now()),
};

function jobDelay<N extends JobName>(name: N, data: JobOf<N>): Pick<JobsOptions, 'delay'> {
  const delay = DELAY[name]?.(data) ?? 0;
  return delay > 0 ? { delay } : {};
}

/** Jobs with an identity of their own: the id BullMQ deduplicates by (it refuses ':' in custom ids). */
const IDENTITY: { [N in JobName]?: (data: JobOf<N>) => string } = {
  [JobName.IngestCommitted]: (d) => `outbox-${d.outboxId}`,
  [JobName.DetectOffice]: (d) => `detect-${d.kelurahan}-${d.date ?? 'today'}-${d.reason}-${d.bucket}`,
  [JobName.AlertsFlush]: (d) => `flush-${d.groupId}-${d.dueAt}`,
  // One job per notification: a retried job sends what is still pending, oldest first.
  [JobName.NotifySend]: (d) => `notify-${d.notificationId}${d.round ? `-r${d.round}` : ''}`,
};

function jobIdentity<N extends JobName>(name: N, data: JobOf<N>): Pick<JobsOptions, 'jobId'> {
  const identity = IDENTITY[name];
  return identity ? { jobId: identity(data) } : {};
}
