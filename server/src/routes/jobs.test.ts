import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JobName, QueueName, bullPrefix, type FailedJob } from '@pkk/core';
import { loginAs, testApi } from '../testing/context.ts';

let t: Awaited<ReturnType<typeof testApi>>;
let admin: string;
let operator: string;
let failing: Worker<unknown, string>;
let failedId: string;

const get = (path: string, cookie: string) => fetch(`${t.url}${path}`, { headers: { cookie } });
const post = (path: string, cookie: string) =>
  fetch(`${t.url}${path}`, { method: 'POST', headers: { cookie } });

beforeAll(async () => {
  t = await testApi();
  admin = await loginAs(t, { username: 'admin', role: 'admin' });
  operator = await loginAs(t, { username: 'operator', role: 'operator' });
  // A worker whose every attempt fails, as a processor with a broken receiver would.
  failing = new Worker<unknown, string>(
    QueueName.Maintenance,
    async (): Promise<string> => {
      throw new Error('receiver refused: 503');
    },
    { connection: t.ctx.redis.create('worker', 'failing'), prefix: bullPrefix(t.ctx.env.REDIS_PREFIX) },
  );
  // One attempt, so that it fails for good at once.
  t.ctx.policy.jobs.queues.maintenance.attempts = 1;
  failedId = await t.ctx.jobs.enqueue(JobName.EnsurePartitions, { monthsAhead: 2 });
  const job = (await t.ctx.jobs.queue(QueueName.Maintenance).getJob(failedId))!;
  await vi.waitFor(async () => expect(await job.isFailed()).toBe(true), { timeout: 10_000 });
  await failing.pause();
});
afterAll(async () => {
  await failing.close();
  await t.dispose();
});

describe('failed jobs', () => {
  it('are listed for admins, newest first, with the reason and the payload', async () => {
    await vi.waitFor(
      async () => {
        const res = await get('/api/v1/jobs/failed', admin);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { items: FailedJob[]; total: number };
        const mine = body.items.find((j) => j.id === failedId);
        expect(mine).toMatchObject({
          queue: 'maintenance',
          name: JobName.EnsurePartitions,
          data: { monthsAhead: 2 },
        });
        expect(mine!.failedReason).toMatch(/receiver refused/);
        expect(body.total).toBeGreaterThanOrEqual(1);
      },
      { timeout: 10_000 },
    );
  });

  it('are hidden from everyone but admins', async () => {
    expect((await get('/api/v1/jobs/failed', operator)).status).toBe(403);
    expect((await fetch(`${t.url}/api/v1/jobs/failed`)).status).toBe(401);
  });

  it('refuse an unknown queue with the field named', async () => {
    const res = await get('/api/v1/jobs/failed?queue=nonsense', admin);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/queue/);
  });

  it('can be retried by an admin, and a job that has not failed cannot', async () => {
    const res = await post(`/api/v1/jobs/maintenance/${failedId}/retry`, admin);
    expect(res.status).toBe(202);
    const job = (await t.ctx.jobs.queue(QueueName.Maintenance).getJob(failedId))!;
    expect(await job.isFailed()).toBe(false);
    expect((await post(`/api/v1/jobs/maintenance/${failedId}/retry`, admin)).status).toBe(409);
    expect((await post('/api/v1/jobs/maintenance/no-such-job/retry', admin)).status).toBe(404);
    expect((await post(`/api/v1/jobs/maintenance/${failedId}/retry`, operator)).status).toBe(403);
  });
});
