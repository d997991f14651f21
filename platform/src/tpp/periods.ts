import {
  canonicalJson,
  correctionFor,
  monthBounds,
  nextMonth,
  sha256Hex,
  tppCorrectionHash,
  type MonthId,
  type TppCorrection,
  type TppLine,
} from '@pkk/core';
import { sql } from 'kysely';
import { audit } from '../audit/log.ts';
import type { Db } from '../db/index.ts';
import { settleAppeals } from '../findings/appeal.ts';
import { gatherMonth, TPP_FINDING_KINDS } from './gather.ts';
import type { TppProviders } from './providers.ts';
import { computeMonth, ruleSetOf, storeRun, type StoredRun, type TppDeps } from './run.ts';
import { recordFindingVersions } from './versions.ts';

/**
 * Periods of the TPP (issue 19 §4): draft → locked → published. A draft is recomputed at will; a lock
 * needs every appeal window of the month closed (findings still contested are held out and settled into
 * the next open month); publishing hands the month to HR. After the lock nothing of the month is edited:
 * a change is a correction posted in the next open month.
 */

export type TppPeriodState = 'draft' | 'locked' | 'published';

/** A refusal the api turns into 409 (state) with the reason and what stands in the way. */
export class TppPeriodError extends Error {
  constructor(
    readonly code: 'not_draft' | 'not_locked' | 'appeal_windows_open' | 'no_period',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'TppPeriodError';
  }
}

async function ensurePeriod(db: Db, month: MonthId, at: Date) {
  await db
    .insertInto('tpp_periods')
    .values({ month, created_at: at })
    .onConflict((oc) => oc.column('month').doNothing())
    .execute();
  return db.selectFrom('tpp_periods').selectAll().where('month', '=', month).executeTakeFirstOrThrow();
}

/**
 * Findings held out of an earlier locked month (contested at its lock) that have not been priced in
 * any locked run since: they are settled into this month once they stand.
 */
export async function settledLateFor(db: Db, month: MonthId): Promise<number[]> {
  const periods = await db
    .selectFrom('tpp_periods')
    .select(['held_out'])
    .where('month', '<', month)
    .where('state', 'in', ['locked', 'published'])
    .execute();
  const held = [...new Set(periods.flatMap((p) => p.held_out))];
  if (!held.length) return [];
  const priced = await db
    .selectFrom('tpp_line_items')
    .innerJoin('tpp_runs', 'tpp_runs.id', 'tpp_line_items.run_id')
    .select('tpp_line_items.finding_id')
    .where('tpp_runs.locked', '=', true)
    .where('tpp_runs.month', '<', month)
    .where('tpp_line_items.finding_id', 'in', held)
    .execute();
  const done = new Set(priced.map((p) => p.finding_id));
  return held.filter((id) => !done.has(id));
}

/** Recomputes the draft of a month (creating the period on its first run). */
export async function runDraft(
  deps: TppDeps,
  providers: TppProviders,
  month: MonthId,
  by: string,
  at: Date,
  actor?: string,
): Promise<StoredRun> {
  const period = await ensurePeriod(deps.db, month, at);
  if (period.state !== 'draft')
    throw new TppPeriodError('not_draft', `${month} is ${period.state}: post a correction instead`);
  return storeRun(deps, providers, month, by, at, {
    settledLate: await settledLateFor(deps.db, month),
    actor,
  });
}

/**
 * Locks a month: appeal windows that have closed are settled first; a finding of the month still in
 * its window refuses the lock (naming them); contested ones are held out. The month is computed once
 * more and that run locked, in the state it was computed.
 */
export async function lockMonth(
  deps: TppDeps,
  providers: TppProviders,
  month: MonthId,
  by: string,
  at: Date,
  actor?: string,
): Promise<StoredRun & { heldOut: number[] }> {
  const period = await ensurePeriod(deps.db, month, at);
  if (period.state !== 'draft') throw new TppPeriodError('not_draft', `${month} is already ${period.state}`);
  await settleAppeals(deps.db, deps.policy, at.getTime());
  const { first, last } = monthBounds(month);
  const open = await deps.db
    .selectFrom('findings')
    .select(['id', 'nip', 'date', 'appeal_ends_at'])
    .where('nip', 'is not', null)
    .where('kind', 'in', TPP_FINDING_KINDS)
    .where('date', '>=', first)
    .where('date', '<=', last)
    .where('standing', '=', 'pending')
    .orderBy('appeal_ends_at')
    .limit(50)
    .execute();
  if (open.length)
    throw new TppPeriodError(
      'appeal_windows_open',
      `${open.length}${open.length === 50 ? '+' : ''} finding(s) of ${month} are still in their appeal window`,
      open.map((f) => ({
        findingId: f.id,
        nip: f.nip,
        date: f.date,
        appealEndsAt: f.appeal_ends_at?.toISOString() ?? null,
      })),
    );
  const contested = await deps.db
    .selectFrom('findings')
    .select('id')
    .where('nip', 'is not', null)
    .where('kind', 'in', TPP_FINDING_KINDS)
    .where('date', '>=', first)
    .where('date', '<=', last)
    .where('standing', '=', 'contested')
    .orderBy('id')
    .execute();
  const heldOut = contested.map((c) => c.id);
  const stored = await storeRun(deps, providers, month, by, at, {
    settledLate: await settledLateFor(deps.db, month),
    exclude: heldOut,
    lock: true,
    actor,
  });
  const done = await deps.db
    .updateTable('tpp_periods')
    .set({
      state: 'locked',
      run_id: stored.runId,
      held_out: JSON.stringify(heldOut),
      locked_at: at,
      locked_by: by,
    })
    .where('month', '=', month)
    .where('state', '=', 'draft')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1)
    throw new TppPeriodError('not_draft', `${month} was locked by someone else meanwhile`);
  return { ...stored, heldOut };
}

/** Publishes a locked month: from now on it is the HR module's. */
export async function publishMonth(
  db: Db,
  month: MonthId,
  by: string,
  at: Date,
  actor = 'system:tpp',
): Promise<void> {
  const r = await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('tpp_periods')
      .set({ state: 'published', published_at: at, published_by: by })
      .where('month', '=', month)
      .where('state', '=', 'locked')
      .returning('run_id')
      .executeTakeFirst();
    if (updated)
      await audit(trx, {
        at: at.getTime(),
        actor,
        action: 'tpp.published',
        subject: `tpp_month:${month}`,
        refs: updated.run_id === null ? [] : [`tpp_run:${updated.run_id}`],
        payload: { month, by },
      });
    return updated;
  });
  if (!r) {
    const p = await db
      .selectFrom('tpp_periods')
      .select('state')
      .where('month', '=', month)
      .executeTakeFirst();
    throw new TppPeriodError(
      p ? 'not_locked' : 'no_period',
      p ? `${month} is ${p.state}: only a locked month is published` : `no TPP period ${month}`,
    );
  }
}

/** The first month after `month` whose period is still open (draft or not yet created). */
export async function nextOpenMonth(db: Db, month: MonthId): Promise<MonthId> {
  const closed = new Set(
    (
      await db
        .selectFrom('tpp_periods')
        .select('month')
        .where('month', '>', month)
        .where('state', 'in', ['locked', 'published'])
        .execute()
    ).map((p) => p.month),
  );
  let m = nextMonth(month);
  while (closed.has(m)) m = nextMonth(m);
  return m;
}

export interface PostedCorrections {
  month: MonthId;
  postedIn: MonthId;
  corrections: { nip: string; paidDelta: number; payableDelta: number; hash: string }[];
  /** Officers the recomputation has and the locked run has not: for HR to place. */
  notInLockedRun: string[];
}

/**
 * Recomputes a locked (or published) month with what is known now, keeping out what its lock held
 * out and pricing what it settled late, and posts each changed line's difference as a correction in
 * the next open month. Each correction compares with the line as the last correction left it, so
 * history adds up: original + corrections = the latest recomputation.
 */
export async function postCorrections(
  deps: TppDeps,
  providers: TppProviders,
  month: MonthId,
  by: string,
  reason: string,
  at: Date,
  actor = 'system:tpp',
): Promise<PostedCorrections> {
  const period = await deps.db
    .selectFrom('tpp_periods')
    .selectAll()
    .where('month', '=', month)
    .executeTakeFirst();
  if (!period || period.state === 'draft' || period.run_id === null)
    throw new TppPeriodError('not_locked', `${month} is not locked: recompute the draft instead`);
  const runId = period.run_id;
  const lockedInput = await deps.db
    .selectFrom('tpp_runs')
    .select(
      sql<
        string[]
      >`array(select (f->>'id') from jsonb_array_elements(input::jsonb->'officers') o, jsonb_array_elements(o->'findings') f where f->>'date' < ${`${month}-01`})`.as(
        'late',
      ),
    )
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
  const g = await gatherMonth(deps.db, deps.policy, deps.registry, providers, month, {
    exclude: period.held_out,
    settledLate: lockedInput.late.map(Number),
  });
  const refused = [...g.refused];
  const { run, input } = computeMonth(
    ruleSetOf(deps.policy),
    { month, workingDays: g.workingDays, officers: g.officers },
    refused,
  );
  const locked = await deps.db
    .selectFrom('tpp_lines')
    .select(['nip', 'line'])
    .where('run_id', '=', runId)
    .execute();
  const previous = await deps.db
    .selectFrom('tpp_corrections')
    .select(['nip', 'recomputed_line'])
    .where('corrects_month', '=', month)
    .orderBy('id')
    .execute();
  const baseline = new Map<string, TppLine>(locked.map((l) => [l.nip, JSON.parse(l.line) as TppLine]));
  for (const p of previous) baseline.set(p.nip, JSON.parse(p.recomputed_line) as TppLine);
  const postedIn = await nextOpenMonth(deps.db, month);
  const rows: { nip: string; c: TppCorrection; line: TppLine }[] = [];
  const notInLockedRun: string[] = [];
  for (const line of run.lines) {
    const before = baseline.get(line.nip);
    if (!before) {
      notInLockedRun.push(line.nip);
      continue;
    }
    const c = correctionFor(before, line, postedIn);
    if (c) rows.push({ nip: line.nip, c, line });
  }
  await deps.db.transaction().execute(async (trx) => {
    await ensurePeriod(trx, postedIn, at);
    // The finding versions the recomputed lines rest on, so a correction resolves as a line does.
    await recordFindingVersions(
      trx,
      [...new Set(input.officers.flatMap((o) => o.findings.map((f) => f.id)))],
      at,
    );
    if (rows.length)
      await trx
        .insertInto('tpp_corrections')
        .values(
          rows.map(({ nip, c, line }) => ({
            nip,
            corrects_month: month,
            posted_in: postedIn,
            based_on_run: runId,
            correction: canonicalJson(c),
            correction_hash: tppCorrectionHash(c),
            recomputed_line: canonicalJson(line),
            paid_delta: c.paid.delta,
            payable_delta: c.payable.delta,
            reason,
            created_at: at,
            created_by: by,
          })),
        )
        .execute();
    await audit(trx, {
      at: at.getTime(),
      actor,
      action: 'tpp.corrections_posted',
      subject: `tpp_month:${month}`,
      refs: [`tpp_month:${postedIn}`, `tpp_run:${runId}`],
      payload: {
        month,
        postedIn,
        reason,
        by,
        corrections: rows.map(({ nip, c }) => ({
          nip,
          paidDelta: c.paid.delta,
          hash: sha256Hex(canonicalJson(c)),
        })),
      },
    });
  });
  return {
    month,
    postedIn,
    corrections: rows.map(({ nip, c }) => ({
      nip,
      paidDelta: c.paid.delta,
      payableDelta: c.payable.delta,
      hash: sha256Hex(canonicalJson(c)),
    })),
    notInLockedRun,
  };
}
