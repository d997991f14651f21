import { Queue } from 'bullmq';
import { QueueName, bullPrefix } from '@pkk/core';
import type { Context } from '@pkk/platform/context';
import type { Metrics } from './metrics.ts';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Reads BullMQ queue depths when /metrics is scraped (not on a timer: no scrape, no Redis work). */
export function collectQueueDepths(ctx: Context, metrics: Metrics): () => Promise<void> {
  const connection = ctx.redis.create('worker', 'metrics-queues');
  const queues = Object.values(QueueName).map(
    (q) => new Queue(q, { connection, prefix: bullPrefix(ctx.env.REDIS_PREFIX) }),
  );
  return async () => {
    for (const q of queues) {
      const counts = await q.getJobCounts(...STATES);
      for (const s of STATES) metrics.queueDepth.set({ queue: q.name, state: s }, counts[s] ?? 0);
    }
  };
}
