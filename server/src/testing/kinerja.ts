import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { canonicalJson, type EvidenceMime } from '@pkk/core';
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
  bytes: Uint8Array,
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
export function pdfBytes(size = 2048, seed = 0): Uint8Array {
  const b = new Uint8Array(size);
  b.set(Buffer.from('%PDF-1.7\n'), 0);
  for (let i = 9; i < size; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}
