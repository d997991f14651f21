import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '@pkk/core';
import { startLocalRedis, type LocalRedis } from '@pkk/platform/infra/local-redis';
import { freePort } from '@pkk/platform/infra/ports';
import { loginAs, registerDevice, testApi } from '@pkk/server/testing/context';
import { startRole, type RoleProcess } from './support/roles.ts';

/**
 * redis-server killed with SIGKILL under ingest load, and started again on the same port (by its
 * supervisor, as `npm start` runs it, append-only file on), with a redis-server of its own. Ingest
 * keeps answering (PostgreSQL is the record); the api, a real workers process and socket.io
 * reconnect by themselves; /readyz recovers; the wall's state converges with PostgreSQL; every
 * committed delivery reaches the workers (no job lost) and a finding whose events came in while
 * Redis was down is found.
 */
const KEL = '16.71.01.1002';

let dir: string;
let redis: LocalRedis;
let t: Awaited<ReturnType<typeof testApi>>;
let workers: RoleProcess;
let kioskKey: string;
let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
const details: number[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pkk-fault-redis-'));
  chmodSync(dir, 0o755);
  redis = await startLocalRedis({ dir: path.join(dir, 'redis'), port: await freePort() });
  t = await testApi({ REDIS_URL: redis.url });
  // A quick reconcile, so that announcements lost while Redis was down are caught within a second.
  t.ctx.policy.thresholds.live.reconcileSeconds = 0.3;
  await t.api.hub.stop();
  await t.api.hub.start();
  const cookie = await loginAs(t, { username: 'op', role: 'operator' });
  kioskKey = (await registerDevice(t, cookie, { kelurahanCode: KEL, kind: 'queue', name: 'kiosk' })).key!;

  const db = new URL(inject('databaseUrl'));
  db.searchParams.set('options', `-c search_path=${t.schema}`);
  workers = await startRole(
    'workers',
    {
      DATABASE_URL: db.toString(),
      REDIS_URL: redis.url,
      REDIS_PREFIX: t.ctx.env.REDIS_PREFIX,
      DATABASE_POOL_SIZE: '6',
      CLOCK_REAL_ANCHOR: String(t.ctx.env.CLOCK_REAL_ANCHOR),
      CLOCK_VIRTUAL_ANCHOR: String(t.ctx.env.CLOCK_VIRTUAL_ANCHOR),
    },
    { log: path.join(dir, 'workers.log') },
  );

  // A wall on the office, reconnecting by itself as the web app's does.
  socket = connect(t.url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie } });
  socket.on('live:detail', () => details.push(performance.now()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  expect(
    (await socket.timeout(5_000).emitWithAck('subscribe', { room: `kelurahan:${KEL}` } as { room: string }))
      .ok,
  ).toBe(true);
}, 120_000);

afterAll(async () => {
  socket?.close();
  await workers?.stop();
  await t?.dispose();
  await redis?.stop();
  if (dir && !process.env.KEEP_FAULT_LOGS) rmSync(dir, { recursive: true, force: true });
});

let sent = 0;
/** One citizen's ticket (the queue grows: the wall hears of each), its time from the test clock; every one must be acknowledged, Redis or not. */
async function ticket(): Promise<number> {
  const n = ++sent;
  try {
    const res = await fetch(`${t.url}/api/v1/ingest/queue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kioskKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kelurahan: KEL,
        events: [
          {
            type: 'ticket.issued',
            ticketId: `L-${n}`,
            ticketNumber: `B${n}`,
            service: 'domisili',
            time: new Date(t.ctx.clock.now()).toISOString(),
          },
        ],
      }),
    });
    return res.status;
  } catch {
    return 0;
  }
}

const stored = async () =>
  Number(
    (
      await sql<{
        n: string;
      }>`select count(*) as n from queue_events where kelurahan_code = ${KEL} and ticket_id like 'L-%'`.execute(
        t.ctx.db,
      )
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
  (await t.ctx.db
    .selectFrom('office_intake')
    .selectAll()
    .where('kelurahan_code', '=', KEL)
    .executeTakeFirst()) ?? null;

describe('redis-server killed under load', () => {
  it('is started again on its port; api, workers and socket.io reconnect; nothing committed is lost', async () => {
    const statuses: number[] = [];
    let stop = false;
    const load = (async () => {
      while (!stop) {
        statuses.push(await ticket());
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    await vi.waitFor(() => expect(details.length).toBeGreaterThan(0), { timeout: 15_000 });

    const first = redis.pid()!;
    process.kill(first, 'SIGKILL');
    // While it is down (the supervisor waits 0.5 s): a citizen's ticket comes in, 40 minutes old,
    // past the queue's wait target. Its finding must be found once Redis is back.
    const late = await fetch(`${t.url}/api/v1/ingest/queue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kioskKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kelurahan: KEL,
        events: [
          {
            type: 'ticket.issued',
            ticketId: 'R-1',
            ticketNumber: 'A001',
            service: 'domisili',
            time: new Date(t.ctx.clock.now() - 40 * 60_000).toISOString(),
          },
        ],
      }),
    });
    expect(late.status).toBe(200);
    await vi.waitFor(() => expect(redis.pid() !== null && redis.pid() !== first).toBe(true), {
      timeout: 20_000,
      interval: 50,
    });
    const back = performance.now();
    await vi.waitFor(async () => expect((await fetch(`${t.url}/readyz`)).status).toBe(200), {
      timeout: 30_000,
      interval: 100,
    });
    // The wall gets live news again (the api pushes an office's changes every few seconds).
    await vi.waitFor(() => expect(details.filter((at) => at > back).length).toBeGreaterThan(0), {
      timeout: 20_000,
      interval: 100,
    });
    stop = true;
    await load;

    // Ingest never failed: PostgreSQL is the record, Redis only the news.
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await stored()).toBe(sent);
    // Every committed delivery reached the workers (punches and the ticket, the outbox empty)...
    await vi.waitFor(async () => expect(Number((await intake())?.events)).toBe(sent + 1), {
      timeout: 30_000,
      interval: 200,
    });
    expect(await t.ctx.db.selectFrom('ingest_outbox').select('id').execute()).toEqual([]);
    // ...the wall's state converged with the database...
    await vi.waitFor(async () => expect(t.api.hub.seqOf(KEL)).toBe(await dbSeq()), { timeout: 10_000 });
    // ...and the ticket that came while Redis was down made its finding.
    await vi.waitFor(
      async () =>
        expect(
          await t.ctx.db
            .selectFrom('findings')
            .select('kind')
            .where('kelurahan_code', '=', KEL)
            .where('kind', '=', 'queue_wait_sla')
            .where('state', '=', 'open')
            .execute(),
        ).toHaveLength(1),
      { timeout: 30_000, interval: 200 },
    );
    expect(workers.alive()).toBe(true);
    expect(redis.restarts()).toBe(1);
  }, 120_000);
});
