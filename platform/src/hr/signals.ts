import { canonicalJson, hrSignalChangeOf, type FindingChange, type HrSignal } from '@pkk/core';
import type { AuditTrx } from '../audit/log.ts';
import type { Db } from '../db/index.ts';
import { enqueueHrWebhook } from './outbox.ts';

/**
 * Writes the HR signal of a committed finding change, if it makes one, in the change's transaction:
 * the feed row (seq = the change's audit seq, so in commit order) and its webhook deliveries.
 */
export async function recordHrSignal(
  trx: AuditTrx,
  c: FindingChange,
  auditSeq: number,
  at: number,
): Promise<void> {
  if (!c.finding.subject.nip) return;
  const told =
    c.action === 'stood' || c.action === 'upheld'
      ? false
      : (await trx
          .selectFrom('hr_signals')
          .select('seq')
          .where('finding_id', '=', c.finding.id)
          .limit(1)
          .executeTakeFirst()) !== undefined;
  const change = hrSignalChangeOf(c, told);
  if (!change) return;
  const f = c.finding;
  const signal: HrSignal = {
    cursor: String(auditSeq),
    change,
    findingId: f.id,
    nip: f.subject.nip!,
    kind: f.kind,
    date: f.date,
    kelurahanCode: f.subject.kelurahan,
    kecamatanCode: f.subject.kecamatan,
    severity: f.severity,
    standing: f.standing,
    at,
    auditSeq,
  };
  const body = canonicalJson(signal);
  await trx
    .insertInto('hr_signals')
    .values({
      seq: auditSeq,
      finding_id: f.id,
      nip: signal.nip,
      kelurahan_code: signal.kelurahanCode,
      kecamatan_code: signal.kecamatanCode,
      change,
      at: new Date(at),
      body,
    })
    .execute();
  await enqueueHrWebhook(trx, { id: `sig_${auditSeq}`, body, at });
}

/** One page of the feed after a cursor, in commit order. */
export async function hrSignalsAfter(
  db: Db,
  after: number,
  limit: number,
): Promise<{ items: HrSignal[]; next: string }> {
  const rows = await db
    .selectFrom('hr_signals')
    .select(['seq', 'body'])
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
  const items = rows.map((r) => JSON.parse(r.body) as HrSignal);
  return { items, next: rows.length ? String(rows[rows.length - 1]!.seq) : String(after) };
}
