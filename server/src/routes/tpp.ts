import { Router, type Request } from 'express';
import {
  assumptionsOf,
  canManageTpp,
  kecamatanInScope,
  officeInScope,
  tppCorrectionRequest,
  tppLineParams,
  tppLinesQuery,
  tppMonthParam,
  tppScope,
  type TppAssumption,
  type TppScope,
} from '@pkk/core';
import { correctionsOf, explainLine, lineSummaries, periodView } from '@pkk/platform/tpp/explain';
import {
  lockMonth,
  postCorrections,
  publishMonth,
  runDraft,
  TppPeriodError,
} from '@pkk/platform/tpp/periods';
import { tppProviders } from '@pkk/platform/tpp/providers';
import { rerunStored } from '@pkk/platform/tpp/run';
import { actorOf } from '@pkk/platform/audit/log';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/**
 * The TPP of a month (issue 19 §4): the lines each reader may see (the officer and their superiors, the
 * lurah and camat of the area, the mayor, HR and the verifikator; operators none), one line walked to
 * its evidence, and HR's actions on the period: recompute the draft, lock, publish, correct.
 */
const READERS = ['walikota', 'camat', 'lurah', 'asn', 'verifikator', 'hr', 'admin'] as const;

const refusal = (e: unknown): never => {
  if (e instanceof TppPeriodError) throw ApiError.conflict(e.message, e.details ?? { code: e.code });
  throw e;
};

/** An area filter must lie inside the reader's own scope (the city-wide filter by any). */
function checkFilter(s: TppScope, q: { kelurahan?: string; kecamatan?: string }, deps: RouteDeps) {
  const area =
    s.kind === 'city'
      ? ({ kind: 'city' } as const)
      : s.kind === 'kecamatan' || s.kind === 'kelurahan'
        ? { kind: s.kind, code: s.code }
        : null;
  if (q.kelurahan) {
    const k = deps.ctx.registry.get(q.kelurahan);
    if (!k) throw ApiError.notFound(`no kelurahan ${q.kelurahan}`);
    if (!area || !officeInScope(area, k))
      throw ApiError.forbidden(`kelurahan ${q.kelurahan} is outside this account's area`);
  }
  if (q.kecamatan && (!area || !kecamatanInScope(area, q.kecamatan)))
    throw ApiError.forbidden(`kecamatan ${q.kecamatan} is outside this account's area`);
}

export function tppRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole(...READERS));
  const providers = tppProviders();
  const assumptions: TppAssumption[] = [
    ...assumptionsOf(ctx.policy.tpp).map((a) => ({ file: 'tpp' as const, ...a })),
    ...assumptionsOf(ctx.policy.kinerja).map((a) => ({ file: 'kinerja' as const, ...a })),
  ];
  const manager = (req: Request) => {
    const p = principalOf(req);
    if (!canManageTpp(p)) throw ApiError.forbidden('only HR (BKPSDM) or an admin manages the TPP of a month');
    return p;
  };
  const at = () => new Date(ctx.clock.now());

  router.get('/:month', async (req, res) => {
    const { month } = parseOr400(tppMonthParam, req.params, 'path');
    const q = parseOr400(tppLinesQuery, req.query, 'query');
    const p = principalOf(req);
    const scope = tppScope(p);
    checkFilter(scope, q, deps);
    const period = await periodView(ctx.db, month);
    const lines = period.run ? await lineSummaries(ctx.db, period.run.id, scope, q) : [];
    const sum = (k: 'basic' | 'paid' | 'withheld' | 'payable') => lines.reduce((s, l) => s + l[k], 0);
    const canManage = canManageTpp(p);
    res.json({
      // Officers refused by the run name NIPs and fields: HR's to fix, nobody else's to read.
      period:
        canManage || !period.run ? period : { ...period, run: { ...period.run, refused: [], unplaced: [] } },
      lines,
      totals: {
        officers: lines.length,
        basic: sum('basic'),
        paid: sum('paid'),
        withheld: sum('withheld'),
        payable: sum('payable'),
      },
      corrections: await correctionsOf(ctx.db, { postedIn: month }, scope),
      assumptions,
      canManage,
    });
  });

  router.get('/:month/lines/:nip', async (req, res) => {
    const { month, nip } = parseOr400(tppLineParams, req.params, 'path');
    const period = await periodView(ctx.db, month);
    const explained = period.run
      ? await explainLine(ctx.db, period.run.id, nip, tppScope(principalOf(req)))
      : null;
    // Out of scope reads as absent: a reader learns nothing of lines they may not see.
    if (!explained) throw ApiError.notFound(`no TPP line of ${nip} in ${month} for this account`);
    res.json({ ...explained, state: period.state });
  });

  router.post('/:month/run', async (req, res) => {
    const p = manager(req);
    const { month } = parseOr400(tppMonthParam, req.params, 'path');
    const r = await runDraft(ctx, providers, month, p.username, at(), actorOf(p)).catch(refusal);
    res.status(201).json(r);
  });

  router.post('/:month/lock', async (req, res) => {
    const p = manager(req);
    const { month } = parseOr400(tppMonthParam, req.params, 'path');
    const r = await lockMonth(ctx, providers, month, p.username, at(), actorOf(p)).catch(refusal);
    res.json(r);
  });

  router.post('/:month/publish', async (req, res) => {
    const p = manager(req);
    const { month } = parseOr400(tppMonthParam, req.params, 'path');
    await publishMonth(ctx.db, month, p.username, at(), actorOf(p)).catch(refusal);
    res.json(await periodView(ctx.db, month));
  });

  router.post('/:month/corrections', async (req, res) => {
    const p = manager(req);
    const { month } = parseOr400(tppMonthParam, req.params, 'path');
    const { reason } = parseOr400(tppCorrectionRequest, req.body ?? {});
    res
      .status(201)
      .json(
        await postCorrections(ctx, providers, month, p.username, reason, at(), actorOf(p)).catch(refusal),
      );
  });

  router.get('/:month/rerun', async (req, res) => {
    manager(req);
    const { month } = parseOr400(tppMonthParam, req.params, 'path');
    const period = await periodView(ctx.db, month);
    if (!period.run) throw ApiError.notFound(`no TPP run of ${month}`);
    res.json({ runId: period.run.id, ...(await rerunStored(ctx.db, period.run.id)) });
  });

  return router;
}
