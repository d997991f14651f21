import { sql } from 'kysely';
import type { Db } from './index.ts';

/** Event tables partitioned by month, with their partition key. */
export const PARTITIONED = {
  raw_payloads: 'received_at',
  attendance_punches: 'punched_at',
  queue_events: 'occurred_at',
  presence_observations: 'observed_at',
} as const;

function monthStart(year: number, month0: number): string {
  const d = new Date(Date.UTC(year, month0, 1));
  return d.toISOString().slice(0, 10);
}

/**
 * Creates the monthly partitions from `monthsBack` before the month of `now` to `monthsAhead` after.
 * Rows that already landed in the default partition for such a month are moved into the new one in
 * the same transaction, so creating a partition late never fails and never loses a row.
 */
export async function ensurePartitions(
  db: Db,
  now: number,
  monthsBack = 1,
  monthsAhead = 2,
): Promise<string[]> {
  const created: string[] = [];
  const d = new Date(now);
  for (let k = -monthsBack; k <= monthsAhead; k++) {
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + k;
    const from = monthStart(y, m);
    const to = monthStart(y, m + 1);
    for (const [table, column] of Object.entries(PARTITIONED)) {
      const name = `${table}_${from.slice(0, 7).replace('-', '_')}`;
      const exists = await sql<{ r: string | null }>`select to_regclass(${name}) as r`.execute(db);
      if (exists.rows[0]?.r) continue;
      await db.transaction().execute(async (tx) => {
        await sql`lock table ${sql.table(table)} in share row exclusive mode`.execute(tx);
        const stray = sql.raw(`${table}_default`);
        const col = sql.ref(column);
        // Bounds are UTC month edges; a partition is storage, not a reporting period.
        const lo = `${from}T00:00:00Z`;
        const hi = `${to}T00:00:00Z`;
        await sql`create temp table moving on commit drop as select * from ${stray} where ${col} >= ${lo}::timestamptz and ${col} < ${hi}::timestamptz`.execute(
          tx,
        );
        await sql`delete from ${stray} where ${col} >= ${lo}::timestamptz and ${col} < ${hi}::timestamptz`.execute(
          tx,
        );
        await sql`create table ${sql.raw(name)} partition of ${sql.table(table)} for values from (${sql.lit(lo)}) to (${sql.lit(hi)})`.execute(
          tx,
        );
        await sql`insert into ${sql.table(table)} overriding system value select * from moving`.execute(tx);
      });
      created.push(name);
    }
  }
  return created;
}
