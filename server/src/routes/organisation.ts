import { Router, type Request } from 'express';
import { assignmentRequest, assignmentsQuery, canWriteOrganisation, organisationScope } from '@pkk/core';
import { assignmentsOn, recordAssignment, type AssignmentProblem } from '@pkk/platform/org/assignments';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';
import { organisationIoRoutes } from './organisation-io.ts';
import { assignmentViews, nipParam, rowVisible, today, unitExists } from './organisation-views.ts';

/**
 * The organisation over time (issue 19 §1): an officer's assignment history and the one in force,
 * a unit's officers on a day with their superior, and new assignments (a move, a class change, a new
 * superior) from a day. Admins and HR write; the mayor reads the city, a camat and a lurah their
 * area, an ASN themself; any other role, or an account without its area, reads nothing.
 */
export function organisationRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('walikota', 'admin', 'hr', 'camat', 'lurah', 'asn'));
  router.use((req, _res, next) => {
    // A scoped account whose area is missing reads nothing, and says so.
    if (organisationScope(principalOf(req)).kind === 'none')
      return next(ApiError.forbidden('this account names no area or officer'));
    next();
  });

  router.get('/assignments', async (req, res) => {
    const p = principalOf(req);
    const q = parseOr400(assignmentsQuery, req.query, 'query');
    const date = q.date ?? today(ctx);
    const rows = await assignmentsOn(ctx.db, date, { kind: q.unitKind, code: q.unitCode });
    res.json({
      date,
      items: await assignmentViews(
        ctx,
        rows.filter((r) => rowVisible(ctx, p, r)),
      ),
    });
  });

  router.post('/assignments', async (req, res) => {
    const p = principalOf(req);
    if (!canWriteOrganisation(p)) throw ApiError.forbidden('only admins and HR record assignments');
    const a = parseOr400(assignmentRequest, req.body);
    const outcome = await ctx.db
      .transaction()
      .execute((tx) => recordAssignment(tx, a, p.username, (u) => unitExists(ctx, u)));
    if (!outcome.ok) throw problemsError(outcome.problems);
    const [view] = await assignmentViews(ctx, [outcome.row]);
    res.status(outcome.action === 'create' ? 201 : 200).json({ assignment: view!, closed: outcome.closed });
  });

  router.get('/officers/:nip', async (req: Request<{ nip: string }>, res) => {
    const p = principalOf(req);
    const nip = nipParam(req.params.nip);
    const q = parseOr400(assignmentsQuery.pick({ date: true }), req.query, 'query');
    const date = q.date ?? today(ctx);
    const officer = await ctx.db
      .selectFrom('officers')
      .select(['nip', 'name'])
      .where('nip', '=', nip)
      .executeTakeFirst();
    if (!officer) throw ApiError.notFound(`no officer ${nip}`);
    const rows = await ctx.db
      .selectFrom('officer_assignments')
      .selectAll()
      .where('nip', '=', nip)
      .orderBy('valid_from', 'desc')
      .execute();
    const visible = rows.filter((r) => rowVisible(ctx, p, r));
    if (!visible.length && !(organisationScope(p).kind === 'city'))
      throw ApiError.forbidden(`officer ${nip} has no assignment in this account's area`);
    const history = await assignmentViews(ctx, visible);
    const current =
      history.find((h) => h.validFrom <= date && (h.validTo === null || h.validTo > date)) ?? null;
    res.json({ nip, name: officer.name, date, current, history });
  });

  router.use(organisationIoRoutes(deps));
  return router;
}

/** Problems of a write as one error: 409 when what is stored stands in the way, else 422. */
export function problemsError(problems: AssignmentProblem[]): ApiError {
  const details = problems.map((x) => ({ field: x.field, reason: x.reason }));
  return problems.some((x) => x.kind === 'conflict')
    ? ApiError.conflict('the assignment conflicts with the recorded history', details)
    : ApiError.unprocessable('the assignment refers to something that does not exist or cannot be', details);
}
