import { Router } from 'express';
import { hrSignalsQuery } from '@pkk/core';
import { hrSignalsAfter } from '@pkk/platform/hr/signals';
import { requireRole } from '../auth/principal.ts';
import { parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/**
 * The HR module's (BKPSDM) machine feed, for tokens and accounts of role `hr`:
 * GET /api/v1/hr/discipline-signals?after=<cursor>: standing personal findings and their later changes,
 * in commit order; a cursor never skips a change that committed late, nor repeats one.
 * GET /api/v1/hr/outbox?status=dead (admins): webhook messages that could not be delivered.
 */
export function hrRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();

  router.get('/discipline-signals', requireRole('hr'), async (req, res) => {
    const q = parseOr400(hrSignalsQuery, req.query, 'query');
    res.set('Cache-Control', 'no-store').json(await hrSignalsAfter(ctx.db, Number(q.after), q.limit));
  });

  router.get('/outbox', requireRole('admin'), async (req, res) => {
    const status = req.query.status === 'pending' ? 'pending' : 'dead';
    const rows = await ctx.db
      .selectFrom('hr_outbox')
      .select([
        'id',
        'msg_id',
        'event_type',
        'status',
        'attempts',
        'last_error',
        'http_status',
        'created_at',
        'next_at',
      ])
      .where('status', '=', status)
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
    res.json({
      items: rows.map((r) => ({
        id: r.id,
        msgId: r.msg_id,
        type: r.event_type,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        httpStatus: r.http_status,
        createdAt: r.created_at.getTime(),
        nextAt: r.next_at.getTime(),
      })),
    });
  });
  return router;
}
