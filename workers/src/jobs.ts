import type { JobsOptions } from 'bullmq';

/** Queues and the jobs each carries. Names are the only place these strings appear. */
export enum QueueName {
  Maintenance = 'maintenance',
}

export enum JobName {
  EnsurePartitions = 'partitions.ensure',
  PurgeSessions = 'sessions.purge',
}

/** Payload of every job, by name: producers and processors share this one map. */
export interface JobPayloads {
  [JobName.EnsurePartitions]: { monthsAhead: number };
  [JobName.PurgeSessions]: Record<string, never>;
}

export const QUEUE_OF: Record<JobName, QueueName> = {
  [JobName.EnsurePartitions]: QueueName.Maintenance,
  [JobName.PurgeSessions]: QueueName.Maintenance,
};

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
