import { Router, type Request } from 'express';
import { canSeeKecamatan, canSeeKelurahan, findingsQuery, seesWholeCity, type Principal } from '@pkk/core';
import { toFinding } from '@pkk/platform/findings/store';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/** Who reads findings: those who watch offices (in their area), HR (people's findings), an ASN (their own). */
const READERS = ['walikota', 'operator', 'admin', 'camat', 'lurah', 'hr', 'asn'] as const;

/** The area a principal's findings are limited to, as a filter; a filter outside it is refused. */
function scopeOf(p: Principal): { kecamatan?: string; kelurahan?: string; nip?: string; personalOnly?: boolean } {
  if (seesWholeCity(p)) return {};
  if (p.role === 'hr') return { personalOnly: true };
  if (p.role === 'camat') return { kecamatan: p.kecamatanCode! };
  if (p.role === 'lurah') return { kelurahan: p.kelurahanCode! };
  return { nip: p.nip! };
}

export function findingRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole(...READERS));

  router.get('/', async (req, res) => {
    const p = principalOf(req);
    const q = parseOr400(findingsQuery, req.query, 'query');
    const scope = scopeOf(p);
    if (q.kelurahan) {
      const k = ctx.registry.get(q.kelurahan);
      if (!k) throw ApiError.notFound(`no kelurahan ${q.kelurahan}`);
      if (!seesWholeCity(p) && p.role !== 'hr' && !canSeeKelurahan(p, k)) throw ApiError.forbidden(`kelurahan ${q.kelurahan} is outside this account's area`);
    }
    if (q.kecamatan && !seesWholeCity(p) && p.role !== 'hr' && !canSeeKecamatan(p, q.kecamatan)) {
      throw ApiError.forbidden(`kecamatan ${q.kecamatan} is outside this account's area`);
    }
    if (q.nip && scope.nip && q.nip !== scope.nip) throw ApiError.forbidden('an ASN sees their own findings only');

    let sel = ctx.db.selectFrom('findings').selectAll();
    if (scope.kecamatan) sel = sel.where('kecamatan_code', '=', scope.kecamatan);
    if (scope.kelurahan) sel = sel.where('kelurahan_code', '=', scope.kelurahan);
    if (scope.nip) sel = sel.where('nip', '=', scope.nip);
    if (scope.personalOnly) sel = sel.where('nip', 'is not', null);
    if (q.state !== 'all') sel = sel.where('state', '=', q.state);
    if (q.kind) sel = sel.where('kind', '=', q.kind);
    if (q.severity) sel = sel.where('severity', '=', q.severity);
    if (q.kelurahan) sel = sel.where('kelurahan_code', '=', q.kelurahan);
    if (q.kecamatan) sel = sel.where('kecamatan_code', '=', q.kecamatan);
    if (q.nip) sel = sel.where('nip', '=', q.nip);
    if (q.from) sel = sel.where('date', '>=', q.from);
    if (q.to) sel = sel.where('date', '<=', q.to);
    if (q.before) sel = sel.where('id', '<', q.before);
    const rows = await sel.orderBy('id', 'desc').limit(q.limit).execute();
    res.json({ serverNow: ctx.clock.now(), items: rows.map(toFinding), next: rows.length === q.limit ? rows[rows.length - 1]!.id : null });
  });

  router.get('/:id', async (req: Request<{ id: string }>, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id <= 0) throw ApiError.badRequest('id must be a positive integer', { field: 'id' });
    const row = await ctx.db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
    const p = principalOf(req);
    const scope = scopeOf(p);
    const visible =
      row &&
      (!scope.kecamatan || row.kecamatan_code === scope.kecamatan) &&
      (!scope.kelurahan || row.kelurahan_code === scope.kelurahan) &&
      (!scope.nip || row.nip === scope.nip) &&
      (!scope.personalOnly || row.nip !== null);
    // Out of scope reads as absent: a finding id says nothing about another area.
    if (!visible) throw ApiError.notFound(`no finding ${id}`);
    const history = await ctx.db
      .selectFrom('finding_events')
      .leftJoin('users', 'users.id', 'finding_events.actor_user_id')
      .select(['finding_events.at', 'finding_events.action', 'finding_events.detail', 'users.username'])
      .where('finding_id', '=', id)
      .orderBy('finding_events.id')
      .execute();
    res.json({
      finding: toFinding(row),
      history: history.map((h) => ({ at: h.at.getTime(), action: h.action, by: h.username ?? null, detail: h.detail })),
    });
  });
  return router;
}
