import { Router } from 'express';
import {
  addDays,
  evidenceDueDate,
  localDateOf,
  monthId,
  predikat as predikatEnum,
  predikatOf,
  workingDay,
  workingDaysLeft,
  type MyMonth,
} from '@pkk/core';
import { z } from 'zod';
import { appealViews, escalateAppeals } from '@pkk/platform/kinerja/appeals';
import { officeKpiAchievements } from '@pkk/platform/kinerja/office-kpis';
import { realisationViews } from '@pkk/platform/kinerja/store';
import { directSuperiorOf } from '@pkk/platform/org/superior';
import { principalOf } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';
import { mayReadOfficer } from './kinerja-access.ts';

/** "Bulan Saya": an officer's month on one screen (issue 19 §5). */
export function myMonthRoute(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.get('/month', async (req, res) => {
    const p = principalOf(req);
    const now = ctx.clock.now();
    const zone = ctx.policy.workHours.zone;
    const today = localDateOf(now, zone);
    const q = parseOr400(
      z.object({
        month: monthId.optional(),
        nip: z
          .string()
          .regex(/^\d{18}$/)
          .optional(),
      }),
      req.query,
      'query',
    );
    const month = q.month ?? today.slice(0, 7);
    const nip = q.nip ?? p.nip;
    if (!nip)
      throw ApiError.badRequest('name the officer', [{ field: 'nip', reason: 'required for this account' }]);
    if (!(await mayReadOfficer(ctx, p, nip)))
      throw ApiError.forbidden("the officer is outside this account's reach");
    await escalateAppeals(ctx.db, ctx.policy, now);
    const k = ctx.policy.kinerja;
    const cal = { workHours: ctx.policy.workHours, holidays: ctx.policy.holidays };

    const targets = await ctx.db
      .selectFrom('kinerja_targets as t')
      .innerJoin('kinerja_rhk as h', 'h.id', 't.rhk_id')
      .select(['t.id', 't.target', 'h.id as rhk_id', 'h.indicator', 'h.unit', 'h.weight', 'h.office_kpi'])
      .where('h.nip', '=', nip)
      .where('t.month', '=', month)
      .orderBy('h.id')
      .execute();
    const current = targets.length
      ? await ctx.db
          .selectFrom('kinerja_realisations')
          .select(['id', 'target_id'])
          .where('superseded', '=', false)
          .where(
            'target_id',
            'in',
            targets.map((t) => t.id),
          )
          .execute()
      : [];
    const views = await realisationViews(
      ctx.db,
      ctx.policy,
      current.map((c) => c.id),
      now,
    );
    const kpis = targets.some((t) => t.office_kpi !== null)
      ? await officeKpiAchievements(ctx.db, ctx.policy, nip, month, now)
      : null;

    // Activity days whose evidence can still be on time (or just went late), newest first.
    const windows: MyMonth['windows'] = [];
    for (let d = today, n = 0; d >= `${month}-01` && n < 12; d = addDays(d, -1), n++) {
      if (!d.startsWith(month) || workingDay(d, cal.workHours, cal.holidays).kind !== 'working') continue;
      windows.push({
        activityDate: d,
        dueDate: evidenceDueDate(d, k, cal),
        workingDaysLeft: workingDaysLeft(now, d, k, cal),
      });
    }

    const next = `${addDays(`${month}-28`, 4).slice(0, 7)}-01`;
    const findings = await ctx.db
      .selectFrom('findings')
      .select(['id', 'kind', 'date', 'standing', 'appeal_ends_at'])
      .where('nip', '=', nip)
      .where('date', '>=', `${month}-01`)
      .where('date', '<', next)
      .orderBy('date')
      .orderBy('id')
      .execute();
    const appeals = await appealViews(
      ctx.db,
      findings.map((f) => f.id),
      now,
    );
    const rating = await ctx.db
      .selectFrom('kinerja_ratings as r')
      .innerJoin('users as u', 'u.id', 'r.rated_by')
      .select(['r.hasil_kerja', 'r.perilaku', 'u.username', 'r.at'])
      .where('r.nip', '=', nip)
      .where('r.month', '=', month)
      .orderBy('r.id', 'desc')
      .executeTakeFirst();

    const body: MyMonth = {
      serverNow: now,
      month,
      nip,
      superior: await directSuperiorOf(ctx.db, nip, today.startsWith(month) ? today : `${month}-01`),
      targets: targets.map((t) => ({
        targetId: t.id,
        rhkId: t.rhk_id,
        indicator: t.indicator,
        unit: t.unit,
        weight: t.weight,
        target: t.target,
        officeKpi: t.office_kpi,
        kpiAchievementBp: t.office_kpi && kpis ? kpis[t.office_kpi] : null,
        realisation: views.find((v) => v.targetId === t.id) ?? null,
      })),
      windows,
      findings: findings.map((f) => ({
        id: f.id,
        kind: f.kind,
        date: f.date,
        standing: f.standing,
        appealEndsAt: f.appeal_ends_at?.getTime() ?? null,
        appeal: appeals.find((a) => a.findingId === f.id) ?? null,
      })),
      rating: rating
        ? {
            nip,
            month,
            hasilKerja: rating.hasil_kerja,
            perilaku: rating.perilaku,
            predikat: predikatOf(k, rating.hasil_kerja, rating.perilaku),
            ratedBy: rating.username,
            at: rating.at.getTime(),
          }
        : null,
      ladder: predikatEnum.options.map((p) => ({
        predikat: p,
        bp: k.ladder[p].value,
        typical: k.ladder[p].status === 'TYPICAL',
      })),
      lateCreditBp: {
        value: k.lateEvidence.creditBp.value,
        typical: k.lateEvidence.creditBp.status === 'TYPICAL',
      },
    };
    res.json(body);
  });
  return router;
}
