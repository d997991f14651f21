import { Router, type Request } from 'express';
import { z } from 'zod';
import { canManageRegistry, canRecordLeave, canSeeKelurahan, kelurahanCode, leaveRecord, officerUpsertRequest } from '@pkk/core';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';
import { scopedKelurahan } from './kelurahan.ts';

/** The officers registry (NIP, name, office, desk, terminal PIN) and their leave and duty records. */
export function officerRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('walikota', 'operator', 'admin', 'camat', 'lurah', 'asn'));

  router.get('/', async (req, res) => {
    const p = principalOf(req);
    const q = parseOr400(z.object({ kelurahan: kelurahanCode.optional() }), req.query, 'query');
    let query = ctx.db.selectFrom('officers').selectAll().orderBy('kelurahan_code').orderBy('name');
    if (p.role === 'asn') query = query.where('nip', '=', p.nip ?? '');
    else if (q.kelurahan) {
      scopedKelurahan(deps, p, q.kelurahan);
      query = query.where('kelurahan_code', '=', q.kelurahan);
    }
    const rows = (await query.execute()).filter((o) => {
      const k = ctx.registry.get(o.kelurahan_code);
      return p.role === 'asn' || (k !== undefined && canSeeKelurahan(p, k));
    });
    res.json({
      items: rows.map((o) => ({ nip: o.nip, name: o.name, kelurahanCode: o.kelurahan_code, position: o.position, desk: o.desk_code, pin: o.pin, active: o.active })),
    });
  });

  /** Bulk upsert by NIP; an office's officers are replaced only where named. */
  router.put('/', async (req, res) => {
    const p = principalOf(req);
    if (!canManageRegistry(p)) throw ApiError.forbidden('only operators and admins manage the officers registry');
    const { officers } = parseOr400(officerUpsertRequest, req.body);
    const problems: { field: string; reason: string }[] = [];
    officers.forEach((o, i) => {
      if (!ctx.registry.get(o.kelurahanCode)) problems.push({ field: `officers.${i}.kelurahanCode`, reason: `unknown kelurahan ${o.kelurahanCode}` });
      if (o.desk && !ctx.registry.desksOf(o.kelurahanCode).some((d) => d.code === o.desk)) {
        problems.push({ field: `officers.${i}.desk`, reason: `desk '${o.desk}' is not configured for ${o.kelurahanCode}` });
      }
    });
    if (problems.length) throw ApiError.badRequest('invalid officers', problems);
    try {
      await ctx.db.transaction().execute(async (tx) => {
        for (const o of officers) {
          await tx
            .insertInto('officers')
            .values({ nip: o.nip, name: o.name, kelurahan_code: o.kelurahanCode, position: o.position, desk_code: o.desk, pin: o.pin, active: o.active })
            .onConflict((c) =>
              c.column('nip').doUpdateSet({ name: o.name, kelurahan_code: o.kelurahanCode, position: o.position, desk_code: o.desk, pin: o.pin, active: o.active, updated_at: new Date() }),
            )
            .execute();
        }
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw ApiError.conflict('two officers of one kelurahan share a terminal PIN', String((err as Error).message));
      throw err;
    }
    deps.directory.invalidate();
    for (const k of new Set(officers.map((o) => o.kelurahanCode))) await deps.registryChanged({ kelurahan: k, what: 'officers' });
    res.json({ upserted: officers.length });
  });

  router.get('/:nip/leave', async (req: Request<{ nip: string }>, res) => {
    const p = principalOf(req);
    const officer = await ctx.db.selectFrom('officers').select(['nip', 'kelurahan_code']).where('nip', '=', req.params.nip).executeTakeFirst();
    if (!officer) throw ApiError.notFound(`no officer ${req.params.nip}`);
    if (p.role === 'asn' ? p.nip !== officer.nip : !canSeeKelurahan(p, ctx.registry.get(officer.kelurahan_code)!)) throw ApiError.forbidden();
    const rows = await ctx.db.selectFrom('leave_records').selectAll().where('nip', '=', officer.nip).orderBy('start_date', 'desc').execute();
    res.json({ items: rows.map((r) => ({ id: r.id, nip: r.nip, kind: r.kind, startDate: r.start_date, endDate: r.end_date, note: r.note, createdBy: r.created_by })) });
  });

  return router;
}

export function leaveRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('operator', 'admin', 'camat', 'lurah'));
  router.post('/', async (req, res) => {
    const p = principalOf(req);
    const l = parseOr400(leaveRecord, req.body);
    const officer = await ctx.db.selectFrom('officers').select(['nip', 'kelurahan_code']).where('nip', '=', l.nip).executeTakeFirst();
    if (!officer) throw ApiError.unprocessable('invalid leave record', [{ field: 'nip', reason: `no officer with NIP ${l.nip}` }]);
    const k = ctx.registry.get(officer.kelurahan_code)!;
    if (!canRecordLeave(p, k)) throw ApiError.forbidden(`cannot record leave for officers of ${k.code}`);
    const row = await ctx.db
      .insertInto('leave_records')
      .values({ nip: l.nip, kind: l.kind, start_date: l.startDate, end_date: l.endDate, note: l.note, created_by: p.username })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deps.registryChanged({ kelurahan: k.code, what: 'leave' });
    res.status(201).json({ id: row.id, ...l });
  });
  return router;
}
