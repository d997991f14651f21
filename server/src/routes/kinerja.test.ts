import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contestedFindingIds } from '@pkk/platform/kinerja/contested';
import { kinerjaMonthInputs } from '@pkk/platform/kinerja/month-inputs';
import { loginAs, testApi } from '../testing/context.ts';
import { newSigner, pdfBytes, statementFor, uploadEvidence, type TestSigner } from '../testing/kinerja.ts';
import { call, type Reply, type TestApi } from '../testing/world.ts';

/**
 * Kinerja through the real api and PostgreSQL: signed evidence stored once, realisations late and on
 * time, the two verification layers with their scope, rejection and correction, the queue, the TPP
 * inputs, and appeals decided by the superior with escalation. The test day is Monday 2026-11-23.
 */
const KA = '16.71.01.1001';
const KB = '16.71.02.1002';
const ASN = '198001012005011001';
const LURAH = '197001012000011001';
const CAMAT = '196501011990011001';
const OTHER = '198203032007031003';

let t: TestApi;
let varDir: string;
const c: Record<'asn' | 'lurah' | 'camat' | 'verifikator' | 'other' | 'admin', string> = {} as never;
let signer: TestSigner;
let keyId: number;

const api = (who: keyof typeof c, method: string, p: string, body?: unknown) =>
  call(t.url, { cookie: c[who] }, method, `/api/v1/kinerja${p}`, body);
const b = <T = Record<string, unknown>>(r: Reply) => r.body as T;
const upload = (bytes: Uint8Array<ArrayBuffer>, over: Partial<Parameters<typeof uploadEvidence>[3]> = {}) =>
  uploadEvidence(t.url, c.asn, bytes, { keyId, signer, nip: ASN, ...over });

async function assign(nip: string, unit: string, atasan: string | null) {
  await t.ctx.db
    .insertInto('officer_assignments')
    .values({
      nip,
      valid_from: '2026-01-01',
      unit_kind: 'kelurahan',
      unit_code: unit,
      jabatan: 'Pelaksana',
      jenis_jabatan: 'pelaksana',
      kelas_jabatan: 7,
      golongan: 'III/a',
      atasan_nip: atasan,
      recorded_by: 'test',
    })
    .execute();
}

beforeAll(async () => {
  varDir = mkdtempSync(path.join(tmpdir(), 'pkk-kinerja-'));
  t = await testApi({ VAR_DIR: varDir });
  c.admin = await loginAs(t, { username: 'admin1', role: 'admin' });
  const officer = (nip: string, kelurahanCode: string, pin: string) => ({
    nip,
    name: `Pegawai ${nip.slice(-3)}`,
    kelurahanCode,
    position: 'Pelaksana',
    desk: null,
    pin,
  });
  const put = await call(t.url, { cookie: c.admin }, 'PUT', '/api/v1/officers', {
    officers: [
      officer(ASN, KA, '1'),
      officer(LURAH, KA, '2'),
      officer(CAMAT, KA, '3'),
      officer(OTHER, KB, '1'),
    ],
  });
  expect(put.status).toBe(200);
  await assign(CAMAT, KA, null);
  await assign(LURAH, KA, CAMAT);
  await assign(ASN, KA, LURAH);
  await assign(OTHER, KB, null);
  [c.asn, c.lurah, c.camat, c.verifikator, c.other] = await Promise.all([
    loginAs(t, { username: 'asn-a', role: 'asn', nip: ASN }),
    loginAs(t, {
      username: 'lurah-a',
      role: 'lurah',
      kecamatanCode: '16.71.01',
      kelurahanCode: KA,
      nip: LURAH,
    }),
    loginAs(t, { username: 'camat-a', role: 'camat', kecamatanCode: '16.71.01', nip: CAMAT }),
    loginAs(t, { username: 'verifikator1', role: 'verifikator' }),
    loginAs(t, { username: 'asn-b', role: 'asn', nip: OTHER }),
  ]);
  signer = newSigner();
  const key = await api('asn', 'POST', '/keys', { publicKey: signer.publicKey });
  expect(key.status).toBe(201);
  keyId = b<{ key: { id: number } }>(key).key.id;
});
afterAll(() => t?.dispose());

describe('evidence', () => {
  it('stores a signed PDF once by its hash and checks the signature wherever it is shown', async () => {
    const bytes = pdfBytes(4096, 1);
    const first = await upload(bytes);
    expect(first.status).toBe(201);
    const ev = b<{ evidence: { sha256: string; signature: { valid: boolean }; deduplicated: boolean } }>(
      first,
    ).evidence;
    expect(ev.signature.valid).toBe(true);
    expect(ev.deduplicated).toBe(false);
    const again = await upload(bytes);
    expect(b<{ evidence: { deduplicated: boolean } }>(again).evidence.deduplicated).toBe(true);
    expect(readdirSync(path.join(varDir, 'evidence', ev.sha256.slice(0, 2)))).toEqual([ev.sha256]);
  });

  it.each([
    ['a text file named .pdf', new Uint8Array(Buffer.from('hello, not a pdf')), {}, 415],
    [
      'a statement over other bytes',
      pdfBytes(100),
      { statement: statementFor(pdfBytes(101), { nip: ASN, mime: 'application/pdf' }) },
      400,
    ],
    [
      'a PNG claimed as a PDF',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]),
      {},
      400,
    ],
    ['another officer’s NIP in the statement', pdfBytes(100), { nip: OTHER }, 400],
    ['a signature by another key', pdfBytes(100), { signer: newSigner() }, 400],
    ['an unknown key', pdfBytes(100), { keyId: 999_999 }, 422],
  ] as const)('refuses %s', async (_what, bytes, over, status) => {
    const r = await upload(bytes, over as never);
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ error: { code: expect.any(String) } });
  });

  it('refuses a file over the size cap with 413', async () => {
    const r = await upload(pdfBytes(10 * 1024 * 1024 + 1));
    expect(r.status).toBe(413);
  });

  it('keeps verifying what a key signed before its revocation, and refuses it afterwards', async () => {
    const s2 = newSigner();
    const key2 = b<{ key: { id: number } }>(await api('asn', 'POST', '/keys', { publicKey: s2.publicKey }))
      .key.id;
    const up = await upload(pdfBytes(300, 7), { keyId: key2, signer: s2 });
    expect(up.status).toBe(201);
    const evId = b<{ evidence: { id: number } }>(up).evidence.id;
    expect((await api('asn', 'POST', `/keys/${key2}/revoke`)).status).toBe(200);
    const shown = b<{ evidence: { signature: { valid: boolean; keyRevokedSince: number | null } } }>(
      await api('asn', 'GET', `/evidence/${evId}`),
    ).evidence.signature;
    expect(shown.valid).toBe(true);
    expect(shown.keyRevokedSince).not.toBeNull();
    expect((await upload(pdfBytes(300, 8), { keyId: key2, signer: s2 })).status).toBe(409);
    // The first key was replaced by the second: it no longer signs either. A fresh one for the rest.
    signer = newSigner();
    keyId = b<{ key: { id: number } }>(await api('asn', 'POST', '/keys', { publicKey: signer.publicKey })).key
      .id;
    expect((await api('other', 'GET', `/evidence/${evId}`)).status).toBe(404);
  });
});

describe('targets, realisation and layered verification', () => {
  let parent: number;
  let onTimeTarget: number;
  let lateTarget: number;
  let onTime: number;
  let late: number;
  let lateFinding: number;
  const evidence = async (seed: number, purpose: 'realisation' | 'appeal' = 'realisation') =>
    b<{ evidence: { id: number } }>(await upload(pdfBytes(512, seed), { purpose })).evidence.id;

  it('cascades an RHK from the superior’s and sets monthly targets, within scope', async () => {
    const p = await api('lurah', 'POST', '/rhk', {
      nip: LURAH,
      year: 2026,
      indicator: 'Pelayanan administrasi kependudukan',
      unit: 'dokumen',
      annualTarget: 2400,
      weight: 60,
    });
    expect(p.status).toBe(201);
    parent = b<{ rhk: { id: number } }>(p).rhk.id;
    const child = await api('asn', 'POST', '/rhk', {
      nip: ASN,
      year: 2026,
      indicator: 'Surat pengantar diterbitkan',
      unit: 'surat',
      annualTarget: 1200,
      weight: 60,
      parentId: parent,
    });
    expect(child.status).toBe(201);
    const rhk = b<{ rhk: { id: number } }>(child).rhk.id;
    const second = b<{ rhk: { id: number } }>(
      await api('lurah', 'POST', '/rhk', {
        nip: ASN,
        year: 2026,
        indicator: 'Arsip',
        unit: 'berkas',
        annualTarget: 120,
        weight: 40,
      }),
    ).rhk.id;
    // A parent that is not the superior's is refused; another office's officer plans nothing here.
    expect(
      (
        await api('asn', 'POST', '/rhk', {
          nip: ASN,
          year: 2026,
          indicator: 'x',
          unit: 'y',
          annualTarget: 1,
          weight: 1,
          parentId: rhk,
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api('other', 'POST', '/rhk', {
          nip: ASN,
          year: 2026,
          indicator: 'x',
          unit: 'y',
          annualTarget: 1,
          weight: 1,
        })
      ).status,
    ).toBe(403);
    const t1 = await api('asn', 'PUT', `/rhk/${rhk}/targets`, { month: '2026-11', target: 100 });
    expect(t1.status).toBe(200);
    onTimeTarget = b<{ target: { id: number } }>(t1).target.id;
    lateTarget = b<{ target: { id: number } }>(
      await api('asn', 'PUT', `/rhk/${second}/targets`, { month: '2026-11', target: 10 }),
    ).target.id;
    expect((await api('other', 'GET', `/rhk?nip=${ASN}`)).status).toBe(403);
    expect(
      b<{ items: unknown[] }>(await api('lurah', 'GET', `/rhk?nip=${ASN}&year=2026`)).items,
    ).toHaveLength(2);
  });

  it('submits on time, and late with an evidence_late finding (R2.4)', async () => {
    const r1 = await api('asn', 'POST', '/realisations', {
      targetId: onTimeTarget,
      activityDate: '2026-11-23',
      realised: 90,
      note: 'rekap minggu ini',
      evidenceIds: [await evidence(20)],
    });
    expect(r1.status).toBe(201);
    const v1 = b<{
      realisation: { id: number; late: boolean; status: string; waitingOn: { layer: string; nip: string } };
    }>(r1).realisation;
    expect(v1).toMatchObject({
      late: false,
      status: 'submitted',
      waitingOn: { layer: 'superior', nip: LURAH },
    });
    onTime = v1.id;
    // 2026-11-02 (Monday): due by the end of Thursday 2026-11-05; submitted on the 23rd, late.
    const r2 = await api('asn', 'POST', '/realisations', {
      targetId: lateTarget,
      activityDate: '2026-11-02',
      realised: 10,
      evidenceIds: [await evidence(21)],
    });
    expect(r2.status).toBe(201);
    const v2 = b<{ realisation: { id: number; late: boolean; lateFindingId: number } }>(r2).realisation;
    expect(v2.late).toBe(true);
    late = v2.id;
    lateFinding = v2.lateFindingId;
    const f = await call(t.url, { cookie: c.asn }, 'GET', `/api/v1/findings/${lateFinding}`);
    expect(f.body).toMatchObject({
      finding: { kind: 'evidence_late', standing: 'pending', subject: { nip: ASN } },
    });
    // One current realisation per target; evidence of someone else is refused.
    expect(
      (
        await api('asn', 'POST', '/realisations', {
          targetId: onTimeTarget,
          activityDate: '2026-11-23',
          realised: 1,
          evidenceIds: [await evidence(22)],
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api('other', 'POST', '/realisations', {
          targetId: onTimeTarget,
          activityDate: '2026-11-23',
          realised: 1,
          evidenceIds: [1],
        })
      ).status,
    ).toBe(422);
  });

  it('lets only the direct superior validate first, then only a verifikator', async () => {
    expect(
      (await api('asn', 'POST', `/realisations/${onTime}/decide`, { outcome: 'validated' })).status,
    ).toBe(403);
    expect(
      (await api('camat', 'POST', `/realisations/${onTime}/decide`, { outcome: 'validated' })).status,
    ).toBe(403);
    expect(
      (await api('verifikator', 'POST', `/realisations/${onTime}/decide`, { outcome: 'validated' })).status,
    ).toBe(403);
    expect(
      (await api('other', 'POST', `/realisations/${onTime}/decide`, { outcome: 'validated' })).status,
    ).toBe(404);
    const q = b<{ items: { id: number }[] }>(await api('lurah', 'GET', '/queue'));
    expect(q.items.map((i) => i.id)).toEqual([onTime, late]);
    const ok = await api('lurah', 'POST', `/realisations/${onTime}/decide`, { outcome: 'validated' });
    expect(ok.body).toMatchObject({
      realisation: { status: 'validated', waitingOn: { layer: 'verifikator' } },
    });
    expect(
      (await api('lurah', 'POST', `/realisations/${onTime}/decide`, { outcome: 'validated' })).status,
    ).toBe(403);
    const vq = b<{ items: { id: number }[] }>(await api('verifikator', 'GET', '/queue'));
    expect(vq.items.map((i) => i.id)).toEqual([onTime]);
    const verified = await api('verifikator', 'POST', `/realisations/${onTime}/decide`, {
      outcome: 'validated',
    });
    expect(verified.body).toMatchObject({
      realisation: {
        status: 'verified',
        waitingOn: null,
        decisions: [
          { layer: 'superior', outcome: 'validated', by: 'lurah-a', byNip: LURAH, inTime: true },
          { layer: 'verifikator', outcome: 'validated', by: 'verifikator1', inTime: true },
        ],
      },
    });
  });

  it('takes a rejection only with a reason, and a correction as a new row', async () => {
    const noReason = await api('lurah', 'POST', `/realisations/${late}/decide`, { outcome: 'rejected' });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ error: { details: [{ field: 'reason' }] } });
    const rej = await api('lurah', 'POST', `/realisations/${late}/decide`, {
      outcome: 'rejected',
      reason: 'bukti tidak terbaca',
    });
    expect(rej.body).toMatchObject({
      realisation: { status: 'rejected', decisions: [{ reason: 'bukti tidak terbaca' }] },
    });
    const fixed = await api('asn', 'POST', `/realisations/${late}/resubmit`, {
      activityDate: '2026-11-02',
      realised: 10,
      evidenceIds: [await evidence(23)],
    });
    expect(fixed.status).toBe(201);
    const v = b<{ realisation: { id: number; supersedes: number; lateFindingId: number; status: string } }>(
      fixed,
    ).realisation;
    expect(v).toMatchObject({ supersedes: late, lateFindingId: lateFinding, status: 'submitted' });
    expect(
      (
        await api('asn', 'POST', `/realisations/${late}/resubmit`, {
          activityDate: '2026-11-02',
          realised: 1,
          evidenceIds: [await evidence(24)],
        })
      ).status,
    ).toBe(409);
    late = v.id;
    const bulk = await api('lurah', 'POST', '/realisations/validate-bulk', { ids: [late, onTime] });
    expect(bulk.body).toMatchObject({ validated: [late], skipped: [{ id: onTime }] });
  });

  it('names a superior who lets a realisation wait past the deadline (R7.2)', async () => {
    // Another target realised long ago and never validated: submitted 2026-11-10, due by 11-13.
    const rhk = b<{ rhk: { id: number } }>(
      await api('asn', 'POST', '/rhk', {
        nip: ASN,
        year: 2026,
        indicator: 'Laporan',
        unit: 'laporan',
        annualTarget: 12,
        weight: 10,
      }),
    ).rhk.id;
    const target = b<{ target: { id: number } }>(
      await api('asn', 'PUT', `/rhk/${rhk}/targets`, { month: '2026-11', target: 1 }),
    ).target.id;
    const r = b<{ realisation: { id: number } }>(
      await api('asn', 'POST', '/realisations', {
        targetId: target,
        activityDate: '2026-11-23',
        realised: 1,
        evidenceIds: [await evidence(25)],
      }),
    ).realisation.id;
    await t.ctx.db
      .updateTable('kinerja_realisations')
      .set({ submitted_at: new Date('2026-11-10T03:00:00Z') })
      .where('id', '=', r)
      .execute();
    const q = b<{ overdue: { nip: string; count: number }[] }>(await api('verifikator', 'GET', '/queue'));
    expect(q.overdue).toEqual([expect.objectContaining({ nip: LURAH, count: 1 })]);
    const inputs = await kinerjaMonthInputs(t.ctx.db, '2026-11', [ASN, OTHER], { policy: t.ctx.policy });
    expect(inputs.get(ASN)!.gate).toEqual({
      submitted: true,
      validated: false,
      validator: LURAH,
      verified: false,
    });
    expect(inputs.get(OTHER)).toEqual({
      kinerja: null,
      gate: { submitted: false, validated: false, validator: null, verified: false },
    });
  });

  it('feeds the TPP run: the rating through the matrix, evidence weighted, the late one named', async () => {
    expect(
      (
        await api('camat', 'POST', '/ratings', {
          nip: ASN,
          month: '2026-11',
          hasilKerja: 'sesuai',
          perilaku: 'di_atas',
        })
      ).status,
    ).toBe(403);
    const rated = await api('lurah', 'POST', '/ratings', {
      nip: ASN,
      month: '2026-11',
      hasilKerja: 'sesuai',
      perilaku: 'di_atas',
    });
    expect(rated.body).toMatchObject({ rating: { predikat: 'baik' } });
    const k = (await kinerjaMonthInputs(t.ctx.db, '2026-11', [ASN], { policy: t.ctx.policy })).get(
      ASN,
    )!.kinerja!;
    expect(k.basis).toMatchObject({
      method: 'matrix',
      hasilKerja: 'sesuai',
      perilaku: 'di_atas',
      ratedBy: LURAH,
    });
    expect(k.evidence).toHaveLength(3);
    expect(k.evidence.find((e) => e.late !== null)).toMatchObject({
      weight: 40,
      late: { findingId: lateFinding },
    });
  });

  it('settles an appeal of the late evidence with the superior, and escalates one left undecided', async () => {
    const appealEv = await evidence(30, 'appeal');
    const opened = await api('asn', 'POST', '/appeals', {
      findingId: lateFinding,
      text: 'Server e-Kinerja mati tanggal 3-5 November',
      evidenceIds: [appealEv],
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      appeal: {
        deciderKind: 'direct_superior',
        deciderNip: LURAH,
        escalations: 0,
        evidence: [{ id: appealEv, signature: { valid: true } }],
      },
    });
    expect(await contestedFindingIds(t.ctx.db, '2026-11')).toEqual([lateFinding]);
    const held = (await kinerjaMonthInputs(t.ctx.db, '2026-11', [ASN], { policy: t.ctx.policy })).get(ASN)!;
    expect(held.kinerja!.evidence.every((e) => e.late === null)).toBe(true);
    expect(
      (
        await api('verifikator', 'POST', `/appeals/${lateFinding}/decide`, {
          outcome: 'overturned',
          text: 'x',
        })
      ).status,
    ).toBe(403);
    expect(
      (await api('asn', 'POST', `/appeals/${lateFinding}/decide`, { outcome: 'overturned', text: 'x' }))
        .status,
    ).toBe(403);
    // Past its deadline it goes up the chain: the lurah's superior decides now.
    await t.ctx.db
      .updateTable('kinerja_appeals')
      .set({ due_at: new Date('2026-11-01T00:00:00Z') })
      .execute();
    const mine = b<{ items: { deciderNip: string; escalations: number }[] }>(
      await api('camat', 'GET', '/appeals'),
    );
    expect(mine.items).toEqual([expect.objectContaining({ deciderNip: CAMAT, escalations: 1 })]);
    expect(
      (await api('lurah', 'POST', `/appeals/${lateFinding}/decide`, { outcome: 'overturned', text: 'x' }))
        .status,
    ).toBe(403);
    const decided = await api('camat', 'POST', `/appeals/${lateFinding}/decide`, {
      outcome: 'overturned',
      text: 'Gangguan server terbukti',
    });
    expect(decided.body).toMatchObject({ appeal: { standing: 'overturned' } });
    expect(await contestedFindingIds(t.ctx.db, '2026-11')).toEqual([]);
    const month = b<{
      findings: { id: number; standing: string; appeal: { escalations: number } }[];
      windows: unknown[];
    }>(await api('asn', 'GET', '/month?month=2026-11'));
    expect(month.findings).toEqual([
      expect.objectContaining({
        id: lateFinding,
        standing: 'overturned',
        appeal: expect.objectContaining({ escalations: 1 }),
      }),
    ]);
    expect(month.windows.length).toBeGreaterThan(0);
    expect((await api('other', 'GET', `/month?month=2026-11&nip=${ASN}`)).status).toBe(403);
  });

  it('gives the file only to who may read the officer, with its hash', async () => {
    const id = await evidence(40);
    const own = await fetch(`${t.url}/api/v1/kinerja/evidence/${id}/file`, { headers: { cookie: c.lurah } });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect((await own.arrayBuffer()).byteLength).toBe(512);
    const other = await fetch(`${t.url}/api/v1/kinerja/evidence/${id}/file`, {
      headers: { cookie: c.other },
    });
    expect(other.status).toBe(404);
    await other.text();
  });
});
