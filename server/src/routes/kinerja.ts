import { Router, type Request } from 'express';
import {
  bulkDecisionRequest,
  decisionRequest,
  localDateOf,
  predikatOf,
  ratingRequest,
  realisationResubmitRequest,
  realisationSubmitRequest,
  rhkCreateRequest,
  targetSetRequest,
  verificationRefusal,
  type RealisationView,
  type RhkView,
} from '@pkk/core';
import { z } from 'zod';
import { decideRealisation, submitRealisation } from '@pkk/platform/kinerja/realisations';
import { realisationViews, superiorLookup } from '@pkk/platform/kinerja/store';
import { escalateAppeals } from '@pkk/platform/kinerja/appeals';
import { directSuperiorOf } from '@pkk/platform/org/superior';
import { principalOf } from '../auth/principal.ts';
import { ApiError, idParam, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';
import { asApiError, mayPlanFor, mayReadOfficer, ownNip } from './kinerja-access.ts';
import { kinerjaAppealRoutes } from './kinerja-appeals.ts';
import { kinerjaEvidenceRoutes } from './kinerja-evidence.ts';
import { myMonthRoute } from './kinerja-month.ts';

/**
 * Kinerja (issue 19 §2): annual RHK and monthly targets, realisations with signed evidence, layered
 * verification (direct superior, then verifikator), the superior's monthly rating, and the
 * verification queue. Every read and write is scoped (kinerja-access.ts); who decides what is core's
 * (verification.ts).
 */
export function kinerjaRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(kinerjaEvidenceRoutes(deps));
  router.use(kinerjaAppealRoutes(deps));
  router.use(myMonthRoute(deps));

  const rhkViews = async (where: { nip: string; year?: number } | { id: number }): Promise<RhkView[]> => {
    let q = ctx.db.selectFrom('kinerja_rhk').selectAll();
    if ('id' in where) q = q.where('id', '=', where.id);
    else {
      q = q.where('nip', '=', where.nip);
      if (where.year !== undefined) q = q.where('year', '=', where.year);
    }
    const rows = await q.orderBy('id').execute();
    const targets = rows.length
      ? await ctx.db
          .selectFrom('kinerja_targets')
          .select(['id', 'rhk_id', 'month', 'target'])
          .where(
            'rhk_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('month')
          .execute()
      : [];
    return rows.map((r) => ({
      id: r.id,
      nip: r.nip,
      year: r.year,
      indicator: r.indicator,
      unit: r.unit,
      annualTarget: r.annual_target,
      weight: r.weight,
      parentId: r.parent_id,
      officeKpi: r.office_kpi,
      targets: targets
        .filter((t) => t.rhk_id === r.id)
        .map((t) => ({ id: t.id, month: t.month, target: t.target })),
    }));
  };

  router.get('/rhk', async (req, res) => {
    const p = principalOf(req);
    const q = parseOr400(
      z.object({
        nip: z
          .string()
          .regex(/^\d{18}$/)
          .optional(),
        year: z.coerce.number().int().min(2000).max(2100).optional(),
      }),
      req.query,
      'query',
    );
    const nip = q.nip ?? p.nip;
    if (!nip)
      throw ApiError.badRequest('name the officer', [{ field: 'nip', reason: 'required for this account' }]);
    if (!(await mayReadOfficer(ctx, p, nip)))
      throw ApiError.forbidden("the officer is outside this account's reach");
    res.json({ items: await rhkViews({ nip, year: q.year }) });
  });

  router.post('/rhk', async (req, res) => {
    const p = principalOf(req);
    const body = parseOr400(rhkCreateRequest, req.body ?? {});
    if (p.kind !== 'user') throw ApiError.forbidden('RHK are set by people');
    if (!(await mayPlanFor(ctx, p, body.nip)))
      throw ApiError.forbidden('only the officer, their direct superior or a registry manager sets an RHK');
    const officer = await ctx.db
      .selectFrom('officers')
      .select('nip')
      .where('nip', '=', body.nip)
      .executeTakeFirst();
    if (!officer)
      throw ApiError.unprocessable(`no officer ${body.nip}`, [{ field: 'nip', reason: 'unknown' }]);
    if (body.parentId !== null) {
      const parent = await ctx.db
        .selectFrom('kinerja_rhk')
        .selectAll()
        .where('id', '=', body.parentId)
        .executeTakeFirst();
      const superior = await directSuperiorOf(ctx.db, body.nip, `${body.year}-01-01`).then(
        async (s) =>
          s ??
          (await directSuperiorOf(ctx.db, body.nip, localDateOf(ctx.clock.now(), ctx.policy.workHours.zone))),
      );
      if (!parent || parent.year !== body.year || parent.nip !== superior)
        throw ApiError.unprocessable(
          "the parent must be an RHK of the officer's direct superior in the same year",
          [{ field: 'parentId', reason: 'not the superior’s RHK of that year' }],
        );
    }
    const row = await ctx.db
      .insertInto('kinerja_rhk')
      .values({
        nip: body.nip,
        year: body.year,
        indicator: body.indicator,
        unit: body.unit,
        annual_target: body.annualTarget,
        weight: body.weight,
        parent_id: body.parentId,
        office_kpi: body.officeKpi,
        created_by: p.id,
        created_at: new Date(ctx.clock.now()),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    res.status(201).json({ rhk: (await rhkViews({ id: row.id }))[0] });
  });

  /** Sets (or corrects) the monthly rencana aksi target of an RHK; the change is the setter's, with when. */
  router.put('/rhk/:id/targets', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = idParam(req.params.id);
    const body = parseOr400(targetSetRequest, req.body ?? {});
    const rhk = await ctx.db.selectFrom('kinerja_rhk').selectAll().where('id', '=', id).executeTakeFirst();
    if (!rhk || !(await mayReadOfficer(ctx, p, rhk.nip))) throw ApiError.notFound(`no RHK ${id}`);
    if (p.kind !== 'user' || !(await mayPlanFor(ctx, p, rhk.nip)))
      throw ApiError.forbidden('only the officer, their direct superior or a registry manager sets targets');
    if (!body.month.startsWith(`${rhk.year}-`))
      throw ApiError.badRequest('invalid body', [{ field: 'month', reason: `not a month of ${rhk.year}` }]);
    const row = await ctx.db
      .insertInto('kinerja_targets')
      .values({
        rhk_id: id,
        month: body.month,
        target: body.target,
        set_by: p.id,
        set_at: new Date(ctx.clock.now()),
      })
      .onConflict((oc) =>
        oc
          .columns(['rhk_id', 'month'])
          .doUpdateSet({ target: body.target, set_by: p.id, set_at: new Date(ctx.clock.now()) }),
      )
      .returning(['id', 'month', 'target'])
      .executeTakeFirstOrThrow();
    res.json({ target: row });
  });

  const one = async (id: number, now: number): Promise<RealisationView> =>
    (await realisationViews(ctx.db, ctx.policy, [id], now))[0]!;
  const visible = async (req: Request<{ id: string }>) => {
    const id = idParam(req.params.id);
    const row = await ctx.db
      .selectFrom('kinerja_realisations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || !(await mayReadOfficer(ctx, principalOf(req), row.nip)))
      throw ApiError.notFound(`no realisation ${id}`);
    return row;
  };

  router.post('/realisations', async (req, res) => {
    const p = principalOf(req);
    const nip = ownNip(p);
    const body = parseOr400(realisationSubmitRequest, req.body ?? {});
    const now = ctx.clock.now();
    const id = await submitRealisation(ctx.db, ctx.policy, { ...body, userId: p.id, nip, now }).catch(
      asApiError,
    );
    res.status(201).json({ realisation: await one(id, now) });
  });

  router.post('/realisations/:id/resubmit', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const nip = ownNip(p);
    const old = await visible(req);
    if (old.nip !== nip) throw ApiError.forbidden('only the officer corrects their realisation');
    const body = parseOr400(realisationResubmitRequest, req.body ?? {});
    const now = ctx.clock.now();
    const id = await submitRealisation(ctx.db, ctx.policy, {
      ...body,
      targetId: old.target_id,
      userId: p.id,
      nip,
      now,
      supersedes: old.id,
    }).catch(asApiError);
    res.status(201).json({ realisation: await one(id, now) });
  });

  router.get('/realisations/:id', async (req: Request<{ id: string }>, res) => {
    const row = await visible(req);
    res.json({ realisation: await one(row.id, ctx.clock.now()) });
  });

  /** One layer's decision: the direct superior first, then a verifikator; a rejection needs a reason. */
  const decide = async (
    p: ReturnType<typeof principalOf>,
    row: {
      id: number;
      nip: string;
      status: RealisationView['status'];
      activity_date: string;
      submitted_at: Date;
      superseded: boolean;
    },
    outcome: 'validated' | 'rejected',
    reason: string,
  ) => {
    if (row.superseded) throw ApiError.conflict('the realisation was corrected: decide the current one');
    const superior = await directSuperiorOf(ctx.db, row.nip, row.activity_date);
    const refusal = verificationRefusal(p, row, superior);
    if (refusal)
      throw refusal.code === 'forbidden'
        ? ApiError.forbidden(refusal.reason)
        : ApiError.conflict(refusal.reason);
    if (p.kind !== 'user') throw ApiError.forbidden('decisions are taken by people');
    const now = ctx.clock.now();
    const reachedAt =
      row.status === 'validated'
        ? ((
            await ctx.db
              .selectFrom('kinerja_decisions')
              .select('at')
              .where('realisation_id', '=', row.id)
              .where('layer', '=', 'superior')
              .where('outcome', '=', 'validated')
              .orderBy('id', 'desc')
              .executeTakeFirst()
          )?.at.getTime() ?? row.submitted_at.getTime())
        : row.submitted_at.getTime();
    const ok = await decideRealisation(ctx.db, ctx.policy, {
      id: row.id,
      expected: row.status,
      outcome,
      reason,
      userId: p.id,
      nip: p.nip,
      now,
      reachedAt,
    });
    if (!ok) throw ApiError.conflict('the realisation changed meanwhile; read it again');
    ctx.log.info({ realisation: row.id, outcome, by: p.username }, 'realisation decided');
  };

  router.post('/realisations/:id/decide', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const row = await visible(req);
    const body = parseOr400(decisionRequest, req.body ?? {});
    await decide(p, row, body.outcome, body.reason);
    res.json({ realisation: await one(row.id, ctx.clock.now()) });
  });

  /**
   * Bulk validation, where safe: each item is validated only if this principal may decide it and every
   * piece of its evidence has a signature that verifies; the others are listed with why.
   */
  router.post('/realisations/validate-bulk', async (req, res) => {
    const p = principalOf(req);
    const body = parseOr400(bulkDecisionRequest, req.body ?? {});
    const now = ctx.clock.now();
    const views = await realisationViews(ctx.db, ctx.policy, body.ids, now);
    const validated: number[] = [];
    const skipped: { id: number; reason: string }[] = [];
    for (const id of [...new Set(body.ids)]) {
      const v = views.find((x) => x.id === id);
      if (!v || !(await mayReadOfficer(ctx, p, v.nip))) {
        skipped.push({ id, reason: 'not found' });
        continue;
      }
      if (v.evidence.length === 0 || v.evidence.some((e) => !e.signature.valid)) {
        skipped.push({ id, reason: 'an evidence signature does not verify: decide it on its own' });
        continue;
      }
      try {
        const row = await ctx.db
          .selectFrom('kinerja_realisations')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        await decide(p, row, 'validated', '');
        validated.push(id);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        skipped.push({ id, reason: err.message });
      }
    }
    res.json({ validated, skipped });
  });

  /**
   * What waits for this principal, oldest first: as a direct superior, their subordinates' submitted
   * realisations; as a verifikator, those the superiors validated. With the superiors past their
   * deadline named (R7.2).
   */
  router.get('/queue', async (req, res) => {
    const p = principalOf(req);
    const now = ctx.clock.now();
    await escalateAppeals(ctx.db, ctx.policy, now);
    let ids: number[] = [];
    if (p.role === 'verifikator') {
      ids = (
        await ctx.db
          .selectFrom('kinerja_realisations')
          .select('id')
          .where('status', 'in', ['validated', 'submitted'])
          .where('superseded', '=', false)
          .orderBy('submitted_at')
          .limit(500)
          .execute()
      ).map((r) => r.id);
    } else if (p.nip !== null) {
      const candidates = await ctx.db
        .selectFrom('kinerja_realisations as r')
        .select(['r.id', 'r.nip', 'r.activity_date'])
        .where('r.status', '=', 'submitted')
        .where('r.superseded', '=', false)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('officer_assignments as a')
              .select('a.id')
              .whereRef('a.nip', '=', 'r.nip')
              .where('a.atasan_nip', '=', p.nip),
          ),
        )
        .orderBy('r.submitted_at')
        .limit(500)
        .execute();
      const superior = superiorLookup(ctx.db);
      for (const c of candidates) if ((await superior(c.nip, c.activity_date)) === p.nip) ids.push(c.id);
    }
    const views = await realisationViews(ctx.db, ctx.policy, ids, now);
    // The verifikator sees what the superiors still hold only to name who is late, not to decide it.
    const items = p.role === 'verifikator' ? views.filter((v) => v.status === 'validated') : views;
    const late = new Map<string, { count: number; oldestDueAt: number }>();
    for (const v of views) {
      const w = v.waitingOn;
      if (!w || w.layer !== 'superior' || !w.overdue || !w.nip) continue;
      const cur = late.get(w.nip) ?? { count: 0, oldestDueAt: w.dueAt };
      late.set(w.nip, { count: cur.count + 1, oldestDueAt: Math.min(cur.oldestDueAt, w.dueAt) });
    }
    const names = late.size
      ? await ctx.db
          .selectFrom('officers')
          .select(['nip', 'name'])
          .where('nip', 'in', [...late.keys()])
          .execute()
      : [];
    res.json({
      serverNow: now,
      items,
      overdue: [...late].map(([nip, l]) => ({
        nip,
        name: names.find((n) => n.nip === nip)?.name ?? null,
        ...l,
      })),
    });
  });

  /** The direct superior's rating of a month (R2.1): hasil kerja × perilaku → predikat. */
  router.post('/ratings', async (req, res) => {
    const p = principalOf(req);
    const body = parseOr400(ratingRequest, req.body ?? {});
    if (p.kind !== 'user' || p.nip === null || p.nip === body.nip)
      throw ApiError.forbidden("only the officer's direct superior rates the month");
    const lastDay = localDateOf(
      Math.min(ctx.clock.now(), Date.parse(`${body.month}-28T00:00:00Z`) + 4 * 86_400_000),
      ctx.policy.workHours.zone,
    );
    const superior = await directSuperiorOf(
      ctx.db,
      body.nip,
      lastDay < `${body.month}-01` ? `${body.month}-01` : lastDay,
    );
    if (superior !== p.nip) throw ApiError.forbidden("only the officer's direct superior rates the month");
    const at = new Date(ctx.clock.now());
    await ctx.db
      .insertInto('kinerja_ratings')
      .values({
        nip: body.nip,
        month: body.month,
        hasil_kerja: body.hasilKerja,
        perilaku: body.perilaku,
        rated_by: p.id,
        rater_nip: p.nip,
        at,
      })
      .execute();
    res.status(201).json({
      rating: {
        ...body,
        predikat: predikatOf(ctx.policy.kinerja, body.hasilKerja, body.perilaku),
        ratedBy: p.username,
        at: at.getTime(),
      },
    });
  });
  return router;
}
