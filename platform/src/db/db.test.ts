import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testContext } from '../testing/context.ts';
import { createDb } from './index.ts';
import { MIGRATIONS } from './migrate.ts';
import { ensurePartitions } from './partitions.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
let ctx: Awaited<ReturnType<typeof testContext>>;
beforeAll(async () => {
  ctx = await testContext();
});
afterAll(() => ctx.dispose());

describe('migrations', () => {
  it('lists every migration file, named by date, in order', () => {
    const files = readdirSync(path.join(here, 'migrations'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.ts$/, ''));
    const names = Object.keys(MIGRATIONS);
    expect(names).toEqual(files.sort());
    for (const n of names) expect(n).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}-[a-z0-9-]+$/);
    expect([...names].sort()).toEqual(names);
  });
});

describe('monthly partitions', () => {
  it('creates partitions around a month and moves rows that waited in the default partition', async () => {
    // A punch for March 2031 lands in the default partition: no partition exists for it yet.
    await sql`insert into raw_payloads (received_at, device_id, channel, body, item_count, valid_count) values ('2031-03-10T01:00:00Z', 1, 'attendance', '\\x00', 1, 1)`.execute(
      ctx.db,
    );
    await sql`insert into attendance_punches (device_id, kelurahan_code, person_ref, officer_key, punched_at, direction, verify, raw_payload_id, received_at)
              values (1, '16.71.01.1001', '7', 'pin:7', '2031-03-10T00:31:00Z', 'in', 'fingerprint', 1, '2031-03-10T01:00:00Z')`.execute(
      ctx.db,
    );
    const created = await ensurePartitions(ctx.db, Date.parse('2031-03-15T00:00:00Z'), 0, 0);
    expect(created).toEqual([
      'raw_payloads_2031_03',
      'attendance_punches_2031_03',
      'queue_events_2031_03',
      'presence_observations_2031_03',
    ]);
    const where = await sql<{
      t: string;
      n: number;
    }>`select tableoid::regclass::text as t, count(*)::int as n from attendance_punches group by 1`.execute(
      ctx.db,
    );
    expect(where.rows).toEqual([{ t: 'attendance_punches_2031_03', n: 1 }]);
    // Idempotent: a second run creates nothing.
    expect(await ensurePartitions(ctx.db, Date.parse('2031-03-15T00:00:00Z'), 0, 0)).toEqual([]);
  });
});

describe('a connection whose server goes away', () => {
  it('while checked out between statements, fails its next statement instead of crashing the process', async () => {
    const { db, pool } = createDb({
      url: ctx.env.DATABASE_URL!,
      poolSize: 2,
      schema: ctx.schema,
      onIdleError: (err) => lost.push(err),
    });
    const lost: Error[] = [];
    try {
      const client = await pool.connect();
      const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      // An administrator (or a stopping server) ends the backend while the client is checked out, idle.
      await sql`select pg_terminate_backend(${pid})`.execute(ctx.db);
      await vi.waitFor(() => expect(lost.length).toBeGreaterThan(0), { timeout: 5_000 });
      await expect(client.query('select 1')).rejects.toThrow();
      client.release(true);
      // The pool carries on with a new connection.
      expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows[0]!.one).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});
