import { Router } from 'express';
import {
  auditHash,
  auditHistoryQuery,
  auditMaterial,
  type AuditHistoryItem,
  type AuditVerifyReply,
} from '@pkk/core';
import { sql } from 'kysely';
import { verifyAuditChain } from '@pkk/platform/audit/verify';
import { requireRole } from '../auth/principal.ts';
import { parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/**
 * The audit trail for admins and verifiers: the history of a finding, an officer, a camera (or a user,
 * token, device, silence), newest first, each row checked (its content gives its hash and it links to
 * the row stored before it), and a check of the whole chain on demand.
 */
export function auditRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('admin', 'verifikator'));

  router.get('/', async (req, res) => {
    const q = parseOr400(auditHistoryQuery, req.query, 'query');
    const before = q.before ? Number(q.before) : null;
    const rows = await sql<{
      seq: number;
      at: string;
      actor: string;
      action: string;
      subject: string;
      refs: string[];
      payload: string;
      prev_hash: string;
      hash: string;
      before_hash: string | null;
    }>`
      select l.seq, to_char(l.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, l.actor, l.action,
        l.subject, l.refs, l.payload, l.prev_hash, l.hash,
        (select p.hash from audit_log p where p.seq = l.seq - 1) as before_hash
      from (
        (select * from audit_log where subject = ${q.subject} ${before ? sql`and seq < ${before}` : sql``}
         order by seq desc limit ${q.limit + 1})
        union
        (select * from audit_log where refs @> array[${q.subject}]::text[] ${before ? sql`and seq < ${before}` : sql``}
         order by seq desc limit ${q.limit + 1})
      ) l
      order by l.seq desc limit ${q.limit + 1}`.execute(ctx.db);
    const page = rows.rows.slice(0, q.limit);
    const items: AuditHistoryItem[] = page.map((r) => {
      const seq = Number(r.seq);
      const linked = seq === 1 ? /^0{64}$/.test(r.prev_hash) : r.before_hash === r.prev_hash;
      return {
        seq,
        at: Date.parse(r.at),
        actor: r.actor,
        action: r.action,
        subject: r.subject,
        refs: r.refs,
        payload: JSON.parse(r.payload) as Record<string, unknown>,
        hash: r.hash,
        verified: linked && auditHash(r.prev_hash, auditMaterial(r)) === r.hash,
      };
    });
    const head = await ctx.db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
    res.json({
      items,
      head: { seq: Number(head.seq), hash: head.hash },
      next: rows.rows.length > q.limit ? String(page[page.length - 1]!.seq) : null,
    });
  });

  let running: Promise<AuditVerifyReply> | null = null;
  /** Checks the whole chain; one check at a time per node (a second caller shares the running one). */
  router.post('/verify', requireRole('admin'), async (_req, res) => {
    running ??= (async () => {
      const started = performance.now();
      const v = await verifyAuditChain(ctx.pool);
      return { ...v, ms: Math.round(performance.now() - started) };
    })().finally(() => {
      running = null;
    });
    res.json(await running);
  });
  return router;
}
