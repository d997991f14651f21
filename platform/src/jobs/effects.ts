import type { Transaction } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';

/**
 * Runs a job's effect at most once per key, in one transaction with the record that it ran. Jobs are
 * delivered at least once (a worker killed after its effect and before BullMQ heard of it runs the
 * job again); together that makes the effect happen exactly once.
 */
export async function applyOnce<T>(
  db: Db,
  key: string,
  effect: (trx: Transaction<Database>) => Promise<T>,
): Promise<{ applied: true; value: T } | { applied: false }> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('job_effects')
      .values({ key })
      .onConflict((c) => c.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) return { applied: false as const };
    return { applied: true as const, value: await effect(trx) };
  });
}
