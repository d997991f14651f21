import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../testing/context.ts';
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
    await sql`insert into raw_payloads (received_at, device_id, channel, body, item_count, valid_count) values ('2031-03-10T01:00:00Z', 1, 'attendance', '\\x00', 1, 1)`.execute(ctx.db);
    await sql`insert into attendance_punches (device_id, kelurahan_code, person_ref, officer_key, punched_at, direction, verify, raw_payload_id, received_at)
              values (1, '16.71.01.1001', '7', 'pin:7', '2031-03-10T00:31:00Z', 'in', 'fingerprint', 1, '2031-03-10T01:00:00Z')`.execute(ctx.db);
    const created = await ensurePartitions(ctx.db, Date.parse('2031-03-15T00:00:00Z'), 0, 0);
    expect(created).toEqual(['raw_payloads_2031_03', 'attendance_punches_2031_03', 'queue_events_2031_03', 'presence_observations_2031_03']);
    const where = await sql<{ t: string; n: number }>`select tableoid::regclass::text as t, count(*)::int as n from attendance_punches group by 1`.execute(ctx.db);
    expect(where.rows).toEqual([{ t: 'attendance_punches_2031_03', n: 1 }]);
    // Idempotent: a second run creates nothing.
    expect(await ensurePartitions(ctx.db, Date.parse('2031-03-15T00:00:00Z'), 0, 0)).toEqual([]);
  });
});
