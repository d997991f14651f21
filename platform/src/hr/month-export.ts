import { hrMonthExport, type HrMonthExport, type TppLine } from '@pkk/core';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { monthHead } from '../audit/verify.ts';

/**
 * A published TPP month for HR, read from the TPP tables (issue 19 §4: tpp_periods, tpp_lines,
 * tpp_corrections) when they exist. Until that migration is in, every month is "not published".
 * Returns null for a month that is not published.
 */
export async function publishedMonthExport(db: Db, month: string): Promise<HrMonthExport | null> {
  const present = await sql<{ ok: boolean }>`
    select to_regclass('tpp_periods') is not null and to_regclass('tpp_lines') is not null
       and to_regclass('tpp_corrections') is not null as ok`.execute(db);
  if (!present.rows[0]?.ok) return null;
  const period = await sql<{ run_id: number }>`
    select run_id from tpp_periods where month = ${month} and state = 'published'`.execute(db);
  const runId = period.rows[0]?.run_id;
  if (runId === undefined) return null;
  const lines = await sql<{ line: string; name: string | null }>`
    select l.line, o.name from tpp_lines l left join officers o on o.nip = l.nip
    where l.run_id = ${runId} order by l.nip`.execute(db);
  // Corrections of this month's lines, posted in later months (a published line is never edited).
  const corrections = await sql<{ nip: string; paid_delta: number; reason: string }>`
    select nip, paid_delta, reason from tpp_corrections where corrects_month = ${month} order by id`.execute(
    db,
  );
  return hrMonthExport(
    month,
    lines.rows.map((r) => ({ line: JSON.parse(r.line) as TppLine, name: r.name ?? '' })),
    corrections.rows.map((c) => ({ nip: c.nip, paidDelta: Number(c.paid_delta), reason: c.reason })),
    await monthHead(db, month),
  );
}
