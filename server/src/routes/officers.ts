import { isUniqueViolation } from '@pkk/platform/db/errors';
import { Router, type Request } from 'express';
import { sql } from 'kysely';
import { z } from 'zod';
import {
  canManageRegistry,
  canRecordLeave,
  kelurahanCode,
  leaveRecord,
  officeInScope,
  officerScope,
  officerUpsertRequest,
  type Officer,
} from '@pkk/core';
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
    const scope = officerScope(p);
    let query = ctx.db.selectFrom('officers').selectAll().orderBy('kelurahan_code').orderBy('name');
    if (scope.kind === 'nip') {
      // An ASN sees their own record only, whatever the filter.
      query = query.where('nip', '=', scope.nip);
    } else {
      if (q.kelurahan) {
        scopedKelurahan(deps, p, q.kelurahan);
        query = query.where('kelurahan_code', '=', q.kelurahan);
      }
      if (scope.kind !== 'city') {
        const codes = ctx.policy.kelurahan.filter((k) => officeInScope(scope, k)).map((k) => k.code);
        // No scope, or an area that names no office of the registry: nobody (and `in ()` is no SQL).
        if (!codes.length) return void res.json({ items: [] });
        query = query.where('kelurahan_code', 'in', codes);
      }
    }
    const rows = await query.execute();
    res.json({
      items: rows.map((o) => ({
        nip: o.nip,
        name: o.name,
        kelurahanCode: o.kelurahan_code,
        position: o.position,
        desk: o.desk_code,
        pin: o.pin,
        active: o.active,
      })),
    });
  });

  /** Bulk upsert by NIP; an office's officers are replaced only where named. */
  router.put('/', async (req, res) => {
    const p = principalOf(req);
    if (!canManageRegistry(p))
      throw ApiError.forbidden('only operators and admins manage the officers registry');
    const { officers } = parseOr400(officerUpsertRequest, req.body);
    const problems: { field: string; reason: string }[] = [];
    const firstOfNip = new Map<string, number>();
    officers.forEach((o, i) => {
      if (!ctx.registry.get(o.kelurahanCode))
        problems.push({
          field: `officers.${i}.kelurahanCode`,
          reason: `unknown kelurahan ${o.kelurahanCode}`,
        });
      if (o.desk && !ctx.registry.desksOf(o.kelurahanCode).some((d) => d.code === o.desk)) {
        problems.push({
          field: `officers.${i}.desk`,
          reason: `desk '${o.desk}' is not configured for ${o.kelurahanCode}`,
        });
      }
      const first = firstOfNip.get(o.nip);
      if (first !== undefined)
        problems.push({ field: `officers.${i}.nip`, reason: `NIP ${o.nip} is also officers.${first}` });
      else firstOfNip.set(o.nip, i);
    });
    if (problems.length) throw ApiError.badRequest('invalid officers', problems);
    const conflicts = await pinConflicts(deps, officers);
    if (conflicts.length)
      throw ApiError.conflict('a terminal PIN must be unique within an office', conflicts);
    try {
      await ctx.db.transaction().execute(async (tx) => {
        // Park the PINs of the officers being written on values no terminal can have ('~' is not a
        // PIN character), so that PINs may move or swap between them within the batch.
        await tx
          .updateTable('officers')
          .set({ pin: sql<string>`'~' || nip` })
          .where('nip', 'in', [...firstOfNip.keys()])
          .execute();
        // Multi-row statements: the demo provisions 1,504 officers at once, and one statement per row
        // kept the transaction (and its row locks) open past the simulator's timeout on a busy machine.
        for (let i = 0; i < officers.length; i += 500) {
          await tx
            .insertInto('officers')
            .values(
              officers.slice(i, i + 500).map((o) => ({
                nip: o.nip,
                name: o.name,
                kelurahan_code: o.kelurahanCode,
                position: o.position,
                desk_code: o.desk,
                pin: o.pin,
                active: o.active,
              })),
            )
            .onConflict((c) =>
              c.column('nip').doUpdateSet((eb) => ({
                name: eb.ref('excluded.name'),
                kelurahan_code: eb.ref('excluded.kelurahan_code'),
                position: eb.ref('excluded.position'),
                desk_code: eb.ref('excluded.desk_code'),
                pin: eb.ref('excluded.pin'),
                active: eb.ref('excluded.active'),
                updated_at: new Date(),
              })),
            )
            .execute();
        }
      });
    } catch (err) {
      // A concurrent write took one of the PINs since the check above.
      if (isUniqueViolation(err))
        throw ApiError.conflict(
          'a terminal PIN must be unique within an office; another change took one of these PINs',
        );
      throw err;
    }
    deps.directory.invalidate();
    for (const k of new Set(officers.map((o) => o.kelurahanCode)))
      await deps.registryChanged({ kelurahan: k, what: 'officers' });
    res.json({ upserted: officers.length });
  });

  router.get('/:nip/leave', async (req: Request<{ nip: string }>, res) => {
    const p = principalOf(req);
    const officer = await ctx.db
      .selectFrom('officers')
      .select(['nip', 'kelurahan_code'])
      .where('nip', '=', req.params.nip)
      .executeTakeFirst();
    if (!officer) throw ApiError.notFound(`no officer ${req.params.nip}`);
    const scope = officerScope(p);
    const office = ctx.registry.get(officer.kelurahan_code);
    if (scope.kind === 'nip' ? scope.nip !== officer.nip : !office || !officeInScope(scope, office))
      throw ApiError.forbidden();
    const rows = await ctx.db
      .selectFrom('leave_records')
      .selectAll()
      .where('nip', '=', officer.nip)
      .orderBy('start_date', 'desc')
      .execute();
    res.json({
      items: rows.map((r) => ({
        id: r.id,
        nip: r.nip,
        kind: r.kind,
        startDate: r.start_date,
        endDate: r.end_date,
        note: r.note,
        createdBy: r.created_by,
      })),
    });
  });

  return router;
}

/** PINs the batch would give twice in one office, among its own officers or against those already stored. */
async function pinConflicts(
  deps: RouteDeps,
  officers: Officer[],
): Promise<{ field: string; reason: string }[]> {
  const key = (kelurahan: string, pin: string) => `${kelurahan}|${pin}`;
  const held = new Map<string, string>();
  const rows = await deps.ctx.db
    .selectFrom('officers')
    .select(['nip', 'kelurahan_code', 'pin'])
    .where('kelurahan_code', 'in', [...new Set(officers.map((o) => o.kelurahanCode))])
    .where(
      'nip',
      'not in',
      officers.map((o) => o.nip),
    )
    .execute();
  for (const r of rows) held.set(key(r.kelurahan_code, r.pin), `officer ${r.nip}`);
  const conflicts: { field: string; reason: string }[] = [];
  officers.forEach((o, i) => {
    const k = key(o.kelurahanCode, o.pin);
    const holder = held.get(k);
    if (holder)
      conflicts.push({
        field: `officers.${i}.pin`,
        reason: `PIN ${o.pin} of ${o.kelurahanCode} is already used by ${holder}`,
      });
    else held.set(k, `officers.${i}`);
  });
  return conflicts;
}

export function leaveRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('operator', 'admin', 'camat', 'lurah'));
  router.post('/', async (req, res) => {
    const p = principalOf(req);
    const l = parseOr400(leaveRecord, req.body);
    const officer = await ctx.db
      .selectFrom('officers')
      .select(['nip', 'kelurahan_code'])
      .where('nip', '=', l.nip)
      .executeTakeFirst();
    if (!officer)
      throw ApiError.unprocessable('invalid leave record', [
        { field: 'nip', reason: `no officer with NIP ${l.nip}` },
      ]);
    const k = ctx.registry.get(officer.kelurahan_code)!;
    if (!canRecordLeave(p, k)) throw ApiError.forbidden(`cannot record leave for officers of ${k.code}`);
    const row = await ctx.db
      .insertInto('leave_records')
      .values({
        nip: l.nip,
        kind: l.kind,
        start_date: l.startDate,
        end_date: l.endDate,
        note: l.note,
        created_by: p.username,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deps.registryChanged({ kelurahan: k.code, what: 'leave' });
    res.status(201).json({ id: row.id, ...l });
  });
  return router;
}
