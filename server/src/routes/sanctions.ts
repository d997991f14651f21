import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  canWriteOrganisation,
  caseCloseRequest,
  caseScanRequest,
  organisationScope,
  sanctionAnnulRequest,
  sanctionRequest,
  unitInScope,
  type Principal,
} from '@pkk/core';
import { isUniqueViolation } from '@pkk/platform/db/errors';
import type { Context } from '@pkk/platform/context';
import type { Selectable } from 'kysely';
import type { HukdisCasesTable } from '@pkk/platform/db/schema';
import { openAbsenceCases } from '@pkk/platform/org/sanctions';
import { assignmentOn } from '@pkk/platform/org/superior';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ApiError, idParam, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';
import { namesOf, today } from './organisation-views.ts';

/**
 * The sanctions register (R4.1, R4.2: SK number, kind of tpp.yaml hukdis.sanctions, start, months)
 * and the PP 94/2021 cases (R4.3). Admins and HR write; readers are those of the organisation, each
 * in their area (an officer's area: their unit today, else their office). Nothing here is ever
 * edited: an annulled SK keeps its row and gains an annulment; a case is closed, not removed.
 */
export function sanctionRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('walikota', 'admin', 'hr', 'camat', 'lurah', 'asn'));
  router.use((req, _res, next) => {
    if (organisationScope(principalOf(req)).kind === 'none')
      return next(ApiError.forbidden('this account names no area or officer'));
    next();
  });

  router.get('/', async (req, res) => {
    const p = principalOf(req);
    const q = parseOr400(
      z.strictObject({
        nip: z
          .string()
          .regex(/^\d{18}$/)
          .optional(),
      }),
      req.query,
      'query',
    );
    let query = ctx.db
      .selectFrom('sanctions')
      .leftJoin('sanction_annulments', 'sanction_annulments.sanction_id', 'sanctions.id')
      .selectAll('sanctions')
      .select([
        'sanction_annulments.sk_number as annul_sk',
        'sanction_annulments.note as annul_note',
        'sanction_annulments.recorded_by as annul_by',
        'sanction_annulments.recorded_at as annul_at',
      ])
      .orderBy('sanctions.start_date', 'desc')
      .orderBy('sanctions.id', 'desc');
    if (q.nip) query = query.where('sanctions.nip', '=', q.nip);
    const rows = await query.execute();
    const visible = await visibleNips(
      ctx,
      p,
      rows.map((r) => r.nip),
    );
    const mine = rows.filter((r) => visible.has(r.nip));
    const names = await namesOf(
      ctx.db,
      mine.map((r) => r.nip),
    );
    res.json({
      items: mine.map((r) => {
        const rule = ctx.policy.tpp.hukdis.sanctions[r.kind]?.value;
        return {
          id: Number(r.id),
          nip: r.nip,
          name: names.get(r.nip) ?? null,
          sk: r.sk_number,
          kind: r.kind,
          level: r.level,
          start: r.start_date,
          months: r.months,
          effectiveMonths: r.months ?? rule?.months ?? null,
          cutBp: rule?.cutBp ?? 0,
          note: r.note,
          caseId: r.case_id === null ? null : Number(r.case_id),
          recordedBy: r.recorded_by,
          recordedAt: new Date(r.recorded_at).toISOString(),
          annulled:
            r.annul_sk === null
              ? null
              : {
                  sk: r.annul_sk,
                  note: r.annul_note ?? '',
                  by: r.annul_by ?? '',
                  at: new Date(r.annul_at!).toISOString(),
                },
        };
      }),
    });
  });

  router.post('/', async (req, res) => {
    const p = principalOf(req);
    if (!canWriteOrganisation(p)) throw ApiError.forbidden('only admins and HR keep the sanctions register');
    const s = parseOr400(sanctionRequest, req.body);
    const rule = ctx.policy.tpp.hukdis.sanctions[s.kind];
    if (!rule)
      throw ApiError.badRequest('invalid sanction', [
        {
          field: 'kind',
          reason: `'${s.kind}' is not a sanction of tpp.yaml hukdis.sanctions (${Object.keys(ctx.policy.tpp.hukdis.sanctions).join(', ')})`,
        },
      ]);
    const officer = await ctx.db
      .selectFrom('officers')
      .select('nip')
      .where('nip', '=', s.nip)
      .executeTakeFirst();
    if (!officer)
      throw ApiError.unprocessable('invalid sanction', [
        { field: 'nip', reason: `no officer with NIP ${s.nip}` },
      ]);
    let id: number;
    try {
      id = await ctx.db.transaction().execute(async (tx) => {
        if (s.caseId !== null) {
          const c = await tx
            .selectFrom('hukdis_cases')
            .select(['nip', 'state'])
            .where('id', '=', s.caseId)
            .forUpdate()
            .executeTakeFirst();
          if (!c || c.nip !== s.nip)
            throw ApiError.unprocessable('invalid sanction', [
              { field: 'caseId', reason: `no case ${s.caseId} about ${s.nip}` },
            ]);
          if (c.state !== 'open') throw ApiError.conflict(`case ${s.caseId} is already closed`);
          await tx
            .updateTable('hukdis_cases')
            .set({
              state: 'closed',
              closed_at: new Date(ctx.clock.now()),
              closed_by: p.username,
              outcome: 'sanctioned',
              outcome_note: `SK ${s.sk}`,
            })
            .where('id', '=', s.caseId)
            .execute();
        }
        const row = await tx
          .insertInto('sanctions')
          .values({
            nip: s.nip,
            sk_number: s.sk,
            kind: s.kind,
            level: rule.value.level,
            start_date: s.start,
            months: s.months,
            note: s.note,
            case_id: s.caseId,
            recorded_by: p.username,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return Number(row.id);
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw ApiError.conflict(`SK ${s.sk} is already in the register for ${s.nip}`, [
          { field: 'sk', reason: 'already recorded' },
        ]);
      throw err;
    }
    res.status(201).json({ id });
  });

  router.post('/:id/annul', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    if (!canWriteOrganisation(p)) throw ApiError.forbidden('only admins and HR keep the sanctions register');
    const id = idParam(req.params.id);
    const a = parseOr400(sanctionAnnulRequest, req.body);
    const s = await ctx.db.selectFrom('sanctions').select('id').where('id', '=', id).executeTakeFirst();
    if (!s) throw ApiError.notFound(`no sanction ${id}`);
    const row = await ctx.db
      .insertInto('sanction_annulments')
      .values({ sanction_id: id, sk_number: a.sk, note: a.note, recorded_by: p.username })
      .onConflict((c) => c.column('sanction_id').doNothing())
      .returning('sanction_id')
      .executeTakeFirst();
    if (!row) throw ApiError.conflict(`sanction ${id} is already annulled`);
    res.status(201).json({ id });
  });

  router.get('/cases', async (req, res) => {
    const p = principalOf(req);
    const q = parseOr400(
      z.strictObject({
        nip: z
          .string()
          .regex(/^\d{18}$/)
          .optional(),
        state: z.enum(['open', 'closed']).optional(),
      }),
      req.query,
      'query',
    );
    let query = ctx.db
      .selectFrom('hukdis_cases')
      .selectAll()
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc');
    if (q.nip) query = query.where('nip', '=', q.nip);
    if (q.state) query = query.where('state', '=', q.state);
    const rows = await query.execute();
    const visible = await visibleNips(
      ctx,
      p,
      rows.map((r) => r.nip),
    );
    const mine = rows.filter((r) => visible.has(r.nip));
    res.json({ items: await caseViews(ctx, mine) });
  });

  router.post('/cases/scan', async (req, res) => {
    const p = principalOf(req);
    if (!canWriteOrganisation(p)) throw ApiError.forbidden('only admins and HR open cases');
    const { year } = parseOr400(caseScanRequest, req.body);
    const opened = await openAbsenceCases(ctx.db, ctx.policy.tpp, year, today(ctx));
    const rows = opened.length
      ? await ctx.db
          .selectFrom('hukdis_cases')
          .selectAll()
          .where(
            'id',
            'in',
            opened.map((o) => o.id),
          )
          .orderBy('id')
          .execute()
      : [];
    res.json({ opened: await caseViews(ctx, rows) });
  });

  router.post('/cases/:id/dismiss', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    if (!canWriteOrganisation(p)) throw ApiError.forbidden('only admins and HR close cases');
    const id = idParam(req.params.id);
    const body = parseOr400(caseCloseRequest, req.body);
    const row = await ctx.db
      .updateTable('hukdis_cases')
      .set({
        state: 'closed',
        closed_at: new Date(ctx.clock.now()),
        closed_by: p.username,
        outcome: body.outcome,
        outcome_note: body.note,
      })
      .where('id', '=', id)
      .where('state', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const exists = await ctx.db
        .selectFrom('hukdis_cases')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!exists) throw ApiError.notFound(`no case ${id}`);
      throw ApiError.conflict(`case ${id} is already closed`);
    }
    res.json((await caseViews(ctx, [row]))[0]!);
  });

  return router;
}

async function caseViews(ctx: Context, rows: Selectable<HukdisCasesTable>[]) {
  const names = await namesOf(
    ctx.db,
    rows.map((r) => r.nip),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    nip: r.nip,
    name: names.get(r.nip) ?? null,
    year: r.year,
    kind: r.kind,
    days: r.days,
    level: r.level,
    proposedSanction: r.proposed_sanction,
    assignedTo: r.assigned_to,
    findingIds: r.finding_ids.map(Number),
    state: r.state,
    openedAt: new Date(r.opened_at).toISOString(),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    closedBy: r.closed_by,
    outcome: r.outcome,
    outcomeNote: r.outcome_note,
  }));
}

/**
 * The officers among `nips` whose records `p` may read: an ASN themself; others by the unit of the
 * officer's assignment today, or (no assignment) by their office in the officers registry.
 */
async function visibleNips(ctx: Context, p: Principal, nips: string[]): Promise<Set<string>> {
  const s = organisationScope(p);
  const all = [...new Set(nips)];
  if (s.kind === 'city') return new Set(all);
  if (s.kind === 'nip') return new Set(all.filter((n) => n === s.nip));
  if (s.kind === 'none' || !all.length) return new Set();
  const date = today(ctx);
  const offices = new Map(
    (
      await ctx.db.selectFrom('officers').select(['nip', 'kelurahan_code']).where('nip', 'in', all).execute()
    ).map((r) => [r.nip, r.kelurahan_code]),
  );
  const kecamatanOf = (k: string) => ctx.registry.get(k)?.kecamatanCode;
  const out = new Set<string>();
  for (const nip of all) {
    const a = await assignmentOn(ctx.db, nip, date);
    const unit = a
      ? { kind: a.unitKind, code: a.unitCode }
      : { kind: 'kelurahan' as const, code: offices.get(nip) ?? '' };
    if (unitInScope(s, unit, kecamatanOf)) out.add(nip);
  }
  return out;
}
