import { tppLineVisible, type MonthId, type TppCorrection, type TppLine, type TppScope } from '@pkk/core';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';

/**
 * Reading a month's TPP back (issue 19 §4 "every line explains itself"): the period and its run, the
 * lines a scope may see, and one line walked from each rupiah to what it rests on: the finding
 * version (digest) it was computed from, that version's evidence (the raw device payloads' hashes, the
 * snapshot's hash and address), the finding as it stands now and its appeal history, and the
 * corrections of the line.
 */

export interface PeriodView {
  month: MonthId;
  state: 'draft' | 'locked' | 'published' | 'none';
  lockedAt: string | null;
  lockedBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  heldOut: number[];
  run: {
    id: number;
    createdAt: string;
    createdBy: string;
    rulesHash: string;
    inputHash: string;
    runHash: string;
    officers: number;
    locked: boolean;
    refused: { nip: string; field: string; reason: string }[];
    unplaced: unknown[];
  } | null;
}

/** The period of a month with the run that counts: the locked one, or the latest draft. */
export async function periodView(db: Db, month: MonthId): Promise<PeriodView> {
  const p = await db.selectFrom('tpp_periods').selectAll().where('month', '=', month).executeTakeFirst();
  let q = db.selectFrom('tpp_runs').selectAll().where('month', '=', month);
  q = p?.run_id ? q.where('id', '=', p.run_id) : q.orderBy('id', 'desc').limit(1);
  const r = await q.executeTakeFirst();
  return {
    month,
    state: p?.state ?? 'none',
    lockedAt: p?.locked_at?.toISOString() ?? null,
    lockedBy: p?.locked_by ?? null,
    publishedAt: p?.published_at?.toISOString() ?? null,
    publishedBy: p?.published_by ?? null,
    heldOut: p?.held_out ?? [],
    run: r
      ? {
          id: r.id,
          createdAt: r.created_at.toISOString(),
          createdBy: r.created_by,
          rulesHash: r.rules_hash,
          inputHash: r.input_hash,
          runHash: r.run_hash,
          officers: r.officers,
          locked: r.locked,
          refused: r.refused,
          unplaced: JSON.parse(r.unplaced) as unknown[],
        }
      : null,
  };
}

export interface LineSummary {
  nip: string;
  name: string | null;
  kelurahanCode: string | null;
  kecamatanCode: string | null;
  basic: number;
  paid: number;
  withheld: number;
  payable: number;
  deductions: number;
  reasons: string[];
  lineHash: string;
}

/** A filter of the lines' scope columns in SQL (the same rule as tppLineVisible). */
function scoped(s: TppScope) {
  switch (s.kind) {
    case 'city':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'nip':
      return sql<boolean>`(l.nip = ${s.nip} or ${s.nip} = any(l.superiors))`;
    case 'kecamatan':
      return s.superiorOf
        ? sql<boolean>`(l.kecamatan_code = ${s.code} or ${s.superiorOf} = any(l.superiors))`
        : sql<boolean>`l.kecamatan_code = ${s.code}`;
    case 'kelurahan':
      return s.superiorOf
        ? sql<boolean>`(l.kelurahan_code = ${s.code} or ${s.superiorOf} = any(l.superiors))`
        : sql<boolean>`l.kelurahan_code = ${s.code}`;
  }
}

export async function lineSummaries(
  db: Db,
  runId: number,
  scope: TppScope,
  filter: { kelurahan?: string; kecamatan?: string } = {},
): Promise<LineSummary[]> {
  const rows = await sql<{
    nip: string;
    name: string | null;
    kelurahan_code: string | null;
    kecamatan_code: string | null;
    basic: number;
    paid: number;
    withheld: number;
    payable: number;
    deductions: number;
    reasons: string[];
    line_hash: string;
  }>`
    select l.nip, o.name, l.kelurahan_code, l.kecamatan_code, l.basic, l.paid, l.withheld, l.payable,
      (select count(*)::int from tpp_line_items i where i.run_id = l.run_id and i.nip = l.nip and i.amount <> 0) as deductions,
      l.reasons,
      l.line_hash
    from tpp_lines l left join officers o on o.nip = l.nip
    where l.run_id = ${runId} and ${scoped(scope)}
      ${filter.kelurahan ? sql`and l.kelurahan_code = ${filter.kelurahan}` : sql``}
      ${filter.kecamatan ? sql`and l.kecamatan_code = ${filter.kecamatan}` : sql``}
    order by l.kelurahan_code nulls last, o.name, l.nip
  `.execute(db);
  return rows.rows.map((r) => ({
    nip: r.nip,
    name: r.name,
    kelurahanCode: r.kelurahan_code,
    kecamatanCode: r.kecamatan_code,
    basic: Number(r.basic),
    paid: Number(r.paid),
    withheld: Number(r.withheld),
    payable: Number(r.payable),
    deductions: r.deductions,
    reasons: r.reasons,
    lineHash: r.line_hash,
  }));
}

export interface CorrectionView {
  id: number;
  nip: string;
  correctsMonth: string;
  postedIn: string;
  reason: string;
  createdAt: string;
  createdBy: string;
  hash: string;
  correction: TppCorrection;
}

/** Corrections posted in a month, or of a month (`of`), each filtered by the same scope as its line. */
export async function correctionsOf(
  db: Db,
  where: { postedIn?: MonthId; of?: MonthId; nip?: string },
  scope: TppScope,
): Promise<CorrectionView[]> {
  let q = db
    .selectFrom('tpp_corrections as c')
    .innerJoin('tpp_lines as l', (j) =>
      j.onRef('l.run_id', '=', 'c.based_on_run').onRef('l.nip', '=', 'c.nip'),
    )
    .select([
      'c.id',
      'c.nip',
      'c.corrects_month',
      'c.posted_in',
      'c.reason',
      'c.created_at',
      'c.created_by',
      'c.correction_hash',
      'c.correction',
    ])
    .where(scoped(scope));
  if (where.postedIn) q = q.where('c.posted_in', '=', where.postedIn);
  if (where.of) q = q.where('c.corrects_month', '=', where.of);
  if (where.nip) q = q.where('c.nip', '=', where.nip);
  const rows = await q.orderBy('c.id').execute();
  return rows.map((r) => ({
    id: r.id,
    nip: r.nip,
    correctsMonth: r.corrects_month,
    postedIn: r.posted_in,
    reason: r.reason,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    hash: r.correction_hash,
    correction: JSON.parse(r.correction) as TppCorrection,
  }));
}

export interface DeductionView {
  key: string;
  kind: string;
  rule: string;
  amount: number;
  finding: {
    id: number;
    /** The version the rupiah rests on. */
    digest: string;
    kind: string;
    date: string;
    evidence: unknown;
    rawPayloads: { id: number; sha256: string }[];
    snapshot: { sha256: string | null; url: string | null };
    /** The finding as it is now: a standing or digest other than the pinned one is a correction to come. */
    now: { standing: string | null; digest: string; sameVersion: boolean } | null;
    appeal: { at: string; action: string; detail: unknown }[];
  } | null;
}

export interface LineExplained {
  month: MonthId;
  runId: number;
  lineHash: string;
  line: TppLine;
  name: string | null;
  deductions: DeductionView[];
  corrections: CorrectionView[];
}

/** One line walked to its evidence, or null when there is none or the scope may not see it. */
export async function explainLine(
  db: Db,
  runId: number,
  nip: string,
  scope: TppScope,
): Promise<LineExplained | null> {
  const row = await db
    .selectFrom('tpp_lines as l')
    .leftJoin('officers as o', 'o.nip', 'l.nip')
    .select(['l.line', 'l.line_hash', 'l.kelurahan_code', 'l.kecamatan_code', 'l.superiors', 'o.name'])
    .where('l.run_id', '=', runId)
    .where('l.nip', '=', nip)
    .executeTakeFirst();
  if (
    !row ||
    !tppLineVisible(scope, {
      nip,
      kelurahanCode: row.kelurahan_code,
      kecamatanCode: row.kecamatan_code,
      superiors: row.superiors,
    })
  )
    return null;
  const line = JSON.parse(row.line) as TppLine;
  const items = await db
    .selectFrom('tpp_line_items as i')
    .leftJoin('tpp_finding_versions as v', (j) =>
      j.onRef('v.finding_id', '=', 'i.finding_id').onRef('v.digest', '=', 'i.digest'),
    )
    .leftJoin('findings as f', 'f.id', 'i.finding_id')
    .select([
      'i.key',
      'i.kind',
      'i.rule',
      'i.amount',
      'i.finding_id',
      'i.digest',
      'v.kind as vkind',
      'v.date as vdate',
      'v.evidence',
      'v.raw_payloads',
      'v.snapshot_sha256',
      'v.snapshot_url',
      'f.standing',
      'f.digest as current_digest',
    ])
    .where('i.run_id', '=', runId)
    .where('i.nip', '=', nip)
    .execute();
  const findingIds = items.flatMap((i) => (i.finding_id === null ? [] : [i.finding_id]));
  const events = findingIds.length
    ? await db
        .selectFrom('finding_events')
        .select(['finding_id', 'at', 'action', 'detail'])
        .where('finding_id', 'in', findingIds)
        .where('action', 'in', [
          'opened',
          'contested',
          'upheld',
          'overturned',
          'stood',
          'withdrawn',
          'reopened',
        ])
        .orderBy('id')
        .execute()
    : [];
  const byKey = new Map(items.map((i) => [i.key, i]));
  const deductions: DeductionView[] = line.deductions.map((d) => {
    const i = byKey.get(d.key);
    const f =
      i && i.finding_id !== null && i.digest !== null
        ? {
            id: i.finding_id,
            digest: i.digest,
            kind: i.vkind ?? d.kind,
            date: i.vdate ?? d.date ?? '',
            evidence: i.evidence ?? null,
            rawPayloads: i.raw_payloads ?? [],
            snapshot: { sha256: i.snapshot_sha256, url: i.snapshot_url },
            now:
              i.current_digest === null
                ? null
                : {
                    standing: i.standing,
                    digest: i.current_digest,
                    sameVersion: i.current_digest === i.digest,
                  },
            appeal: events
              .filter((e) => e.finding_id === i.finding_id)
              .map((e) => ({ at: e.at.toISOString(), action: e.action, detail: e.detail })),
          }
        : null;
    return { key: d.key, kind: d.kind, rule: d.rule, amount: d.amount, finding: f };
  });
  return {
    month: line.month,
    runId,
    lineHash: row.line_hash,
    line,
    name: row.name,
    deductions,
    corrections: await correctionsOf(db, { of: line.month, nip }, scope),
  };
}
