import { Router } from 'express';
import { hrMonthCsv, hrSignalsQuery, monthId } from '@pkk/core';
import { hrSignalsAfter } from '@pkk/platform/hr/signals';
import { publishedMonthExport } from '@pkk/platform/hr/month-export';
import { requireRole } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/**
 * The HR module's (BKPSDM) machine feed, for tokens and accounts of role `hr`:
 * GET /api/v1/hr/discipline-signals?after=<cursor>: standing personal findings and their later changes,
 * in commit order; a cursor never skips a change that committed late, nor repeats one.
 * GET /api/v1/hr/months/<YYYY-MM>/export.csv: a published TPP month for SIASN / e-Kinerja templates.
 * GET /api/v1/hr/outbox?status=dead (admins): webhook messages that could not be delivered.
 */
export function hrRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();

  router.get('/discipline-signals', requireRole('hr'), async (req, res) => {
    const q = parseOr400(hrSignalsQuery, req.query, 'query');
    res.set('Cache-Control', 'no-store').json(await hrSignalsAfter(ctx.db, Number(q.after), q.limit));
  });

  /** A published month's TPP lines as CSV, ending with the month's audit chain head. */
  router.get('/months/:month/export.csv', requireRole('hr', 'admin'), async (req, res) => {
    const month = parseOr400(monthId, req.params.month, 'month');
    const x = await publishedMonthExport(ctx.db, month);
    if (!x) throw ApiError.notFound(`TPP month ${month} is not published`);
    res
      .set('Content-Type', 'text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="tpp-${month}.csv"`)
      .set('Cache-Control', 'no-store')
      .send(hrMonthCsv(x));
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
