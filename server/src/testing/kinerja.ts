import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { canonicalJson, type EvidenceMime } from '@pkk/core';
import type { Db } from '@pkk/platform/db/index';
import { sha256Of } from '@pkk/platform/kinerja/blobs';

/**
 * A test officer's signing key and uploads through the real API, as the browser does them (the
 * browser uses WebCrypto; here node:crypto makes the same Ed25519 signatures).
 */
export interface TestSigner {
  publicKey: string;
  privateKey: KeyObject;
}

export function newSigner(): TestSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
  return { publicKey: jwk.x, privateKey };
}

export function statementFor(
  bytes: Uint8Array,
  s: {
    nip: string;
    mime: EvidenceMime;
    filename?: string;
    purpose?: 'realisation' | 'appeal';
    signedAt?: number;
  },
): string {
  return canonicalJson({
    v: 1,
    purpose: s.purpose ?? 'realisation',
    sha256: sha256Of(bytes),
    size: bytes.length,
    mime: s.mime,
    filename: s.filename ?? 'bukti.pdf',
    nip: s.nip,
    signedAt: s.signedAt ?? 0,
  });
}

export function signText(signer: TestSigner, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), signer.privateKey).toString('base64url');
}

/** POSTs a file as the evidence upload does; `statement` and `signature` may be forced for attacks. */
export async function uploadEvidence(
  url: string,
  cookie: string,
  bytes: Uint8Array<ArrayBuffer>,
  o: {
    keyId: number;
    signer: TestSigner;
    nip: string;
    mime?: EvidenceMime;
    purpose?: 'realisation' | 'appeal';
    statement?: string;
    signature?: string;
  },
): Promise<{ status: number; body: unknown }> {
  const statement =
    o.statement ?? statementFor(bytes, { nip: o.nip, mime: o.mime ?? 'application/pdf', purpose: o.purpose });
  const res = await fetch(`${url}/api/v1/kinerja/evidence`, {
    method: 'POST',
    headers: {
      cookie,
      'content-type': 'application/octet-stream',
      'x-evidence-statement': Buffer.from(statement, 'utf8').toString('base64url'),
      'x-evidence-signature': o.signature ?? signText(o.signer, statement),
      'x-evidence-key': String(o.keyId),
    },
    body: bytes,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** A small valid-looking PDF of `size` bytes (content after the header is filler). */
export function pdfBytes(size = 2048, seed = 0): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(size);
  b.set(Buffer.from('%PDF-1.7\n'), 0);
  for (let i = 9; i < size; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

/**
 * Calls every kinerja operation once with success, as an officer (`asn`, NIP `nip`), their direct
 * superior (`superior`, NIP `superiorNip`, made so here) and a verifikator: what the OpenAPI test
 * needs to see each documented. Returns the statuses met, in order.
 */
export async function kinerjaTour(
  t: { url: string; ctx: { db: Db } },
  o: {
    asn: string;
    nip: string;
    superior: string;
    superiorNip: string;
    verifikator: string;
    kelurahan: string;
  },
): Promise<number[]> {
  const statuses: number[] = [];
  const go = async (cookie: string, method: string, p: string, body?: unknown) => {
    const res = await fetch(`${t.url}/api/v1/kinerja${p}`, {
      method,
      headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    statuses.push(res.status);
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return (type.includes('json') ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  for (const [nip, atasan] of [
    [o.superiorNip, null],
    [o.nip, o.superiorNip],
  ] as const)
    await t.ctx.db
      .insertInto('officer_assignments')
      .values({
        nip,
        valid_from: '2026-01-01',
        unit_kind: 'kelurahan',
        unit_code: o.kelurahan,
        jabatan: 'Pelaksana',
        jenis_jabatan: 'pelaksana',
        kelas_jabatan: 7,
        golongan: 'III/a',
        atasan_nip: atasan,
        recorded_by: 'test',
      })
      .execute();
  const signer = newSigner();
  await go(o.asn, 'GET', '/keys');
  const keyId = ((await go(o.asn, 'POST', '/keys', { publicKey: signer.publicKey })).key as { id: number })
    .id;
  const up = async (seed: number, purpose: 'realisation' | 'appeal' = 'realisation') => {
    const r = await uploadEvidence(t.url, o.asn, pdfBytes(256, seed), { keyId, signer, nip: o.nip, purpose });
    statuses.push(r.status);
    return (r.body as { evidence: { id: number } }).evidence.id;
  };
  const ev = await up(1);
  await go(o.asn, 'GET', `/evidence/${ev}`);
  await go(o.asn, 'GET', `/evidence/${ev}/file`);
  const rhk = (
    (
      await go(o.asn, 'POST', '/rhk', {
        nip: o.nip,
        year: 2026,
        indicator: 'Surat',
        unit: 'surat',
        annualTarget: 12,
        weight: 1,
      })
    ).rhk as { id: number }
  ).id;
  await go(o.asn, 'GET', '/rhk');
  const target = (
    (await go(o.asn, 'PUT', `/rhk/${rhk}/targets`, { month: '2026-11', target: 1 })).target as { id: number }
  ).id;
  const rhk2 = (
    (
      await go(o.asn, 'POST', '/rhk', {
        nip: o.nip,
        year: 2026,
        indicator: 'Arsip',
        unit: 'berkas',
        annualTarget: 12,
        weight: 1,
      })
    ).rhk as { id: number }
  ).id;
  const target2 = (
    (await go(o.asn, 'PUT', `/rhk/${rhk2}/targets`, { month: '2026-11', target: 1 })).target as { id: number }
  ).id;
  const late = (
    await go(o.asn, 'POST', '/realisations', {
      targetId: target,
      activityDate: '2026-11-02',
      realised: 1,
      evidenceIds: [ev],
    })
  ).realisation as { id: number; lateFindingId: number };
  const other = (
    await go(o.asn, 'POST', '/realisations', {
      targetId: target2,
      activityDate: '2026-11-02',
      realised: 1,
      evidenceIds: [await up(2)],
    })
  ).realisation as { id: number };
  await go(o.asn, 'GET', `/realisations/${late.id}`);
  await go(o.superior, 'GET', '/queue');
  await go(o.superior, 'POST', `/realisations/${other.id}/decide`, {
    outcome: 'rejected',
    reason: 'tidak terbaca',
  });
  const fixed = (
    await go(o.asn, 'POST', `/realisations/${other.id}/resubmit`, {
      activityDate: '2026-11-02',
      realised: 1,
      evidenceIds: [await up(3)],
    })
  ).realisation as { id: number };
  await go(o.superior, 'POST', '/realisations/validate-bulk', { ids: [late.id, fixed.id] });
  await go(o.superior, 'POST', '/ratings', {
    nip: o.nip,
    month: '2026-11',
    hasilKerja: 'sesuai',
    perilaku: 'sesuai',
  });
  await go(o.asn, 'POST', '/appeals', {
    findingId: late.lateFindingId,
    text: 'server mati',
    evidenceIds: [await up(4, 'appeal')],
  });
  await go(o.superior, 'GET', '/appeals');
  await go(o.superior, 'POST', `/appeals/${late.lateFindingId}/decide`, {
    outcome: 'upheld',
    text: 'tetap terlambat',
  });
  await go(o.asn, 'GET', '/month?month=2026-11');
  await go(o.asn, 'POST', `/keys/${keyId}/revoke`);
  void o.verifikator;
  return statuses;
}
