import { QueueEvents } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobName, QueueName, bullPrefix } from '@pkk/core';
import { testContext } from '@pkk/platform/testing/context';
import { checkProcessors, PROCESSORS } from './registry.ts';
import { selectQueues, startWorkers, type RunningWorkers } from './runner.ts';

let ctx: Awaited<ReturnType<typeof testContext>>;
let workers: RunningWorkers;
let events: QueueEvents;
beforeAll(async () => {
  ctx = await testContext();
  ctx.policy.jobs.queues.maintenance.backoffSeconds = 0.05;
  workers = await startWorkers(ctx, { schedules: true, queues: [QueueName.Maintenance] });
  events = new QueueEvents(QueueName.Maintenance, {
    connection: ctx.redis.create('worker', 'test-events'),
    prefix: bullPrefix(ctx.env.REDIS_PREFIX),
  });
  await events.waitUntilReady();
});
afterAll(async () => {
  await events.close();
  await workers.close();
  await ctx.dispose();
});

/** Resolves with the job's return value once it completes, or rejects once it failed for good. */
function outcome(jobId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    events.on('completed', ({ jobId: id, returnvalue }) => id === jobId && resolve(String(returnvalue)));
    events.on('failed', async ({ jobId: id, failedReason }) => {
      if (id !== jobId) return;
      const job = await ctx.jobs.queue(QueueName.Maintenance).getJob(id);
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) reject(new Error(failedReason));
    });
  });
}

describe('workers', () => {
  it('refuse to start with a job that has no processor or two', () => {
    expect(() => checkProcessors(PROCESSORS.slice(1))).toThrow(/without a processor: partitions.ensure/);
    expect(() => checkProcessors([...PROCESSORS, PROCESSORS[0]!])).toThrow(/two processors/);
  });

  it('run the queues WORKER_QUEUES names, and refuse a name that is no queue', () => {
    expect(selectQueues('all')).toEqual(Object.values(QueueName));
    expect(selectQueues('ingest')).toEqual([QueueName.Ingest]);
    expect(selectQueues('notify,detect')).toEqual([QueueName.Detect, QueueName.Notify]);
    expect(() => selectQueues('ingest,media')).toThrow(/unknown queues: media/);
  });

  it('register the repeating maintenance jobs', async () => {
    const schedulers = await ctx.jobs.queue(QueueName.Maintenance).getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(
      [JobName.EnsurePartitions, JobName.PurgeSessions].sort(),
    );
  });

  it('run a job through Redis to its processor: expired sessions are purged', async () => {
    await ctx.db
      .insertInto('users')
      .values({ username: 'u', display_name: 'u', password_hash: 'x', role: 'admin' })
      .execute();
    const user = await ctx.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('sessions')
      .values([
        { token_hash: Buffer.from('a'), user_id: user.id, expires_at: new Date(Date.now() - 1000) },
        { token_hash: Buffer.from('b'), user_id: user.id, expires_at: new Date(Date.now() + 3600_000) },
      ])
      .execute();
    const id = await ctx.jobs.enqueue(JobName.PurgeSessions, {});
    expect(await outcome(id)).toBe('success');
    const left = await sql<{ n: number }>`select count(*)::int as n from sessions`.execute(ctx.db);
    expect(left.rows[0]!.n).toBe(1);
  });

  it('refuse at the producer a payload the job schema refuses', async () => {
    // @ts-expect-error: the type already refuses it; the schema refuses it at run time too.
    await expect(ctx.jobs.enqueue(JobName.EnsurePartitions, { monthsAhead: 'two' })).rejects.toThrow(
      /monthsAhead/,
    );
  });

  it('fail, after all its attempts, a job whose stored payload its schema refuses, and keep it for a retry', async () => {
    // Written around the producer, as a foreign or older process might have.
    const job = await ctx.jobs
      .queue(QueueName.Maintenance)
      .add(JobName.EnsurePartitions, { monthsAhead: -1 }, { attempts: 2, backoff: 10 });
    await expect(outcome(job.id!)).rejects.toThrow(/schema refuses/);
    const failed = await ctx.jobs.queue(QueueName.Maintenance).getFailed();
    expect(failed.map((j) => j.id)).toContain(job.id);
  });
});
