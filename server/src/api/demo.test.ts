import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Finding } from '@pkk/core';
import { testApi } from '../testing/context.ts';
import { call, insertFinding, type TestApi } from '../testing/world.ts';

/**
 * The demo's scoped accounts on a fresh database: before any office has officers the ASN names
 * nobody and sees nothing (not the city's personal findings); once officers are registered it is
 * bound to the first officer (by name) of the first kelurahan in registry order that has one, the
 * camat and lurah moved with it, the same on every start.
 */
// Officers in two offices, neither the registry's first: the earlier of the two (in registry order) is the demo office.
const DEMO_KEL = '16.71.02.1002';
const LATER_KEL = '16.71.03.1007';
const OFFICERS = [
  { nip: '198001012005011001', name: 'Yusuf Hakim', kelurahanCode: DEMO_KEL, pin: '1' },
  { nip: '198102022006022002', name: 'Ani Rahmawati', kelurahanCode: DEMO_KEL, pin: '2' },
  { nip: '197903032004031003', name: 'Agus Salim', kelurahanCode: LATER_KEL, pin: '1' },
].map((o) => ({ ...o, position: 'Pelaksana', desk: null, active: true }));

let varDir: string;
let t: TestApi;
let again: TestApi | null = null;
interface Saved {
  passwords: Record<string, string>;
  users: {
    username: string;
    role: string;
    kecamatanCode: string | null;
    kelurahanCode: string | null;
    nip: string | null;
  }[];
}
const saved = () => JSON.parse(readFileSync(path.join(varDir, 'demo-credentials.json'), 'utf8')) as Saved;

async function signIn(api: TestApi, username: string): Promise<string> {
  const res = await fetch(`${api.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: saved().passwords[username] }),
  });
  expect(res.status, username).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const me = async (api: TestApi, cookie: string) =>
  call(api.url, { cookie }, 'GET', '/api/v1/auth/me') as Promise<{
    status: number;
    body: { kecamatanCode: string | null; kelurahanCode: string | null; nip: string | null };
  }>;
const findingIds = async (api: TestApi, cookie: string) => {
  const r = await call(api.url, { cookie }, 'GET', '/api/v1/findings?state=all');
  expect(r.status).toBe(200);
  return (r.body as { items: Finding[] }).items.map((f) => f.id).sort();
};

beforeAll(async () => {
  varDir = mkdtempSync(path.join(tmpdir(), 'pkk-demo-bind-'));
  t = await testApi({ DEMO: '1', VAR_DIR: varDir });
});
afterAll(async () => {
  await again?.dispose();
  await t?.dispose();
  rmSync(varDir, { recursive: true, force: true });
});

describe('the demo ASN', () => {
  it('sees nothing before it is bound, then is the first officer of the first staffed office, on every start', async () => {
    const asnBefore = saved().users.find((u) => u.role === 'asn')!;
    expect(asnBefore.nip).toBeNull();
    const asnCookie = await signIn(t, 'asn');
    const other = await insertFinding(t, {
      kelurahan: LATER_KEL,
      nip: OFFICERS[2]!.nip,
      kind: 'late_arrival',
    });
    const own = await insertFinding(t, { kelurahan: DEMO_KEL, nip: OFFICERS[1]!.nip, kind: 'late_arrival' });
    await insertFinding(t, { kelurahan: DEMO_KEL, nip: null, kind: 'queue_wait_sla' });
    // Unbound: an ASN without a NIP reads nobody's findings, not everybody's.
    expect(await findingIds(t, asnCookie)).toEqual([]);

    const admin = await signIn(t, 'admin');
    const put = await call(t.url, { cookie: admin }, 'PUT', '/api/v1/officers', { officers: OFFICERS });
    expect(put.status).toBe(200);

    // Bound as the officers change is announced: its old session ended with the change of scope.
    await vi.waitFor(() => expect(saved().users.find((u) => u.role === 'asn')!.nip).toBe(OFFICERS[1]!.nip), {
      timeout: 10_000,
      interval: 50,
    });
    expect((await me(t, asnCookie)).status).toBe(401);
    const asn = await signIn(t, 'asn');
    expect((await me(t, asn)).body).toMatchObject({
      kecamatanCode: '16.71.02',
      kelurahanCode: DEMO_KEL,
      nip: OFFICERS[1]!.nip,
    });
    expect(await findingIds(t, asn)).toEqual([own.id]);
    const lurah = await signIn(t, 'lurah');
    expect((await me(t, lurah)).body).toMatchObject({ kecamatanCode: '16.71.02', kelurahanCode: DEMO_KEL });
    const camat = await signIn(t, 'camat');
    expect((await me(t, camat)).body).toMatchObject({ kecamatanCode: '16.71.02', kelurahanCode: null });
    expect(await findingIds(t, camat)).not.toContain(other.id);

    // Started again on the same database: the same binding, and the sessions it did not move go on.
    const before = saved().users;
    again = await testApi({ DEMO: '1', VAR_DIR: varDir }, { schema: t.schema });
    expect(saved().users).toEqual(before);
    expect((await me(again, asn)).body).toMatchObject({ nip: OFFICERS[1]!.nip });
  });
});
