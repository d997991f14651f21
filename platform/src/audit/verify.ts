import { AuditVerifier, auditMonthOf, type AuditAnchor, type AuditRow, type AuditVerdict } from '@pkk/core';
import type pg from 'pg';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { nodeAuditHash } from './log.ts';

/** Raw text for every column: verify parses nothing it does not need. */
const RAW = { getTypeParser: () => (v: string) => v };

/**
 * Reads the whole chain in seq order (keyset batches over the primary key, one connection) and
 * checks every row, the recorded head, the stored month anchors and any given from outside (a printed
 * public page, an HR export). The hash is recomputed here, in Node, not by the database verified.
 */
export async function verifyAuditChain(
  source: pg.Pool | pg.ClientBase,
  opts: { anchors?: AuditAnchor[]; batch?: number } = {},
): Promise<AuditVerdict & { anchors: AuditAnchor[] }> {
  // A pool lends a connection; a client (a test's transaction) is used as it is.
  const pooled = 'totalCount' in source;
  const client = pooled ? await (source as pg.Pool).connect() : (source as pg.ClientBase);
  try {
    const stored = await client.query<{ month: string; seq: string; hash: string }>(
      'select month, seq, hash from audit_anchors order by month',
    );
    const anchors: AuditAnchor[] = [
      ...stored.rows.map((r) => ({ label: `stored ${r.month}`, seq: Number(r.seq), hash: r.hash })),
      ...(opts.anchors ?? []),
    ];
    const head = (
      await client.query<{ seq: string; hash: string }>('select seq, hash from audit_head where id = 1')
    ).rows[0];
    const verifier = new AuditVerifier(anchors, nodeAuditHash);
    const batch = opts.batch ?? 100_000;
    let after = -1;
    for (;;) {
      const res = await client.query<string[]>({
        text: `select seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), actor, action, subject,
                 array_to_json(refs)::text, payload, prev_hash, hash
               from audit_log where seq > $1 order by seq limit $2`,
        values: [after, batch],
        rowMode: 'array',
        types: RAW,
      });
      const rows: AuditRow[] = res.rows.map((r) => ({
        seq: Number(r[0]),
        at: r[1]!,
        actor: r[2]!,
        action: r[3]!,
        subject: r[4]!,
        refs: JSON.parse(r[5]!) as string[],
        payload: r[6]!,
        prevHash: r[7]!,
        hash: r[8]!,
      }));
      verifier.feed(rows);
      if (rows.length < batch) break;
      after = rows[rows.length - 1]!.seq;
    }
    const verdict = verifier.finish(head ? { seq: Number(head.seq), hash: head.hash } : undefined);
    return { ...verdict, anchors };
  } finally {
    if (pooled) (client as pg.PoolClient).release();
  }
}

/** The chain head of a month: its last row by WIB time (null when the month has none). */
export async function monthHead(db: Db, month: string): Promise<{ seq: number; hash: string } | null> {
  const end = monthEnd(month);
  const row = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .where('at', '<', new Date(end))
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

/** The first instant after a WIB month (`YYYY-MM`). */
export function monthEnd(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - 7 * 3_600_000;
}

/**
 * Records the chain head of every closed month (before the month `now` falls in) not anchored yet.
 * Idempotent; safe from several nodes at once (a month is anchored once: primary key).
 */
export async function anchorClosedMonths(db: Db, now: number): Promise<AuditAnchor[]> {
  const current = auditMonthOf(now);
  const months = await sql<{ month: string }>`
    select distinct to_char(at at time zone 'Asia/Jakarta', 'YYYY-MM') as month from audit_log
    where at < ${new Date(monthEnd(previousMonth(current)))}
      and to_char(at at time zone 'Asia/Jakarta', 'YYYY-MM') not in (select month from audit_anchors)
    order by 1`.execute(db);
  const out: AuditAnchor[] = [];
  for (const { month } of months.rows) {
    const head = await monthHead(db, month);
    if (!head) continue;
    const ins = await db
      .insertInto('audit_anchors')
      .values({ month, seq: head.seq, hash: head.hash })
      .onConflict((oc) => oc.column('month').doNothing())
      .returning(['month'])
      .executeTakeFirst();
    if (ins) out.push({ label: month, ...head });
  }
  return out;
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The stored month anchors, newest first (the public page and HR exports print them). */
export async function listAnchors(db: Db): Promise<{ month: string; seq: number; hash: string }[]> {
  const rows = await db
    .selectFrom('audit_anchors')
    .select(['month', 'seq', 'hash'])
    .orderBy('month', 'desc')
    .execute();
  return rows.map((r) => ({ month: r.month, seq: Number(r.seq), hash: r.hash }));
}
