import { sql } from 'kysely';
import { QueueName } from '@pkk/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loginAs, registerDevice, testApi, testContext } from '@pkk/server/testing/context';
import { startWorkers, type RunningWorkers } from '@pkk/workers/runner';

/**
 * Detection and live state must see every committed event, whatever happens to the announcement on
 * Redis. These tests make the api lose it on purpose (a fault after COMMIT, before PUBLISH) and kill a
 * worker's job after its effect, then check that the workers' view and the wall's state converge with
 * PostgreSQL, and that an effect happens once.
 */
const KEL = '16.71.01.1002';
const NIP = '198703122010012099';

let t: Awaited<ReturnType<typeof testApi>>;
let w: Awaited<ReturnType<typeof testContext>>;
let workers: RunningWorkers;
let key: string;

beforeAll(async () => {
  // A quick reconcile, so that a lost announcement is caught within a second or two.
  t = await testApi();
  t.ctx.policy.thresholds.live.reconcileSeconds = 0.3;
  await t.api.hub.stop();
  await t.api.hub.start();
  const cookie = await loginAs(t, { username: 'op', role: 'operator' });
  key = (await registerDevice(t, cookie, { kelurahanCode: KEL, kind: 'attendance', name: 'gate' })).key!;
  const res = await fetch(`${t.url}/api/v1/officers`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({
      officers: [
        { nip: NIP, name: 'Dewi Lestari', kelurahanCode: KEL, position: 'Staf', desk: 'loket-1', pin: '9' },
      ],
    }),
  });
  expect(res.status).toBe(200);
  // A workers role over the same database and Redis prefix.
  w = await testContext({ REDIS_PREFIX: t.ctx.env.REDIS_PREFIX }, { schema: t.schema });
  w.policy.jobs.queues.ingest.backoffSeconds = 0.05;
  workers = await startWorkers(w, { schedules: false });
});
afterAll(async () => {
  await workers?.close();
  await w?.dispose();
  await t?.dispose();
});

async function punch(minutesAgo: number) {
  const time = new Date(t.ctx.clock.now() - minutesAgo * 60_000).toISOString();
  const res = await fetch(`${t.url}/api/v1/ingest/attendance`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kelurahan: KEL, punches: [{ nip: NIP, time, direction: 'in' }] }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { accepted: number }).accepted).toBe(1);
}

const stored = async () =>
  Number(
    (
      await sql<{
        n: string;
      }>`select count(*) as n from attendance_punches where kelurahan_code = ${KEL}`.execute(t.ctx.db)
    ).rows[0]!.n,
  );
const dbSeq = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('office_sequence')
        .select('seq')
        .where('kelurahan_code', '=', KEL)
        .executeTakeFirst()
    )?.seq ?? 0,
  );
const intake = async () =>
  (await w.db.selectFrom('office_intake').selectAll().where('kelurahan_code', '=', KEL).executeTakeFirst()) ??
  null;

describe('the hand-off from ingest', () => {
  it('reaches the workers and the wall when the announcement after the commit is lost', async () => {
    t.ctx.faults.arm('announce', 1);
    await punch(30);
    expect(await stored()).toBe(1);
    // The workers take it from the outbox, not from the lost announcement.
    await vi.waitFor(async () => expect(Number((await intake())?.events)).toBe(1), { timeout: 10_000 });
    // The wall's state sees the office behind the database and re-reads it.
    await vi.waitFor(async () => expect(t.api.hub.seqOf(KEL)).toBe(await dbSeq()), { timeout: 10_000 });
    const roster = t.api.hub.detail(KEL)!.roster;
    expect(roster.find((r) => r.nip === NIP)?.present).toBe(true);
    expect(t.api.hub.reloads).toBeGreaterThan(0);
  });

  it('applies a job’s effect once when the worker dies after the effect, before acknowledging it', async () => {
    w.faults.arm('job.after-effect', 1);
    await punch(20);
    await vi.waitFor(async () => expect(Number((await intake())?.last_seq)).toBe(await dbSeq()), {
      timeout: 10_000,
    });
    // Give the retry time to run: it finds the effect recorded and skips.
    await vi.waitFor(
      async () => {
        const job = await w.jobs.queue(QueueName.Ingest).getJob(`outbox-${await lastOutboxId()}`);
        expect(await job?.getState()).toBe('completed');
        expect(job?.returnvalue).toBe('skipped');
      },
      { timeout: 10_000 },
    );
    expect(Number((await intake())!.events)).toBe(2);
  });

  it('hands over a delivery again when the dispatcher dies between enqueue and delete, once', async () => {
    w.faults.arm('outbox.enqueue', 1);
    await punch(10);
    await vi.waitFor(async () => expect(Number((await intake())?.events)).toBe(3), { timeout: 10_000 });
    // The row stayed (its transaction rolled back) and is dispatched again: BullMQ keeps the job id,
    // so the job is not added twice, and the row goes.
    await vi.waitFor(
      async () => expect(await t.ctx.db.selectFrom('ingest_outbox').select('id').execute()).toEqual([]),
      { timeout: 10_000 },
    );
    expect(Number((await intake())!.events)).toBe(3);
  });
});

let lastId = 0;
async function lastOutboxId(): Promise<number> {
  if (!lastId) {
    const r = await w.db
      .selectFrom('job_effects')
      .select('key')
      .orderBy('applied_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    lastId = Number(r.key.replace('ingest-', ''));
  }
  return lastId;
}
