import { createHash } from 'node:crypto';
import { auditDraft, auditHashInput, auditMaterial, type AuditEntryInput } from '@pkk/core';
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';

/** A transaction, or a connection already inside one: audit rows go with the change they record. */
export type AuditTrx = Transaction<Database>;

/** SHA-256 as core's auditHash, with Node's native hash (verify walks a million rows). */
export function nodeAuditHash(prevHash: string, material: string): string {
  return createHash('sha256').update(auditHashInput(prevHash, material)).digest('hex');
}

export interface AuditWritten {
  seq: number;
  hash: string;
}

/**
 * Appends one entry to the audit chain inside `trx`, the transaction of the change it records: the
 * row commits with the change or not at all. Locks the chain's head until that transaction ends, so
 * call it last in the transaction. Its seq is in commit order (a later commit has a higher seq), which
 * the HR feed's cursor relies on.
 */
export async function audit(trx: AuditTrx, entry: AuditEntryInput): Promise<AuditWritten> {
  const draft = auditDraft(entry);
  const head = await sql<{ seq: number; hash: string }>`
    select seq, hash from audit_head where id = 1 for update`.execute(trx);
  const prev = head.rows[0];
  if (!prev) throw new Error('audit_head is missing: migrations not applied?');
  const seq = Number(prev.seq) + 1;
  const hash = nodeAuditHash(prev.hash, auditMaterial(draft));
  await trx
    .insertInto('audit_log')
    .values({
      seq,
      at: new Date(draft.at),
      actor: draft.actor,
      action: draft.action,
      subject: draft.subject,
      refs: draft.refs,
      payload: draft.payload,
      prev_hash: prev.hash,
      hash,
    })
    .execute();
  return { seq, hash };
}

/** Several entries of one change, in order. */
export async function auditAll(trx: AuditTrx, entries: readonly AuditEntryInput[]): Promise<AuditWritten[]> {
  const out: AuditWritten[] = [];
  for (const e of entries) out.push(await audit(trx, e));
  return out;
}

/** Runs `change` and its audit entries in one transaction (for call sites that had none). */
export async function withAudit<T>(
  db: Db,
  change: (trx: AuditTrx) => Promise<{ result: T; entries: AuditEntryInput[] }>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const { result, entries } = await change(trx);
    await auditAll(trx, entries);
    return result;
  });
}

/** The actor text of a principal or a role. */
export function actorOf(
  p: { kind: 'user' | 'token'; id: number } | null | undefined,
  system = 'api',
): string {
  return p ? `${p.kind}:${p.id}` : `system:${system}`;
}
