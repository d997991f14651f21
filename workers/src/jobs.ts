import type { JobsOptions } from 'bullmq';
import { JobName, type JobPayloads } from '@pkk/core';

export { JobName, QueueName, QUEUE_OF, type JobPayloads } from '@pkk/core';

/** Per-job options in one place (retention, retries), never at call sites. */
export function jobOptions(name: JobName): JobsOptions {
  const base: JobsOptions = { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 }, attempts: 3, backoff: { type: 'exponential', delay: 5_000 } };
  switch (name) {
    case JobName.EnsurePartitions:
    case JobName.PurgeSessions:
      return base;
  }
}

/** Repeating jobs and their schedules (cron, in the office zone). */
export const SCHEDULES: { name: JobName; pattern: string; data: JobPayloads[JobName] }[] = [
  { name: JobName.EnsurePartitions, pattern: '15 0 * * *', data: { monthsAhead: 2 } },
  { name: JobName.PurgeSessions, pattern: '30 * * * *', data: {} },
];
