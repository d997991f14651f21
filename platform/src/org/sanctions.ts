import type { SanctionEntry, TppFile } from '@pkk/core';
import type { Db } from '../db/index.ts';
import { directSuperiorOf } from './superior.ts';

/**
 * The sanctions register (R4.1, R4.2) and the PP 94/2021 cases (R4.3). A sanction comes from an SK
 * and is never edited; an annulment is a row of its own. Findings never impose a sanction: a year's
 * standing absences crossing a rung of the ladder open a case for the direct superior, who examines
 * it; an SK, if any, is then entered in the register and closes the case.
 */

/** An officer's sanctions in force in the register (annulled ones left out), as the TPP run reads them. */
export async function sanctionEntriesOf(db: Db, nip: string): Promise<SanctionEntry[]> {
  const rows = await db
    .selectFrom('sanctions')
    .leftJoin('sanction_annulments', 'sanction_annulments.sanction_id', 'sanctions.id')
    .select(['sanctions.sk_number', 'sanctions.kind', 'sanctions.start_date', 'sanctions.months'])
    .where('sanctions.nip', '=', nip)
    .where('sanction_annulments.sanction_id', 'is', null)
    .orderBy('sanctions.start_date')
    .orderBy('sanctions.sk_number')
    .execute();
  return rows.map((r) => ({ sk: r.sk_number, kind: r.kind, start: r.start_date, months: r.months }));
}

/** The same for many officers in one query (the TPP run reads a whole city's month). */
export async function sanctionEntriesFor(
  db: Db,
  nips: readonly string[],
): Promise<Map<string, SanctionEntry[]>> {
  const out = new Map<string, SanctionEntry[]>();
  if (nips.length === 0) return out;
  const rows = await db
    .selectFrom('sanctions')
    .leftJoin('sanction_annulments', 'sanction_annulments.sanction_id', 'sanctions.id')
    .select([
      'sanctions.nip',
      'sanctions.sk_number',
      'sanctions.kind',
      'sanctions.start_date',
      'sanctions.months',
    ])
    .where('sanctions.nip', 'in', [...nips])
    .where('sanction_annulments.sanction_id', 'is', null)
    .orderBy('sanctions.start_date')
    .orderBy('sanctions.sk_number')
    .execute();
  for (const r of rows) {
    const list = out.get(r.nip) ?? [];
    list.push({ sk: r.sk_number, kind: r.kind, start: r.start_date, months: r.months });
    out.set(r.nip, list);
  }
  return out;
}

/** A case the scan opened. */
export interface OpenedCase {
  id: number;
  nip: string;
  sanction: string;
  days: number;
}

/**
 * R4.3: counts each officer's standing absent_no_notice days of `year` (one a day, however many
 * findings name it) and opens a case for the highest rung of tpp.yaml pp94.absenceLadder the count
 * has reached, unless that rung's case is already open or closed (a case per officer, year and
 * rung: a second scan opens nothing new). The case goes to the officer's direct superior of `asOf`.
 * `nips`: only these officers (all when absent).
 */
export async function openAbsenceCases(
  db: Db,
  rules: TppFile,
  year: number,
  asOf: string,
  nips?: readonly string[],
): Promise<OpenedCase[]> {
  if (nips && nips.length === 0) return [];
  let q = db
    .selectFrom('findings')
    .select(['nip', 'date', 'id'])
    .where('kind', '=', 'absent_no_notice')
    .where('standing', '=', 'standing')
    .where('nip', 'is not', null)
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`);
  if (nips) q = q.where('nip', 'in', [...nips]);
  const byNip = new Map<string, Map<string, number[]>>();
  for (const f of await q.orderBy('id').execute()) {
    const days = byNip.get(f.nip!) ?? new Map<string, number[]>();
    days.set(f.date, [...(days.get(f.date) ?? []), Number(f.id)]);
    byNip.set(f.nip!, days);
  }
  const ladder = rules.pp94.absenceLadder.value;
  const opened: OpenedCase[] = [];
  for (const [nip, days] of [...byNip].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const count = days.size;
    const rung = ladder.filter((r) => r.fromDays <= count).at(-1);
    if (!rung) continue;
    const superior = await directSuperiorOf(db, nip, asOf);
    const row = await db
      .insertInto('hukdis_cases')
      .values({
        nip,
        year,
        kind: 'annual_absence',
        days: count,
        level: rung.level,
        proposed_sanction: rung.sanction,
        assigned_to: superior,
        finding_ids: [...days.values()].flat().sort((a, b) => a - b),
      })
      .onConflict((c) => c.columns(['nip', 'year', 'kind', 'proposed_sanction']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) opened.push({ id: row.id, nip, sanction: rung.sanction, days: count });
  }
  return opened;
}
