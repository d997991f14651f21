import { Router, type Request, type Response } from 'express';
import {
  contestRefusal,
  decisionRefusal,
  findingActionRequest,
  findingCommentRequest,
  findingContestRequest,
  findingDecisionRequest,
  findingInScope,
  findingScope,
  findingsQuery,
  kecamatanInScope,
  officeInScope,
  type FindingScope,
  type FindingStanding,
  type Refusal,
} from '@pkk/core';
import { sql } from 'kysely';
import { appealCalendarOf, contestFinding, decideFinding } from '@pkk/platform/findings/appeal';
import { announceFindings } from '@pkk/platform/findings/announce';
import { toFinding } from '@pkk/platform/findings/store';
import { actorOf, audit } from '@pkk/platform/audit/log';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ApiError, idParam, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/**
 * Who reads findings: those who watch offices (in their area), HR and verifikators (people's
 * findings, to pay and to judge appeals), an ASN (their own). Who acts on them: the people alerts go
 * to. Who contests and decides: core/src/findings/appeal.ts.
 */
const RESPONDERS = new Set(['walikota', 'operator', 'admin', 'camat', 'lurah']);
const READERS = ['walikota', 'operator', 'admin', 'camat', 'lurah', 'hr', 'verifikator', 'asn'] as const;

/**
 * Whether a filter by area is the principal's to ask: the city-wide and the personal readers filter
 * by any area, a camat or lurah by one inside their own, an ASN (or an account with no scope) by none.
 */
const mayFilterByArea = (s: FindingScope, inside: boolean) =>
  s.kind === 'city' || s.kind === 'personal' || inside;

const appealSubjectOf = (r: {
  standing: FindingStanding | null;
  date: string;
  nip: string | null;
  kelurahan_code: string;
}) => ({
  standing: r.standing,
  date: r.date,
  nip: r.nip,
  kelurahanCode: r.kelurahan_code,
});
const refused = (r: Refusal) =>
  r.code === 'forbidden' ? ApiError.forbidden(r.reason) : ApiError.conflict(r.reason);

export function findingRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole(...READERS));

  router.get('/', async (req, res) => {
    const p = principalOf(req);
    const q = parseOr400(findingsQuery, req.query, 'query');
    const scope = findingScope(p);
    if (q.kelurahan) {
      const k = ctx.registry.get(q.kelurahan);
      if (!k) throw ApiError.notFound(`no kelurahan ${q.kelurahan}`);
      if (!mayFilterByArea(scope, officeInScope(scope, k)))
        throw ApiError.forbidden(`kelurahan ${q.kelurahan} is outside this account's area`);
    }
    if (q.kecamatan && !mayFilterByArea(scope, kecamatanInScope(scope, q.kecamatan)))
      throw ApiError.forbidden(`kecamatan ${q.kecamatan} is outside this account's area`);
    if (q.nip && scope.kind === 'nip' && q.nip !== scope.nip)
      throw ApiError.forbidden('an ASN sees their own findings only');

    let sel = ctx.db.selectFrom('findings').selectAll();
    switch (scope.kind) {
      case 'none':
        return void res.json({ serverNow: ctx.clock.now(), items: [], next: null });
      case 'city':
        break;
      case 'kecamatan':
        sel = sel.where('kecamatan_code', '=', scope.code);
        break;
      case 'kelurahan':
        sel = sel.where('kelurahan_code', '=', scope.code);
        break;
      case 'nip':
        sel = sel.where('nip', '=', scope.nip);
        break;
      case 'personal':
        sel = sel.where('nip', 'is not', null);
        break;
    }
    if (q.state !== 'all') sel = sel.where('state', '=', q.state);
    if (q.kind) sel = sel.where('kind', '=', q.kind);
    if (q.severity) sel = sel.where('severity', '=', q.severity);
    if (q.kelurahan) sel = sel.where('kelurahan_code', '=', q.kelurahan);
    if (q.kecamatan) sel = sel.where('kecamatan_code', '=', q.kecamatan);
    if (q.nip) sel = sel.where('nip', '=', q.nip);
    if (q.standing) sel = sel.where('standing', '=', q.standing);
    if (q.from) sel = sel.where('date', '>=', q.from);
    if (q.to) sel = sel.where('date', '<=', q.to);
    if (q.before) sel = sel.where('id', '<', q.before);
    const rows = await sel.orderBy('id', 'desc').limit(q.limit).execute();
    res.json({
      serverNow: ctx.clock.now(),
      items: rows.map(toFinding),
      next: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
    });
  });

  /** The finding named in the path, if this principal may see it; out of scope reads as absent. */
  const visibleFinding = async (req: Request<{ id: string }>) => {
    const id = idParam(req.params.id);
    const row = await ctx.db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
    const visible =
      row &&
      findingInScope(findingScope(principalOf(req)), {
        kelurahanCode: row.kelurahan_code,
        kecamatanCode: row.kecamatan_code,
        nip: row.nip,
      });
    if (!visible) throw ApiError.notFound(`no finding ${id}`);
    return row;
  };

  /** Records what a person did with a finding (acknowledge, comment, resolve), with who and when. */
  const act =
    (action: 'acknowledged' | 'commented' | 'resolved') =>
    async (req: Request<{ id: string }>, res: Response) => {
      const p = principalOf(req);
      if (!RESPONDERS.has(p.role)) throw ApiError.forbidden('only those alerts go to act on findings');
      const row = await visibleFinding(req);
      const body = parseOr400(
        action === 'commented' ? findingCommentRequest : findingActionRequest,
        req.body ?? {},
      );
      const at = new Date(ctx.clock.now());
      if (action === 'resolved' && row.state === 'resolved')
        throw ApiError.conflict('the finding is resolved already');
      const updated = await ctx.db.transaction().execute(async (trx) => {
        const set =
          action === 'acknowledged'
            ? {
                acknowledged_at: sql<Date>`coalesce(acknowledged_at, ${at})`,
                acknowledged_by: sql<number>`coalesce(acknowledged_by, ${p.id})`,
                updated_at: at,
              }
            : action === 'resolved'
              ? {
                  state: 'resolved' as const,
                  resolved_at: at,
                  updated_at: at,
                  acknowledged_at: sql<Date>`coalesce(acknowledged_at, ${at})`,
                  acknowledged_by: sql<number>`coalesce(acknowledged_by, ${p.id})`,
                }
              : { updated_at: at };
        const r = await trx
          .updateTable('findings')
          .set(set)
          .where('id', '=', row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('finding_events')
          .values({
            finding_id: row.id,
            at,
            action,
            actor_user_id: p.kind === 'user' ? p.id : null,
            detail: JSON.stringify(body.text ? { text: body.text } : {}),
          })
          .execute();
        await audit(trx, {
          at: at.getTime(),
          actor: actorOf(p),
          action: `finding.${action}`,
          subject: `finding:${row.id}`,
          refs: [`kelurahan:${r.kelurahan_code}`, ...(r.nip ? [`officer:${r.nip}`] : [])],
          payload: { state: r.state, standing: r.standing, ...(body.text ? { text: body.text } : {}) },
        });
        return r;
      });
      ctx.log.info({ finding: row.id, action, by: p.username }, 'finding acted on');
      res.json({ finding: toFinding(updated) });
    };
  router.post('/:id/acknowledge', act('acknowledged'));
  router.post('/:id/comment', act('commented'));
  router.post('/:id/resolve', act('resolved'));

  /** The officer (or their lurah) contests a pending finding about them, with a reason. */
  router.post('/:id/contest', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const row = await visibleFinding(req);
    const body = parseOr400(findingContestRequest, req.body ?? {});
    const now = ctx.clock.now();
    const refusal = contestRefusal(
      p,
      appealSubjectOf(row),
      now,
      appealCalendarOf(ctx.policy),
      row.appeal_ends_at?.getTime(),
    );
    if (refusal) throw refused(refusal);
    const change = await contestFinding(
      ctx.db,
      row.id,
      p.kind === 'user' ? p.id : null,
      body.text,
      now,
      actorOf(p),
    );
    if (!change) throw ApiError.conflict('the finding changed meanwhile; read it again');
    ctx.log.info({ finding: row.id, by: p.username }, 'finding contested');
    await announceFindings(ctx, [change]);
    res.json({ finding: change.finding });
  });

  /** A verifikator upholds or overturns a contested finding, with the grounds. */
  router.post('/:id/decide', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const row = await visibleFinding(req);
    const body = parseOr400(findingDecisionRequest, req.body ?? {});
    const refusal = decisionRefusal(p, appealSubjectOf(row), row.contested_by);
    if (refusal) throw refused(refusal);
    const change = await decideFinding(
      ctx.db,
      row.id,
      p.kind === 'user' ? p.id : null,
      body.outcome,
      body.text,
      ctx.clock.now(),
      actorOf(p),
    );
    if (!change) throw ApiError.conflict('the finding changed meanwhile; read it again');
    ctx.log.info({ finding: row.id, outcome: body.outcome, by: p.username }, 'appeal decided');
    await announceFindings(ctx, [change]);
    res.json({ finding: change.finding });
  });

  router.get('/:id', async (req: Request<{ id: string }>, res) => {
    const row = await visibleFinding(req);
    const id = row.id;
    const history = await ctx.db
      .selectFrom('finding_events')
      .leftJoin('users', 'users.id', 'finding_events.actor_user_id')
      .select(['finding_events.at', 'finding_events.action', 'finding_events.detail', 'users.username'])
      .where('finding_id', '=', id)
      .orderBy('finding_events.id')
      .execute();
    res.json({
      finding: toFinding(row),
      history: history.map((h) => ({
        at: h.at.getTime(),
        action: h.action,
        by: h.username ?? null,
        detail: h.detail,
      })),
    });
  });
  return router;
}
