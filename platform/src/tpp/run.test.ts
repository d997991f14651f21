import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyCorrections,
  computeTpp,
  tppInputHash,
  tppLine,
  tppRunHash,
  type TppCorrection,
  type TppLine,
  type TppMonthInput,
  type TppRuleSet,
} from '@pkk/core';
import { sql } from 'kysely';
import { testContext } from '../testing/context.ts';
import { ensureOffice } from '../testing/findings.ts';
import { decideFinding } from '../findings/appeal.ts';
import { lockMonth, postCorrections, publishMonth, runDraft, TppPeriodError } from './periods.ts';
import { defaultProviders, type TppProviders } from './providers.ts';
import { rerunStored } from './run.ts';
import { addAssignment, addOfficer, addPunchFinding, attendanceDevice } from './testing.ts';

let ctx: Awaited<ReturnType<typeof testContext>>;
const K = '16.71.01.1001';
const KEC = '16.71.01';
const LURAH = '197001011990031001';
const SITI = '199001012015032002';
const TONO = '199201012016031003';
/** Findings of October, the month these tests lock; `at` moments are fixed, never the real date. */
const NOV_10 = new Date('2026-11-10T09:00:00+07:00');
const ids = { late: 0, absent: 0, contested: 0, pending: 0, overturned: 0 };
let rawSha = '';

beforeAll(async () => {
  ctx = await testContext();
  await ensureOffice(ctx, K);
  const device = await attendanceDevice(ctx.db, K);
  await addOfficer(ctx.db, {
    nip: LURAH,
    name: 'Lurah',
    kelurahan: K,
    kelas: 9,
    atasan: null,
    jabatan: 'Lurah',
  });
  await addOfficer(ctx.db, { nip: SITI, name: 'Siti', kelurahan: K, kelas: 7, atasan: LURAH });
  // A class change mid-October: two segments, prorated by working days.
  await addOfficer(ctx.db, {
    nip: TONO,
    name: 'Tono',
    kelurahan: K,
    kelas: 5,
    atasan: LURAH,
    to: '2026-10-16',
  });
  await addAssignment(ctx.db, {
    nip: TONO,
    name: 'Tono',
    kelurahan: K,
    kelas: 6,
    atasan: LURAH,
    from: '2026-10-16',
  });
  const base = { nip: SITI, kelurahan: K, kecamatan: KEC, deviceId: device };
  const late = await addPunchFinding(ctx.db, {
    ...base,
    date: '2026-10-05',
    kind: 'late_arrival',
    tier: 'TL2',
    minutes: 40,
    snapshot: { camera: 'cam-1', sha256: 'ab'.repeat(32), at: Date.parse('2026-10-05T08:11:00+07:00') },
  });
  ids.late = late.id;
  rawSha = late.rawSha256!;
  ids.absent = (await addPunchFinding(ctx.db, { ...base, date: '2026-10-07', kind: 'absent_no_notice' })).id;
  ids.contested = (
    await addPunchFinding(ctx.db, {
      ...base,
      date: '2026-10-08',
      kind: 'early_departure',
      tier: 'PSW1',
      minutes: 10,
      standing: 'contested',
    })
  ).id;
  ids.pending = (
    await addPunchFinding(ctx.db, {
      ...base,
      nip: TONO,
      date: '2026-10-30',
      kind: 'late_arrival',
      tier: 'TL1',
      minutes: 5,
      standing: 'pending',
      at: Date.parse('2026-10-30T07:45:00+07:00'),
    })
  ).id;
  ids.overturned = (
    await addPunchFinding(ctx.db, {
      ...base,
      date: '2026-10-09',
      kind: 'missing_checkout',
      standing: 'overturned',
    })
  ).id;
});
afterAll(() => ctx.dispose());

const lineOf = async (runId: number, nip: string): Promise<TppLine> => {
  const r = await ctx.db
    .selectFrom('tpp_lines')
    .select('line')
    .where('run_id', '=', runId)
    .where('nip', '=', nip)
    .executeTakeFirstOrThrow();
  return tppLine.parse(JSON.parse(r.line));
};

describe('a draft run of a month', () => {
  let runId: number;
  it('prices the standing findings only, pins them to their version and lists the unsettled ones', async () => {
    const r = await runDraft(ctx, defaultProviders, '2026-10', 'hr1', NOV_10);
    runId = r.runId;
    expect(r.officers).toBe(3);
    expect(r.refused).toEqual([]);
    expect(r.unsettled.map((u) => u.id).sort()).toEqual([ids.contested, ids.pending].sort());
    const siti = await lineOf(runId, SITI);
    const keys = siti.deductions.map((d) => d.key);
    expect(keys).toContain(`finding:${ids.late}`);
    expect(keys).toContain(`finding:${ids.absent}`);
    expect(keys).not.toContain(`finding:${ids.overturned}`);
    expect(siti.basic - siti.paid).toBe(siti.deductions.reduce((s, d) => s + d.amount, 0));
    // No kinerja data on main yet: nothing submitted, so the default gate withholds (R1.5), with reasons.
    expect(siti.gate.reasons).toContain('not_submitted');
    expect(siti.withheld).toBe(siti.paid);
    const tono = await lineOf(runId, TONO);
    expect(tono.segments.map((s) => s.kelas)).toEqual([5, 6]);
  });

  it('stores every finding deduction against a stored version with its raw payload and snapshot hashes', async () => {
    const items = await ctx.db
      .selectFrom('tpp_line_items')
      .leftJoin('tpp_finding_versions as v', (j) =>
        j
          .onRef('v.finding_id', '=', 'tpp_line_items.finding_id')
          .onRef('v.digest', '=', 'tpp_line_items.digest'),
      )
      .select([
        'tpp_line_items.key',
        'tpp_line_items.finding_id',
        'v.raw_payloads',
        'v.snapshot_sha256',
        'v.digest',
      ])
      .where('run_id', '=', runId)
      .where('tpp_line_items.finding_id', 'is not', null)
      .execute();
    expect(items.length).toBe(2);
    expect(items.every((i) => i.digest !== null)).toBe(true);
    const late = items.find((i) => i.finding_id === ids.late)!;
    expect(late.raw_payloads!.map((p) => p.sha256)).toEqual([rawSha]);
    expect(late.snapshot_sha256).toBe('ab'.repeat(32));
  });

  it('is rebuilt from its stored rules and inputs to identical hashes', async () => {
    const again = await rerunStored(ctx.db, runId);
    expect(again.identical).toBe(true);
    expect(again.differing).toEqual([]);
    // The stored hash is core's tppRunHash, whoever recomputes it (any JCS library and SHA-256).
    const r = await ctx.db
      .selectFrom('tpp_runs')
      .selectAll()
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(
      tppRunHash(computeTpp(JSON.parse(r.rules) as TppRuleSet, JSON.parse(r.input) as TppMonthInput)),
    ).toBe(r.run_hash);
    expect(tppInputHash(JSON.parse(r.input) as TppMonthInput)).toBe(r.input_hash);
  });

  it('pays an officer whose gate is clear, and one late officer holds up no one else', async () => {
    const providers: TppProviders = {
      ...defaultProviders,
      kinerja: async (_db, _m, nips) =>
        new Map(
          nips
            .filter((n) => n !== TONO)
            .map((n) => [
              n,
              {
                kinerja: {
                  basis: { method: 'predikat', predikat: 'baik', ratedBy: null, ref: `skp:${n}` },
                  evidence: [],
                },
                gate: { submitted: true, validated: true, validator: null, verified: true },
              },
            ]),
        ),
    };
    const r = await runDraft(ctx, providers, '2026-10', 'hr1', NOV_10);
    const siti = await lineOf(r.runId, SITI);
    expect(siti.withheld).toBe(0);
    expect(siti.payable).toBe(siti.paid);
    const tono = await lineOf(r.runId, TONO);
    expect(tono.withheld).toBe(tono.paid);
    expect(tono.gate.reasons).toContain('not_submitted');
  });
});

describe('locking, publishing and correcting', () => {
  it('refuses the lock while a finding of the month is in its appeal window, naming it', async () => {
    const early = new Date('2026-10-31T10:00:00+07:00');
    const e = await lockMonth(ctx, defaultProviders, '2026-10', 'hr1', early).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TppPeriodError);
    expect((e as TppPeriodError).code).toBe('appeal_windows_open');
    expect(JSON.stringify((e as TppPeriodError).details)).toContain(String(ids.pending));
  });

  let lockedRun: number;
  it('locks once the windows closed, holding the contested finding out', async () => {
    const r = await lockMonth(ctx, defaultProviders, '2026-10', 'hr1', NOV_10);
    lockedRun = r.runId;
    expect(r.heldOut).toEqual([ids.contested]);
    const tono = await lineOf(r.runId, TONO);
    // The pending finding's window closed before the lock: it stood and is priced.
    expect(tono.deductions.map((d) => d.key)).toContain(`finding:${ids.pending}`);
  });

  it('never edits a locked line: the database refuses UPDATE and DELETE', async () => {
    await expect(
      sql`update tpp_lines set paid = 0 where run_id = ${lockedRun}`.execute(ctx.db),
    ).rejects.toThrow(/never edited/);
    await expect(sql`delete from tpp_line_items where run_id = ${lockedRun}`.execute(ctx.db)).rejects.toThrow(
      /never edited/,
    );
    await expect(
      sql`update tpp_runs set locked = false where id = ${lockedRun}`.execute(ctx.db),
    ).rejects.toThrow(/never changed/);
  });

  it('refuses a draft recompute of a locked month', async () => {
    const e = await runDraft(ctx, defaultProviders, '2026-10', 'hr1', NOV_10).catch((x: unknown) => x);
    expect((e as TppPeriodError).code).toBe('not_draft');
  });

  it('publishes a locked month once', async () => {
    await publishMonth(ctx.db, '2026-10', 'hr1', NOV_10);
    const e = await publishMonth(ctx.db, '2026-10', 'hr1', NOV_10).catch((x: unknown) => x);
    expect((e as TppPeriodError).code).toBe('not_locked');
  });

  it('settles the held-out finding into the next open month once it stands', async () => {
    await decideFinding(ctx.db, ids.contested, null, 'upheld', 'ok', NOV_10.getTime());
    const r = await runDraft(ctx, defaultProviders, '2026-11', 'hr1', new Date('2026-11-20T09:00:00+07:00'));
    const siti = await lineOf(r.runId, SITI);
    const d = siti.deductions.find((x) => x.key === `finding:${ids.contested}`)!;
    expect(d.date).toBe('2026-10-08');
    // …and the correction of October does not count it a second time.
    const c = await postCorrections(ctx, defaultProviders, '2026-10', 'hr1', 'no change', NOV_10);
    expect(c.corrections).toEqual([]);
  });

  it('posts an overturned finding as a correction in the next open month, adding up to a recomputation', async () => {
    await sql`update findings set standing = 'overturned' where id = ${ids.late}`.execute(ctx.db);
    const c = await postCorrections(ctx, defaultProviders, '2026-10', 'hr1', 'appeal decided late', NOV_10);
    expect(c.postedIn).toBe('2026-11');
    expect(c.corrections.map((x) => x.nip)).toEqual([SITI]);
    expect(c.corrections[0]!.paidDelta).toBeGreaterThan(0);
    const rows = await ctx.db.selectFrom('tpp_corrections').selectAll().where('nip', '=', SITI).execute();
    const correction = JSON.parse(rows[0]!.correction) as TppCorrection;
    expect(correction.items.find((i) => i.key === `finding:${ids.late}`)!.after).toBe(0);
    const original = await lineOf(lockedRun, SITI);
    const recomputed = tppLine.parse(JSON.parse(rows[0]!.recomputed_line));
    const sum = applyCorrections(original, [correction]);
    expect(sum.paid).toBe(recomputed.paid);
    // Asking again changes nothing: the baseline is the last correction's recomputation.
    const again = await postCorrections(ctx, defaultProviders, '2026-10', 'hr1', 'again', NOV_10);
    expect(again.corrections).toEqual([]);
    await expect(sql`delete from tpp_corrections`.execute(ctx.db)).rejects.toThrow(/never edited/);
  });
});
