import { Worker, type Job } from 'bullmq';
import {
  DETECTORS,
  QueueName,
  bullPrefix,
  checkDetectors,
  queueOf,
  type Detector,
  type JobName,
  type JobStatus,
} from '@pkk/core';
import type { Context } from '@pkk/platform/context';
import { jobOptions } from '@pkk/platform/jobs/options';
import { channels } from '@pkk/platform/infra/redis';
import { OutboxDispatcher } from './outbox/dispatcher.ts';
import { HrWebhookSender } from './outbox/hr-sender.ts';
import { checkProcessors, schedulesFor } from './registry.ts';
import { throttled } from '@pkk/platform/infra/throttle';

export interface RunningWorkers {
  queues: QueueName[];
  dispatcher: OutboxDispatcher | null;
  workers: Map<QueueName, Worker>;
  close(): Promise<void>;
}

/** The queues a worker process runs: `WORKER_QUEUES` (comma-separated), or all of them. */
export function selectQueues(spec: string): QueueName[] {
  const all = Object.values(QueueName);
  if (spec.trim() === '' || spec.trim() === 'all') return all;
  const names = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !all.includes(n as QueueName));
  if (unknown.length)
    throw new Error(`WORKER_QUEUES names unknown queues: ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return all.filter((q) => names.includes(q));
}

/**
 * Starts one BullMQ worker per selected queue (concurrency from config/jobs.yaml), the outbox
 * dispatcher when the ingest queue is among them, and the repeating jobs of the selected queues.
 * First the registries are checked, so that a job without a processor (or with two) or a finding
 * kind with two detectors stops start-up with its name instead of failing jobs later.
 * `detectors`: the detector list to check (core's; a test passes a broken one).
 */
export async function startWorkers(
  ctx: Context,
  opts: { schedules?: boolean; queues?: QueueName[]; detectors?: readonly Detector[] } = {},
): Promise<RunningWorkers> {
  checkDetectors(opts.detectors ?? DETECTORS);
  const processors = checkProcessors();
  const prefix = bullPrefix(ctx.env.REDIS_PREFIX);
  const selected = opts.queues ?? selectQueues(ctx.env.WORKER_QUEUES);
  const workers = new Map<QueueName, Worker>();
  for (const q of selected) {
    const worker = new Worker<unknown, JobStatus, string>(
      q,
      async (job: Job) => {
        const p = processors.get(job.name as JobName);
        if (!p || queueOf(p.name) !== q) throw new Error(`no processor for job ${job.name} on queue ${q}`);
        return p.run(ctx, job);
      },
      {
        connection: ctx.redis.create('worker', `worker-${q}`),
        prefix,
        concurrency: ctx.policy.jobs.queues[q].concurrency,
        // A worker killed mid-job: its job is taken again once the lock lapses, checked as often.
        lockDuration: ctx.policy.jobs.queues[q].lockSeconds * 1000,
        stalledInterval: ctx.policy.jobs.queues[q].lockSeconds * 1000,
      },
    );
    worker.on('failed', (job, err) => {
      const final = job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
      ctx.log[final ? 'error' : 'warn'](
        { err, job: job?.name, id: job?.id, attempt: job?.attemptsMade },
        final ? 'job failed for good' : 'job attempt failed; retrying',
      );
    });
    // While Redis is down a worker errs on every reconnect attempt, many times a second.
    worker.on(
      'error',
      throttled(30_000, (suppressed, err: Error) =>
        ctx.log.error({ err, queue: q, suppressed }, 'worker error'),
      ),
    );
    workers.set(q, worker);
  }
  let dispatcher: OutboxDispatcher | null = null;
  if (selected.includes(QueueName.Ingest)) {
    dispatcher = new OutboxDispatcher(ctx);
    dispatcher.start();
    // Every announcement of new data wakes it at once; the poll is the fallback for lost ones.
    const sub = ctx.redis.create('subscriber', 'outbox-wake');
    sub.on('message', () => dispatcher?.wake());
    await sub.subscribe(channels.events(ctx.env.REDIS_PREFIX));
  }
  // The HR system's webhooks go with the maintenance queue's workers (any number may run: SKIP LOCKED).
  const hrSender = selected.includes(QueueName.Maintenance) ? new HrWebhookSender(ctx) : null;
  hrSender?.start();
  if (opts.schedules !== false) {
    for (const s of schedulesFor(ctx.policy)) {
      if (!selected.includes(queueOf(s.name))) continue;
      const queue = ctx.jobs.queue(queueOf(s.name));
      await queue.upsertJobScheduler(s.name, s.repeat, {
        name: s.name,
        data: s.data,
        opts: jobOptions(ctx.policy.jobs, s.name, s.data),
      });
    }
  }
  await Promise.all([...workers.values()].map((w) => w.waitUntilReady()));
  return {
    queues: selected,
    dispatcher,
    workers,
    async close() {
      await dispatcher?.stop();
      await hrSender?.stop();
      await Promise.all([...workers.values()].map((w) => w.close()));
    },
  };
}
