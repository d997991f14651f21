import { Router, type Request } from 'express';
import { appealDecisionRefusal, appealDecisionRequest, appealRequest, contestRefusal } from '@pkk/core';
import { announceFindings } from '@pkk/platform/findings/announce';
import { appealCalendarOf, decideFinding } from '@pkk/platform/findings/appeal';
import { appealViews, escalateAppeals, openAppeal } from '@pkk/platform/kinerja/appeals';
import { principalOf } from '../auth/principal.ts';
import { ApiError, idParam, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';
import { mayReadOfficer } from './kinerja-access.ts';

/**
 * Appeals with evidence, a decider and a deadline (issue 19 §3). The officer (or their lurah) contests
 * a finding about them with reasons and signed evidence; the decider named on the appeal (the direct
 * superior by default) upholds or overturns it; past its deadline it escalates up the chain.
 */
export function kinerjaAppealRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();

  router.post('/appeals', async (req, res) => {
    const p = principalOf(req);
    const body = parseOr400(appealRequest, req.body ?? {});
    const f = await ctx.db
      .selectFrom('findings')
      .selectAll()
      .where('id', '=', body.findingId)
      .executeTakeFirst();
    if (!f || f.nip === null || !(await mayReadOfficer(ctx, p, f.nip)))
      throw ApiError.notFound(`no finding ${body.findingId} about a person in reach`);
    const now = ctx.clock.now();
    const refusal = contestRefusal(
      p,
      { standing: f.standing, date: f.date, nip: f.nip, kelurahanCode: f.kelurahan_code },
      now,
      appealCalendarOf(ctx.policy),
      f.appeal_ends_at?.getTime(),
    );
    if (refusal)
      throw refusal.code === 'forbidden'
        ? ApiError.forbidden(refusal.reason)
        : ApiError.conflict(refusal.reason);
    if (body.evidenceIds.length) {
      const ev = await ctx.db
        .selectFrom('kinerja_evidence')
        .select(['id', 'nip', 'purpose'])
        .where('id', 'in', body.evidenceIds)
        .execute();
      for (const id of body.evidenceIds)
        if (!ev.some((e) => e.id === id && e.nip === f.nip && e.purpose === 'appeal'))
          throw ApiError.unprocessable(`no appeal evidence ${id} of the officer`, [
            { field: 'evidenceIds', reason: 'unknown' },
          ]);
    }
    const change = await openAppeal(ctx.db, ctx.policy, {
      finding: { id: f.id, nip: f.nip, date: f.date },
      userId: p.kind === 'user' ? p.id : null,
      text: body.text,
      evidenceIds: body.evidenceIds,
      now,
    });
    if (!change) throw ApiError.conflict('the finding changed meanwhile; read it again');
    await announceFindings(ctx, [change]);
    ctx.log.info({ finding: f.id, by: p.username }, 'appeal opened');
    res.status(201).json({ appeal: (await appealViews(ctx.db, [f.id], now))[0] });
  });

  /** The appeals this principal decides, and their own: oldest first, escalated ones included. */
  router.get('/appeals', async (req, res) => {
    const p = principalOf(req);
    const now = ctx.clock.now();
    await escalateAppeals(ctx.db, ctx.policy, now);
    const rows = await ctx.db
      .selectFrom('kinerja_appeals as a')
      .innerJoin('findings as f', 'f.id', 'a.finding_id')
      .select('a.finding_id')
      .where((eb) =>
        eb.or([
          ...(p.nip !== null ? [eb('a.decider_nip', '=', p.nip), eb('f.nip', '=', p.nip)] : []),
          ...(p.role === 'verifikator' ? [eb('a.decider_nip', 'is', null)] : []),
          eb.lit(false),
        ]),
      )
      .orderBy('a.opened_at')
      .limit(500)
      .execute();
    res.json({
      serverNow: now,
      items: await appealViews(
        ctx.db,
        rows.map((r) => r.finding_id),
        now,
      ),
    });
  });

  router.post('/appeals/:id/decide', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = idParam(req.params.id);
    const body = parseOr400(appealDecisionRequest, req.body ?? {});
    const now = ctx.clock.now();
    await escalateAppeals(ctx.db, ctx.policy, now);
    const a = await ctx.db
      .selectFrom('kinerja_appeals as a')
      .innerJoin('findings as f', 'f.id', 'a.finding_id')
      .select(['a.finding_id', 'a.decider_kind', 'a.decider_nip', 'f.nip', 'f.standing', 'f.contested_by'])
      .where('a.finding_id', '=', id)
      .executeTakeFirst();
    if (!a || !(a.decider_nip === p.nip || (await mayReadOfficer(ctx, p, a.nip ?? ''))))
      throw ApiError.notFound(`no appeal of finding ${id}`);
    const refusal = appealDecisionRefusal(
      p,
      { nip: a.nip, deciderKind: a.decider_kind, deciderNip: a.decider_nip, contestedBy: a.contested_by },
      a.standing,
    );
    if (refusal)
      throw refusal.code === 'forbidden'
        ? ApiError.forbidden(refusal.reason)
        : ApiError.conflict(refusal.reason);
    const change = await decideFinding(
      ctx.db,
      id,
      p.kind === 'user' ? p.id : null,
      body.outcome,
      body.text,
      now,
    );
    if (!change) throw ApiError.conflict('the finding changed meanwhile; read it again');
    await announceFindings(ctx, [change]);
    ctx.log.info({ finding: id, outcome: body.outcome, by: p.username }, 'appeal decided');
    res.json({ appeal: (await appealViews(ctx.db, [id], now))[0] });
  });
  return router;
}
