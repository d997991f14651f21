import { addDays, type MonthId } from '@pkk/core';
import type { Db } from '../db/index.ts';

/**
 * The findings about people of `month` still contested (appealed, undecided): the TPP lock holds them
 * out of the month and settles them into the next open one once decided (issue 19 §3). Ascending ids.
 */
export async function contestedFindingIds(db: Db, month: MonthId): Promise<number[]> {
  const next = addDays(`${month}-28`, 4).slice(0, 7);
  const rows = await db
    .selectFrom('findings')
    .select('id')
    .where('standing', '=', 'contested')
    .where('nip', 'is not', null)
    .where('date', '>=', `${month}-01`)
    .where('date', '<', `${next}-01`)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
