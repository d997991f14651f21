import { Queue } from 'bullmq';
import {
  JOBS,
  bullPrefix,
  queueOf,
  type JobName,
  type JobOf,
  type JobsFile,
  type QueueName,
} from '@pkk/core';
import type { RedisFactory } from '../infra/redis.ts';
import { jobOptions } from './options.ts';

/**
 * The one way any role adds a job: `ctx.jobs.enqueue(name, data)`. The payload is checked against
 * the job's schema before it leaves the process; queues use producer connections (no offline queue,
 * one retry), so a caller in an HTTP request fails fast when Redis is down instead of hanging.
 */
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly redis: RedisFactory,
    private readonly jobs: JobsFile,
  ) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: this.redis.create('producer', `jobs-${name}`),
        prefix: bullPrefix(this.redis.prefix),
      });
      // Errors surface on the calls that fail; the queue's own event would otherwise be unhandled.
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  /** Adds one job; returns its id. A job with an identity (see jobOptions) that exists already is not added twice. */
  async enqueue<N extends JobName>(name: N, data: JobOf<N>): Promise<string> {
    const checked = JOBS[name].schema.parse(data);
    const job = await this.queue(queueOf(name)).add(name, checked, jobOptions(this.jobs, name, data));
    return job.id!;
  }

  /** Adds several jobs of one name in one round trip. */
  async enqueueBulk<N extends JobName>(name: N, items: JobOf<N>[]): Promise<void> {
    if (!items.length) return;
    await this.queue(queueOf(name)).addBulk(
      items.map((data) => ({
        name,
        data: JOBS[name].schema.parse(data),
        opts: jobOptions(this.jobs, name, data),
      })),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.queues.clear();
  }
}
