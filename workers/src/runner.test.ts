import { QueueEvents } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullPrefix } from '@pkk/core';
import { testContext } from '@pkk/server/testing/context';
import { checkHandlers, HANDLERS } from './handlers.ts';
import { JobName, QueueName } from './jobs.ts';
import { enqueue, startWorkers, type RunningWorkers } from './runner.ts';

let ctx: Awaited<ReturnType<typeof testContext>>;
let workers: RunningWorkers;
beforeAll(async () => {
  ctx = await testContext();
  workers = await startWorkers(ctx, { schedules: true });
});
afterAll(async () => {
  await workers.close();
  await ctx.dispose();
});

describe('workers', () => {
  it('refuses to start with a job that has no handler or two', () => {
    expect(() => checkHandlers(HANDLERS.slice(1))).toThrow(/without a handler: partitions.ensure/);
    expect(() => checkHandlers([...HANDLERS, HANDLERS[0]!])).toThrow(/two handlers/);
  });

  it('registers the repeating maintenance jobs', async () => {
    const schedulers = await workers.queues.get(QueueName.Maintenance)!.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual([JobName.EnsurePartitions, JobName.PurgeSessions].sort());
  });

  it('runs a job through Redis to its handler: expired sessions are purged', async () => {
    await ctx.db.insertInto('users').values({ username: 'u', display_name: 'u', password_hash: 'x', role: 'admin' }).execute();
    const user = await ctx.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('sessions')
      .values([
        { token_hash: Buffer.from('a'), user_id: user.id, expires_at: new Date(Date.now() - 1000) },
        { token_hash: Buffer.from('b'), user_id: user.id, expires_at: new Date(Date.now() + 3600_000) },
      ])
      .execute();
    const events = new QueueEvents(QueueName.Maintenance, { connection: ctx.redis.create('worker', 'test-events'), prefix: bullPrefix(ctx.env.REDIS_PREFIX) });
    await events.waitUntilReady();
    const done = new Promise<string>((resolve, reject) => {
      events.on('completed', ({ returnvalue }) => resolve(String(returnvalue)));
      events.on('failed', ({ failedReason }) => reject(new Error(failedReason)));
    });
    await enqueue(workers.queues, JobName.PurgeSessions, {});
    expect(await done).toBe('success');
    const left = await sql<{ n: number }>`select count(*)::int as n from sessions`.execute(ctx.db);
    expect(left.rows[0]!.n).toBe(1);
    await events.close();
  });
});
