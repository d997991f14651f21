import { Router, type Request } from 'express';
import {
  formatMatcher,
  MatcherError,
  officeScope,
  parseMatcher,
  silenceRequest,
  type Principal,
  type Silence,
} from '@pkk/core';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ApiError, idParam, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';
import { actorOf, audit } from '@pkk/platform/audit/log';

/**
 * Silences in Alertmanager's terms: matchers and a window. The city-wide roles silence anything; a
 * camat only with a `kecamatan="<own>"` matcher, a lurah only with `kelurahan="<own>"`, so nobody
 * mutes another area's alerts. Declaring an office's outage or a holiday is a silence too.
 */
export function silenceRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('walikota', 'operator', 'admin', 'camat', 'lurah'));

  const view = (r: {
    id: number;
    matchers: string[];
    starts_at: Date;
    ends_at: Date;
    comment: string;
    created_at: Date;
    expired_at: Date | null;
    username: string | null;
  }): Silence => {
    const now = ctx.clock.now();
    const end = r.expired_at && r.expired_at < r.ends_at ? r.expired_at.getTime() : r.ends_at.getTime();
    return {
      id: r.id,
      matchers: r.matchers,
      startsAt: r.starts_at.getTime(),
      endsAt: end,
      comment: r.comment,
      createdBy: r.username,
      createdAt: r.created_at.getTime(),
      expiredAt: r.expired_at?.getTime() ?? null,
      state: now >= end ? 'expired' : now < r.starts_at.getTime() ? 'pending' : 'active',
    };
  };
  const select = () =>
    ctx.db
      .selectFrom('silences')
      .leftJoin('users', 'users.id', 'silences.created_by')
      .select([
        'silences.id',
        'silences.matchers',
        'silences.starts_at',
        'silences.ends_at',
        'silences.comment',
        'silences.created_at',
        'silences.expired_at',
        'users.username',
      ]);

  /**
   * The area matcher a principal's silences must include: none for the city-wide roles, the
   * kecamatan's or kelurahan's for a camat or lurah; `refused` for an account whose area is missing.
   */
  const required = (p: Principal): { need: string | null } | 'refused' => {
    const scope = officeScope(p);
    switch (scope.kind) {
      case 'city':
        return { need: null };
      case 'kecamatan':
      case 'kelurahan':
        return { need: `${scope.kind}=${JSON.stringify(scope.code)}` };
      case 'none':
        return 'refused';
    }
  };
  const mine = (matchers: string[], need: string | null) =>
    need === null || matchers.some((m) => m.replace(/\s/g, '') === need);

  router.get('/', async (req, res) => {
    const p = principalOf(req);
    const scope = required(p);
    if (scope === 'refused') return void res.json({ serverNow: ctx.clock.now(), items: [] });
    const since = new Date(ctx.clock.now() - 7 * 24 * 3_600_000);
    const rows = await select()
      .where('silences.ends_at', '>', since)
      .orderBy('silences.id', 'desc')
      .limit(500)
      .execute();
    res.json({
      serverNow: ctx.clock.now(),
      items: rows.filter((r) => mine(r.matchers, scope.need)).map(view),
    });
  });

  router.post('/', async (req, res) => {
    const p = principalOf(req);
    const body = parseOr400(silenceRequest, req.body);
    const parsed = body.matchers.map((m, i) => {
      try {
        return parseMatcher(m);
      } catch (err) {
        if (err instanceof MatcherError)
          throw ApiError.badRequest('invalid body', [{ field: `matchers.${i}`, reason: err.message }]);
        throw err;
      }
    });
    const scope = required(p);
    if (scope === 'refused') throw ApiError.forbidden('this account names no area to silence');
    const { need } = scope;
    const texts = parsed.map(formatMatcher);
    if (need && !texts.includes(need))
      throw ApiError.forbidden(`a ${p.role} silences their own area only: include the matcher ${need}`);
    const now = ctx.clock.now();
    const startsAt = body.startsAt ? Date.parse(body.startsAt) : now;
    const endsAt = Date.parse(body.endsAt);
    if (endsAt <= now)
      throw ApiError.unprocessable('the silence would be over already', [
        { field: 'endsAt', reason: 'must be in the future' },
      ]);
    const row = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('silences')
        .values({
          matchers: JSON.stringify(texts),
          starts_at: new Date(startsAt),
          ends_at: new Date(endsAt),
          comment: body.comment,
          created_by: p.kind === 'user' ? p.id : null,
          created_at: new Date(now),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, {
        at: now,
        actor: actorOf(p),
        action: 'silence.created',
        subject: `silence:${row.id}`,
        payload: { matchers: texts, startsAt, endsAt, comment: body.comment },
      });
      return row;
    });
    ctx.log.info({ silence: row.id, matchers: texts, by: p.username }, 'silence created');
    res
      .status(201)
      .json({ silence: view(await select().where('silences.id', '=', row.id).executeTakeFirstOrThrow()) });
  });

  router.post('/:id/expire', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = idParam(req.params.id);
    const row = await select().where('silences.id', '=', id).executeTakeFirst();
    const scope = required(p);
    if (!row || scope === 'refused' || !mine(row.matchers, scope.need))
      throw ApiError.notFound(`no silence ${id}`);
    if (row.expired_at) throw ApiError.conflict('the silence has expired already');
    const now = ctx.clock.now();
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('silences')
        .set({ expired_at: new Date(now), expired_by: p.kind === 'user' ? p.id : null })
        .where('id', '=', id)
        .execute();
      await audit(trx, { at: now, actor: actorOf(p), action: 'silence.expired', subject: `silence:${id}` });
    });
    res.json({ silence: view(await select().where('silences.id', '=', id).executeTakeFirstOrThrow()) });
  });
  return router;
}
