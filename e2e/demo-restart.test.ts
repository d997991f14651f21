import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { addDays, epochAt, localDateOf, type KelurahanDetail, type KelurahanSummary } from '@pkk/core';
import { createDb, type Db } from '@pkk/platform/db/index';
import { readSimPosition, simPositionFile, type SimPosition } from '@pkk/platform/demo/position';
import { freePort } from '@pkk/platform/infra/ports';
import { launch, until } from './support/launcher.ts';

/**
 * `npm start` stopped and started again on the same day, with real processes: the demo's clock goes
 * on from where the simulator stood (var/sim/position.json) instead of replaying the day from 06:45,
 * and what the wall shows equals what the database holds. Three offices at 600x (ten simulated
 * minutes a real second), without media, cameras and workers, to spare the shared machine.
 */
const OFFICES = ['16.71.01.1001', '16.71.01.1002', '16.71.02.1004'];

const temp: string[] = [];
const running: ReturnType<typeof launch>[] = [];
let db: Db | null = null;
afterAll(async () => {
  for (const r of running) if (r.proc.exitCode === null) r.proc.kill('SIGTERM');
  await Promise.all(running.map((r) => r.exited));
  await db?.destroy();
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

const position = (varDir: string): SimPosition | null => readSimPosition(simPositionFile(varDir)).position;

async function signIn(url: string, varDir: string): Promise<string> {
  const { passwords } = JSON.parse(readFileSync(path.join(varDir, 'demo-credentials.json'), 'utf8')) as {
    passwords: Record<string, string>;
  };
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'operator', password: passwords.operator }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** Per office: tickets issued and officers who punched, on the wall (live state) and in the database. */
async function counts(url: string, cookie: string, code: string) {
  const res = await fetch(`${url}/api/v1/kelurahan/${code}`, { headers: { cookie } });
  const { detail } = (await res.json()) as { detail: KelurahanDetail };
  const date = detail.summary.date;
  const from = new Date(epochAt(date, '00:00'));
  const to = new Date(epochAt(addDays(date, 1), '00:00'));
  const { rows } = await sql<{ issued: number; arrived: number }>`
    select
      (select count(*)::int from queue_events where kelurahan_code = ${code} and type = 'ticket.issued'
        and occurred_at >= ${from} and occurred_at < ${to}) as issued,
      (select count(distinct nip)::int from attendance_punches where kelurahan_code = ${code}
        and nip is not null and punched_at >= ${from} and punched_at < ${to}) as arrived`.execute(db!);
  return {
    wall: {
      issued: detail.summary.issuedToday,
      arrived: detail.roster.filter((r) => r.arrivedAt !== null).length,
    },
    database: rows[0]!,
  };
}

describe('npm start after npm start', () => {
  it('continues the simulated day where it stopped, and the wall agrees with the database', async () => {
    const varDir = mkdtempSync(path.join(os.tmpdir(), 'pkk-restart-'));
    chmodSync(varDir, 0o755); // as root the postgres user must pass through (mkdtemp makes it 0700)
    temp.push(varDir);
    const port = await freePort();
    const pgPort = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      SIM: 'on',
      SIM_SPEED: '600',
      SIM_OFFICES: OFFICES.join(','),
      SIM_CAMERAS: 'off',
      SIM_PROGRESS_MS: '0',
      MEDIA: 'off',
      WORKERS: 'off',
      PORT: String(port),
      PG_PORT: String(pgPort),
      REDIS_PORT: String(await freePort()),
      VAR_DIR: varDir,
      LOG_LEVEL: 'warn',
    };

    const first = launch(env);
    running.push(first);
    await until(() => /demo logins/.test(first.output()) || first.proc.exitCode !== null, 'the first start');
    expect(first.output()).not.toMatch(/continuing/);
    const day = /simulated clock: (\d{4}-\d{2}-\d{2}) 06:45 WIB/.exec(first.output())?.[1];
    expect(day, first.output()).toBeDefined();
    // Past the morning's arrivals: an hour and a half of simulated time after 06:45.
    await until(
      () => (position(varDir)?.at ?? 0) >= epochAt(day!, '08:15'),
      'the simulated morning',
      120_000,
    );
    db = createDb({ url: `postgres://postgres:pkk-local@127.0.0.1:${pgPort}/postgres`, poolSize: 2 }).db;
    const before = await counts(url, await signIn(url, varDir), OFFICES[0]!);
    expect(before.database.arrived).toBeGreaterThan(0);
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await db.destroy();
    db = null;
    const stopped = position(varDir)!;
    expect(stopped.deliveredThrough).toBeLessThanOrEqual(stopped.at);

    const second = launch(env);
    running.push(second);
    await until(
      () => /demo logins/.test(second.output()) || second.proc.exitCode !== null,
      'the second start',
    );
    expect(second.output()).toMatch(/simulated clock: .* continuing where the last run stopped/);
    // The simulator sends nothing it delivered before it stopped.
    await until(
      () => /\[sim\] resuming: what was due before/.test(second.output()),
      'the simulator to resume',
    );
    db = createDb({ url: `postgres://postgres:pkk-local@127.0.0.1:${pgPort}/postgres`, poolSize: 2 }).db;
    const cookie = await signIn(url, varDir);
    const list = await fetch(`${url}/api/v1/kelurahan`, { headers: { cookie } });
    const { serverNow, items } = (await list.json()) as { serverNow: number; items: KelurahanSummary[] };
    // The clock went on from where it stood, not back to 06:45.
    expect(serverNow).toBeGreaterThanOrEqual(stopped.at);
    expect(items.find((i) => i.code === OFFICES[0])!.date).toBe(localDateOf(stopped.at));
    for (const code of OFFICES)
      await vi.waitFor(
        async () => {
          const c = await counts(url, cookie, code);
          expect(c.wall, code).toEqual(c.database);
        },
        { timeout: 20_000, interval: 200 },
      );
    const after = await counts(url, cookie, OFFICES[0]!);
    expect(after.wall.arrived).toBeGreaterThanOrEqual(before.database.arrived);
    await until(() => (position(varDir)?.at ?? 0) > stopped.at, 'the simulator to move on', 30_000);

    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 300_000);
});
