/**
 * Queues and the jobs each carries, with every job's payload in one map. Producers (api), processors
 * (workers) and the metrics that count queue depth all name jobs through these, never as strings.
 */
export enum QueueName {
  Maintenance = 'maintenance',
}

export enum JobName {
  EnsurePartitions = 'partitions.ensure',
  PurgeSessions = 'sessions.purge',
}

export interface JobPayloads {
  [JobName.EnsurePartitions]: { monthsAhead: number };
  [JobName.PurgeSessions]: Record<string, never>;
}

export const QUEUE_OF: Record<JobName, QueueName> = {
  [JobName.EnsurePartitions]: QueueName.Maintenance,
  [JobName.PurgeSessions]: QueueName.Maintenance,
};

/** Key prefix of BullMQ under a deployment's Redis prefix. */
export const bullPrefix = (redisPrefix: string) => `${redisPrefix}:bull`;
