import { createHash } from 'node:crypto';
import {
  canonicalJson,
  computeTpp,
  normalizeTppInput,
  TppInputError,
  type MonthId,
  type PolicyConfig,
  type Registry,
  type TppMonthInput,
  type TppRuleSet,
  type TppRun,
} from '@pkk/core';
import { sql } from 'kysely';
import { audit } from '../audit/log.ts';
import type { Db } from '../db/index.ts';
import {
  gatherMonth,
  type GatherOptions,
  type GatheredMonth,
  type LinePlace,
  type Refused,
} from './gather.ts';
import type { TppProviders } from './providers.ts';
import { recordFindingVersions } from './versions.ts';

/**
 * SHA-256 in hex by node:crypto: the same digest as core's sha256Hex (pure JavaScript, for the
 * browser), ten times faster for the megabytes a run hashes.
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** core's tppRunHash from line hashes already computed (it would canonicalise and hash every line again). */
export function runHashOf(run: TppRun, lineHashes: readonly string[]): string {
  return sha256Hex(
    canonicalJson({
      month: run.month,
      workingDays: run.workingDays,
      unplaced: run.unplaced,
      lines: lineHashes,
    }),
  );
}

/** What the run needs of the context. */
export interface TppDeps {
  db: Db;
  policy: PolicyConfig;
  registry: Registry;
}

/** Kinds of deduction that rest on a finding of the findings table (tpp_finding_versions). */
const FINDING_DEDUCTIONS = new Set([
  'late_arrival',
  'early_departure',
  'missing_checkin',
  'missing_checkout',
  'absent_no_notice',
]);

export interface StoredRun {
  runId: number;
  month: MonthId;
  runHash: string;
  rulesHash: string;
  inputHash: string;
  officers: number;
  withheld: number;
  refused: Refused[];
  unsettled: GatheredMonth['unsettled'];
  /** compute = formula (computeTpp) + canonical JSON and hashes; store includes the finding versions. */
  ms: { gather: number; compute: number; formula: number; store: number; versions: number };
}

export function ruleSetOf(policy: Pick<PolicyConfig, 'tpp' | 'kinerja'>): TppRuleSet {
  return { tpp: policy.tpp, kinerja: policy.kinerja };
}

/**
 * computeTpp over the gathered month; an officer the rule set cannot price (TppInputError) is left
 * out with the field and why and the rest computed again.
 */
export function computeMonth(
  rules: TppRuleSet,
  input: TppMonthInput,
  refused: Refused[],
): { run: TppRun; input: TppMonthInput } {
  let current = input;
  for (;;) {
    try {
      return { run: computeTpp(rules, current), input: current };
    } catch (e) {
      if (!(e instanceof TppInputError)) throw e;
      refused.push({ nip: e.nip, field: e.path, reason: e.reason });
      current = { ...current, officers: current.officers.filter((o) => o.nip !== e.nip) };
    }
  }
}

/**
 * Gathers, computes and stores one run of a month (not yet locked) in one repeatable-read
 * transaction, so every digest, line and finding version is of the same moment. Returns what was
 * stored with the time each stage took.
 */
export async function storeRun(
  deps: TppDeps,
  providers: TppProviders,
  month: MonthId,
  by: string,
  at: Date,
  opts: GatherOptions & { lock?: boolean; actor?: string } = {},
): Promise<StoredRun> {
  const rules = ruleSetOf(deps.policy);
  return deps.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      let t = performance.now();
      const g = await gatherMonth(trx, deps.policy, deps.registry, providers, month, opts);
      const gatherMs = performance.now() - t;
      t = performance.now();
      const refused = [...g.refused];
      const { run, input } = computeMonth(
        rules,
        { month, workingDays: g.workingDays, officers: g.officers },
        refused,
      );
      const formulaMs = performance.now() - t;
      const normalized = normalizeTppInput(input);
      const rulesText = canonicalJson(rules);
      const inputText = canonicalJson(normalized);
      const lineTexts = run.lines.map((l) => canonicalJson(l));
      const lineHashes = lineTexts.map(sha256Hex);
      const runHash = runHashOf(run, lineHashes);
      const computeMs = performance.now() - t;
      t = performance.now();
      const rulesHash = sha256Hex(rulesText);
      const inputHash = sha256Hex(inputText);
      const { id: runId } = await trx
        .insertInto('tpp_runs')
        .values({
          month,
          created_at: at,
          created_by: by,
          rules: rulesText,
          rules_hash: rulesHash,
          input: inputText,
          input_hash: inputHash,
          run_hash: runHash,
          unplaced: JSON.stringify(run.unplaced),
          refused: JSON.stringify(refused),
          officers: run.lines.length,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const priced = new Set(input.officers.flatMap((o) => o.findings.map((f) => f.id)));
      const tv = performance.now();
      await recordFindingVersions(trx, [...priced], at);
      const versionsMs = performance.now() - tv;
      await insertLines(trx, runId, run, lineTexts, lineHashes, g.places);
      if (opts.lock)
        await trx.updateTable('tpp_runs').set({ locked: true }).where('id', '=', runId).execute();
      await audit(trx, {
        at: at.getTime(),
        actor: opts.actor ?? 'system:tpp',
        action: opts.lock ? 'tpp.run_locked' : 'tpp.run',
        subject: `tpp_month:${month}`,
        refs: [`tpp_run:${runId}`],
        payload: { runId, runHash, rulesHash, inputHash, officers: run.lines.length, by },
      });
      return {
        runId,
        month,
        runHash,
        rulesHash,
        inputHash,
        officers: run.lines.length,
        withheld: run.lines.filter((l) => l.withheld > 0).length,
        refused,
        unsettled: g.unsettled,
        ms: {
          gather: gatherMs,
          compute: computeMs,
          formula: formulaMs,
          store: performance.now() - t,
          versions: versionsMs,
        },
      };
    });
}

/** Lines and their deductions, a few statements for the whole run (arrays through unnest). */
async function insertLines(
  db: Db,
  runId: number,
  run: TppRun,
  texts: string[],
  hashes: string[],
  places: Map<string, LinePlace>,
): Promise<void> {
  // Lines as rows of parameters, not arrays: a JSON text inside an array literal is escaped quote by
  // quote on the way out and parsed again on the way in, which cost more than the whole formula.
  const CHUNK = 1_000;
  for (let i = 0; i < run.lines.length; i += CHUNK) {
    await db
      .insertInto('tpp_lines')
      .values(
        run.lines.slice(i, i + CHUNK).map((l, k) => {
          const place = places.get(l.nip);
          return {
            run_id: runId,
            nip: l.nip,
            kelurahan_code: place?.kelurahanCode ?? null,
            kecamatan_code: place?.kecamatanCode ?? null,
            superiors: place?.superiors ?? [],
            line: texts[i + k]!,
            line_hash: hashes[i + k]!,
            basic: l.basic,
            paid: l.paid,
            withheld: l.withheld,
            payable: l.payable,
            reasons: l.gate.reasons,
          };
        }),
      )
      .execute();
  }
  const items = run.lines.flatMap((l) =>
    l.deductions.map((d) => {
      const onFinding = FINDING_DEDUCTIONS.has(d.kind) && d.findingId !== undefined && d.digest !== undefined;
      return {
        nip: l.nip,
        key: d.key,
        kind: d.kind,
        rule: d.rule,
        amount: d.amount,
        findingId: onFinding ? d.findingId! : null,
        digest: onFinding ? d.digest! : null,
        ref: d.ref ?? d.sk ?? d.subordinate ?? null,
      };
    }),
  );
  const ITEMS = 10_000;
  for (let i = 0; i < items.length; i += ITEMS) {
    const c = items.slice(i, i + ITEMS);
    await sql`
      insert into tpp_line_items (run_id, nip, key, kind, rule, amount, finding_id, digest, ref)
      select ${runId}, * from unnest(
        ${sql.val(c.map((x) => x.nip))}::text[],
        ${sql.val(c.map((x) => x.key))}::text[],
        ${sql.val(c.map((x) => x.kind))}::text[],
        ${sql.val(c.map((x) => x.rule))}::text[],
        ${sql.val(c.map((x) => x.amount))}::bigint[],
        ${sql.val(c.map((x) => x.findingId))}::bigint[],
        ${sql.val(c.map((x) => x.digest))}::text[],
        ${sql.val(c.map((x) => x.ref))}::text[]
      )
    `.execute(db);
  }
}

/** A stored run rebuilt from its own rules and inputs: its hash, and whether every line is the same. */
export async function rerunStored(
  db: Db,
  runId: number,
): Promise<{
  runHash: string;
  storedRunHash: string;
  identical: boolean;
  lines: number;
  differing: string[];
}> {
  const r = await db
    .selectFrom('tpp_runs')
    .select(['rules', 'input', 'run_hash'])
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
  const run = computeTpp(JSON.parse(r.rules) as TppRuleSet, JSON.parse(r.input) as TppMonthInput);
  const stored = await db
    .selectFrom('tpp_lines')
    .select(['nip', 'line_hash'])
    .where('run_id', '=', runId)
    .execute();
  const byNip = new Map(stored.map((s) => [s.nip, s.line_hash]));
  const hashes = run.lines.map((l) => sha256Hex(canonicalJson(l)));
  const differing = run.lines.filter((l, i) => byNip.get(l.nip) !== hashes[i]).map((l) => l.nip);
  const runHash = runHashOf(run, hashes);
  return {
    runHash,
    storedRunHash: r.run_hash,
    identical: runHash === r.run_hash && differing.length === 0 && stored.length === run.lines.length,
    lines: run.lines.length,
    differing,
  };
}
