import { Queue, Worker, type Job } from 'bullmq';
import { bullPrefix } from '@pkk/core';
import type { Context } from '@pkk/server/context';
import { checkHandlers } from './handlers.ts';
import type { JobName} from './jobs.ts';
import { QueueName, QUEUE_OF, SCHEDULES, jobOptions, type JobPayloads } from './jobs.ts';

export interface RunningWorkers {
  queues: Map<QueueName, Queue>;
  close(): Promise<void>;
}

/** Starts one BullMQ worker per queue and registers the repeating jobs. */
export async function startWorkers(ctx: Context, opts: { concurrency?: number; schedules?: boolean } = {}): Promise<RunningWorkers> {
  const handlers = checkHandlers();
  const prefix = bullPrefix(ctx.env.REDIS_PREFIX);
  const queues = new Map<QueueName, Queue>();
  const workers: Worker[] = [];
  for (const q of Object.values(QueueName)) {
    queues.set(q, new Queue(q, { connection: ctx.redis.create('worker', `queue-${q}`), prefix }));
    const worker = new Worker(
      q,
      async (job: Job) => {
        const handle = handlers.get(job.name as JobName);
        if (!handle) throw new Error(`no handler for job ${job.name}`);
        return handle(ctx, job.data as JobPayloads[JobName]);
      },
      { connection: ctx.redis.create('worker', `worker-${q}`), prefix, concurrency: opts.concurrency ?? 4 },
    );
    worker.on('failed', (job, err) => ctx.log.error({ err, job: job?.name, id: job?.id }, 'job failed'));
    worker.on('error', (err) => ctx.log.error({ err, queue: q }, 'worker error'));
    workers.push(worker);
  }
  if (opts.schedules !== false) {
    for (const s of SCHEDULES) {
      const queue = queues.get(QUEUE_OF[s.name])!;
      await queue.upsertJobScheduler(s.name, { pattern: s.pattern, tz: ctx.policy.workHours.zone }, { name: s.name, data: s.data, opts: jobOptions(s.name) });
    }
  }
  return {
    queues,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

/** Adds one job with its policy options. */
export async function enqueue<N extends JobName>(queues: Map<QueueName, Queue>, name: N, data: JobPayloads[N]): Promise<void> {
  await queues.get(QUEUE_OF[name])!.add(name, data, jobOptions(name));
}
