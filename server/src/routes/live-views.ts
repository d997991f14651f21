import { Router } from 'express';
import { liveViewsQuery, officeScope, type LiveView } from '@pkk/core';
import { principalOf, requireRole } from '../auth/principal.ts';
import { parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/**
 * GET /api/v1/live-views: who watched which camera, when, newest first. Operators and admins see
 * the city's, a camat the cameras of their kecamatan.
 */
export function liveViewRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.get('/', requireRole('operator', 'admin', 'camat'), async (req, res) => {
    const scope = officeScope(principalOf(req));
    const q = parseOr400(liveViewsQuery, req.query, 'query');
    if (scope.kind === 'none') return void res.json({ items: [], total: 0 });
    let sel = ctx.db
      .selectFrom('live_views as v')
      .innerJoin('cameras as c', 'c.id', 'v.camera_id')
      .innerJoin('users as u', 'u.id', 'v.user_id')
      .innerJoin('kelurahan as k', 'k.code', 'c.kelurahan_code');
    if (scope.kind === 'kecamatan') sel = sel.where('k.kecamatan_code', '=', scope.code);
    if (scope.kind === 'kelurahan') sel = sel.where('c.kelurahan_code', '=', scope.code);
    if (q.camera) sel = sel.where('v.camera_id', '=', q.camera);
    if (q.user)
      sel = /^\d{1,15}$/.test(q.user)
        ? sel.where('v.user_id', '=', Number(q.user))
        : sel.where('u.username', '=', q.user.toLowerCase());
    if (q.from) sel = sel.where('v.issued_at', '>=', new Date(q.from));
    if (q.to) sel = sel.where('v.issued_at', '<', new Date(q.to));
    const [rows, count] = await Promise.all([
      sel
        .select([
          'v.view_id',
          'v.camera_id',
          'c.name as camera_name',
          'c.kelurahan_code',
          'v.user_id',
          'u.username',
          'v.stream',
          'v.transport',
          'v.node',
          'v.issued_at',
          'v.started_at',
          'v.ended_at',
        ])
        .orderBy('v.issued_at', 'desc')
        .orderBy('v.view_id')
        .limit(q.limit)
        .offset(q.offset)
        .execute(),
      sel.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const items: LiveView[] = rows.map((r) => ({
      viewId: r.view_id,
      cameraId: r.camera_id,
      cameraName: r.camera_name,
      kelurahanCode: r.kelurahan_code,
      userId: String(r.user_id),
      username: r.username,
      stream: r.stream,
      transport: r.transport,
      node: r.node,
      issuedAt: r.issued_at.getTime(),
      startedAt: r.started_at?.getTime() ?? null,
      endedAt: r.ended_at?.getTime() ?? null,
    }));
    res.json({ items, total: Number(count.n) });
  });
  return router;
}
