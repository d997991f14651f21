/** The kinerja endpoints (issue 19 §2, §3) and the signed evidence upload. */
import type { AppealView, EvidenceView, MyMonth, RealisationView, SigningKey } from '@pkk/core';
import { ApiError, request } from './http.ts';
import { signingKeyFor } from '@/lib/signing.ts';

export type VerificationQueue = {
  serverNow: number;
  items: RealisationView[];
  overdue: { nip: string; name: string | null; count: number; oldestDueAt: number }[];
};

export const kinerjaApi = {
  month: (month?: string) =>
    request<MyMonth>('GET', `/api/v1/kinerja/month${month ? `?month=${month}` : ''}`),
  queue: () => request<VerificationQueue>('GET', '/api/v1/kinerja/queue'),
  appeals: () => request<{ serverNow: number; items: AppealView[] }>('GET', '/api/v1/kinerja/appeals'),
  keys: () => request<{ items: SigningKey[] }>('GET', '/api/v1/kinerja/keys'),
  registerKey: (publicKey: string) =>
    request<{ key: SigningKey }>('POST', '/api/v1/kinerja/keys', { publicKey }),
  submit: (b: {
    targetId: number;
    activityDate: string;
    realised: number;
    note: string;
    evidenceIds: number[];
  }) => request<{ realisation: RealisationView }>('POST', '/api/v1/kinerja/realisations', b),
  resubmit: (
    id: number,
    b: { activityDate: string; realised: number; note: string; evidenceIds: number[] },
  ) => request<{ realisation: RealisationView }>('POST', `/api/v1/kinerja/realisations/${id}/resubmit`, b),
  decide: (id: number, outcome: 'validated' | 'rejected', reason: string) =>
    request<{ realisation: RealisationView }>('POST', `/api/v1/kinerja/realisations/${id}/decide`, {
      outcome,
      reason,
    }),
  validateBulk: (ids: number[]) =>
    request<{ validated: number[]; skipped: { id: number; reason: string }[] }>(
      'POST',
      '/api/v1/kinerja/realisations/validate-bulk',
      { ids },
    ),
  appeal: (findingId: number, text: string, evidenceIds: number[]) =>
    request<{ appeal: AppealView }>('POST', '/api/v1/kinerja/appeals', { findingId, text, evidenceIds }),
  decideAppeal: (findingId: number, outcome: 'upheld' | 'overturned', text: string) =>
    request<{ appeal: AppealView }>('POST', `/api/v1/kinerja/appeals/${findingId}/decide`, { outcome, text }),
};

const b64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** What the file is, by its first bytes (the server checks the same). */
async function sniff(file: Blob): Promise<EvidenceView['mime'] | null> {
  const h = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (h[0] === 0x25 && h[1] === 0x50 && h[2] === 0x44 && h[3] === 0x46 && h[4] === 0x2d)
    return 'application/pdf';
  if (h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff) return 'image/jpeg';
  if (h[0] === 0x89 && h[1] === 0x50 && h[2] === 0x4e && h[3] === 0x47) return 'image/png';
  return null;
}

/**
 * Hashes the file, signs the statement of its hash and metadata with this browser's Ed25519 key
 * (made and registered on first use), and uploads it. The statement is canonical JSON (RFC 8785):
 * keys sorted, integers and plain strings, which JSON.stringify writes the same way.
 */
export async function uploadSignedEvidence(
  file: File,
  who: { username: string; nip: string },
  purpose: 'realisation' | 'appeal',
): Promise<EvidenceView> {
  const mime = await sniff(file);
  if (!mime) throw new ApiError(415, 'unsupported_media_type', 'not a PDF, JPEG or PNG');
  const bytes = await file.arrayBuffer();
  const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
  const statement = JSON.stringify({
    filename: file.name.slice(0, 200) || 'bukti',
    mime,
    nip: who.nip,
    purpose,
    sha256,
    signedAt: Date.now(),
    size: bytes.byteLength,
    v: 1,
  });
  const key = await signingKeyFor(who.username, kinerjaApi);
  const signature = await crypto.subtle.sign(
    { name: 'Ed25519' },
    key.privateKey,
    new TextEncoder().encode(statement),
  );
  const res = await fetch('/api/v1/kinerja/evidence', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      'content-type': mime,
      'x-evidence-statement': b64url(new TextEncoder().encode(statement).buffer as ArrayBuffer),
      'x-evidence-signature': b64url(signature),
      'x-evidence-key': String(key.id),
    },
    body: bytes,
  });
  const json = (await res.json().catch(() => null)) as
    { evidence: EvidenceView } | { error: { code: string; message: string; details?: unknown } } | null;
  if (!res.ok || !json || !('evidence' in json)) {
    const e = json && 'error' in json ? json.error : null;
    throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.details);
  }
  return json.evidence;
}
