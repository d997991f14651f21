import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalPostgres, type LocalPostgres } from '@pkk/platform/infra/embedded-postgres';
import { freePort } from '@pkk/platform/infra/ports';
import { loginAs, registerDevice, testContext } from '@pkk/server/testing/context';
import { startRole, type RoleProcess } from './support/roles.ts';

/**
 * PostgreSQL stopped and started again under ingest load, with an api process of its own over a
 * PostgreSQL of its own (the suite's shared one keeps running for the other files). While the
 * database is down, ingest answers 503 in the one error envelope (never 200, never a crash), the api
 * stays up, and afterwards ingest resumes by itself; every punch acknowledged with a 2xx is stored.
 */
const KEL = '16.71.01.1002';
const NIP = '198703122010012099';
const CLIENTS = 4;
const PER_BATCH = 5;

let dir: string;
let pgPort: number;
let pg: LocalPostgres;
let api: RoleProcess;
let ctx: Awaited<ReturnType<typeof testContext>>;
let key: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pkk-fault-pg-'));
  chmodSync(dir, 0o755); // as root the postgres user must pass through (mkdtemp makes it 0700)
  pgPort = await freePort();
  pg = await startLocalPostgres({ dir: path.join(dir, 'pg'), port: pgPort, durable: false });
  const prefix = `f${randomBytes(4).toString('hex')}`;
  // The test's own view of that database (its public schema, where the api works), on the test clock.
  ctx = await testContext({ DATABASE_URL: pg.url, REDIS_PREFIX: prefix }, { schema: 'public' });
  api = await startRole(
    'api',
    {
      DATABASE_URL: pg.url,
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: prefix,
      DATABASE_POOL_SIZE: '4',
      CLOCK_REAL_ANCHOR: String(ctx.env.CLOCK_REAL_ANCHOR),
      CLOCK_VIRTUAL_ANCHOR: String(ctx.env.CLOCK_VIRTUAL_ANCHOR),
    },
    { log: path.join(dir, 'api.log') },
  );
  const t = { ctx, url: api.url };
  const cookie = await loginAs(t, { username: 'op', role: 'operator' });
  key = (await registerDevice(t, cookie, { kelurahanCode: KEL, kind: 'attendance', name: 'gate' })).key!;
  const res = await fetch(`${api.url}/api/v1/officers`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({
      officers: [
        { nip: NIP, name: 'Dewi Lestari', kelurahanCode: KEL, position: 'Staf', desk: 'loket-1', pin: '9' },
      ],
    }),
  });
  expect(res.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await ctx?.dispose();
  await pg?.stop();
  if (dir && !process.env.KEEP_FAULT_LOGS) rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  at: number;
  status: number;
  body: string;
}

/**
 * Terminals posting batches of distinct punches as fast as the api answers; a batch that is not
 * acknowledged is sent again (as a terminal does) until it is. Punch times come from the test clock.
 */
function load() {
  const replies: Reply[] = [];
  const acknowledged: string[] = [];
  let stop = false;
  let next = 0;
  const base = ctx.clock.now() - 3 * 3600_000;
  const client = async () => {
    let batch: string[] | null = null;
    while (!stop) {
      batch ??= Array.from({ length: PER_BATCH }, () => new Date(base + next++ * 1000).toISOString());
      const at = performance.now();
      let status = 0;
      let body = '';
      try {
        const res = await fetch(`${api.url}/api/v1/ingest/attendance`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            kelurahan: KEL,
            punches: batch.map((time) => ({ nip: NIP, time, direction: 'in' })),
          }),
          signal: AbortSignal.timeout(15_000),
        });
        status = res.status;
        body = await res.text();
      } catch (err) {
        body = (err as Error).message;
      }
      replies.push({ at, status, body });
      if (status >= 200 && status < 300) {
        acknowledged.push(...batch);
        batch = null;
      } else {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const running = Promise.all(Array.from({ length: CLIENTS }, client));
  return {
    replies,
    acknowledged,
    async stop() {
      stop = true;
      await running;
    },
  };
}

const until = async (cond: () => boolean | Promise<boolean>, what: string, ms = 30_000) => {
  const end = performance.now() + ms;
  while (!(await cond())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('PostgreSQL stopped under ingest load', () => {
  it('answers 503 while it is down, keeps the api up, resumes by itself, and loses nothing acknowledged', async () => {
    const pid = api.proc.pid;
    const l = load();
    await until(() => l.acknowledged.length >= 50, 'ingest to be flowing');

    await pg.stop();
    const downFrom = performance.now();
    // Down for a few seconds of load.
    await until(
      () => performance.now() - downFrom >= 3_000 && l.replies.filter((r) => r.at > downFrom).length >= 40,
      'replies while PostgreSQL is down',
    );
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(503);
    const downTo = performance.now();

    pg = await startLocalPostgres({ dir: path.join(dir, 'pg'), port: pgPort, durable: false });
    const upAt = performance.now();
    await until(() => l.replies.some((r) => r.at > upAt && r.status === 200), 'ingest to resume', 30_000);
    await until(async () => (await fetch(`${api.url}/readyz`)).status === 200, '/readyz to recover');
    const before = l.acknowledged.length;
    await until(() => l.acknowledged.length >= before + 20, 'more batches acknowledged after the restart');
    await l.stop();

    // While it was down: 503 with the error envelope, nothing else.
    const down = l.replies.filter((r) => r.at > downFrom && r.at < downTo);
    expect(down.length).toBeGreaterThan(0);
    const statuses = new Set(down.map((r) => r.status));
    expect([...statuses]).toEqual([503]);
    for (const r of down) {
      const body = JSON.parse(r.body) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message).toMatch(/database/i);
    }
    // Nothing anywhere was a crash.
    expect(l.replies.filter((r) => r.status === 500 || r.status === 0)).toEqual([]);
    // The same process served throughout.
    expect(api.alive()).toBe(true);
    expect(api.proc.pid).toBe(pid);

    // Every acknowledged punch is in PostgreSQL, once.
    const stored = (
      await sql<{
        at: Date;
      }>`select punched_at as at from attendance_punches where kelurahan_code = ${KEL}`.execute(ctx.db)
    ).rows.map((r) => r.at.toISOString());
    const set = new Set(stored);
    expect(stored.length).toBe(set.size);
    expect(l.acknowledged.filter((t) => !set.has(t))).toEqual([]);
  }, 120_000);
});
