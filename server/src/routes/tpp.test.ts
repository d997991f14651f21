import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TppLineResponse, TppMonthResponse } from '@pkk/core';
import { addAssignment, addPunchFinding } from '@pkk/platform/tpp/testing';
import { testApi } from '../testing/context.ts';
import { A, createWorld, KA, KA2, KB, NIP, type World } from '../testing/world.ts';

let w: World;
let findingId = 0;
let rawSha = '';
beforeAll(async () => {
  const t = await testApi();
  w = await createWorld(t);
  const db = t.ctx.db;
  // a2 heads a's chain in kecamatan A; a is the direct superior of b (another kecamatan).
  await addAssignment(db, { nip: NIP.a2, name: 'Rudi', kelurahan: KA2, kelas: 9, atasan: null });
  await addAssignment(db, { nip: NIP.a, name: 'Siti', kelurahan: KA, kelas: 7, atasan: NIP.a2 });
  await addAssignment(db, { nip: NIP.b, name: 'Dewi', kelurahan: KB, kelas: 6, atasan: NIP.a });
  const f = await addPunchFinding(db, {
    nip: NIP.a,
    kelurahan: KA,
    kecamatan: A,
    deviceId: w.deviceIds[KA]![0]!,
    date: '2026-10-06',
    kind: 'late_arrival',
    tier: 'TL3',
    minutes: 70,
  });
  findingId = f.id;
  rawSha = f.rawSha256!;
});
afterAll(() => w.t.dispose());

describe('the TPP of a month over the api', () => {
  it('is recomputed by HR only', async () => {
    expect((await w.call('camat', 'POST', '/api/v1/tpp/2026-10/run')).status).toBe(403);
    expect((await w.call('operator', 'GET', '/api/v1/tpp/2026-10')).status).toBe(403);
    const r = await w.call('hr', 'POST', '/api/v1/tpp/2026-10/run');
    expect(r.status).toBe(201);
    expect((r.body as { officers: number }).officers).toBe(3);
  });

  it('shows each reader the lines of their scope, failing closed', async () => {
    const seen = async (who: Parameters<World['call']>[0]) => {
      const r = await w.call(who, 'GET', '/api/v1/tpp/2026-10');
      expect(r.status).toBe(200);
      return (r.body as TppMonthResponse).lines.map((l) => l.nip).sort();
    };
    const all = [NIP.a, NIP.a2, NIP.b].sort();
    expect(await seen('walikota')).toEqual(all);
    expect(await seen('hr')).toEqual(all);
    expect(await seen('verifikator')).toEqual(all);
    expect(await seen('camat')).toEqual([NIP.a, NIP.a2].sort());
    expect(await seen('lurah')).toEqual([NIP.a]);
    // The ASN sees their own line and their subordinate's, not their superior's.
    expect(await seen('asn')).toEqual([NIP.a, NIP.b].sort());
    const outside = await w.call('lurah', 'GET', `/api/v1/tpp/2026-10?kelurahan=${KB}`);
    expect(outside.status).toBe(403);
    expect((await w.call('lurah', 'GET', `/api/v1/tpp/2026-10/lines/${NIP.b}`)).status).toBe(404);
    expect((await w.call('asn', 'GET', `/api/v1/tpp/2026-10/lines/${NIP.a2}`)).status).toBe(404);
    const body = (await w.call('walikota', 'GET', '/api/v1/tpp/2026-10')).body as TppMonthResponse;
    expect(body.assumptions.some((a) => a.path === 'disiplin.cutBase')).toBe(true);
    // Withheld lines say why (R1.5): nothing is submitted in the kinerja module yet.
    expect(body.lines.every((l) => l.reasons.includes('not_submitted'))).toBe(true);
    expect(body.canManage).toBe(false);
  });

  it('walks a rupiah to the finding version, its raw device payload and its history', async () => {
    const r = await w.call('asn', 'GET', `/api/v1/tpp/2026-10/lines/${NIP.a}`);
    expect(r.status).toBe(200);
    const line = r.body as TppLineResponse;
    const d = line.deductions.find((x) => x.key === `finding:${findingId}`)!;
    expect(d.amount).toBeGreaterThan(0);
    expect(d.finding!.rawPayloads.map((p) => p.sha256)).toEqual([rawSha]);
    expect(d.finding!.now!.sameVersion).toBe(true);
    expect(line.line.gate.reasons).toContain('not_submitted');
  });

  it('refuses bad input with the field and why', async () => {
    const r = await w.call('hr', 'GET', '/api/v1/tpp/2026-13');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('month');
    expect((await w.call('hr', 'GET', '/api/v1/tpp/2026-10/lines/123')).status).toBe(400);
    expect((await w.call('hr', 'POST', '/api/v1/tpp/2026-10/corrections', { reason: '' })).status).toBe(400);
  });

  it('locks, rebuilds identically, publishes, and then refuses a recompute', async () => {
    expect((await w.call('hr', 'POST', '/api/v1/tpp/2026-10/publish')).status).toBe(409);
    const lock = await w.call('hr', 'POST', '/api/v1/tpp/2026-10/lock');
    expect(lock.status).toBe(200);
    const rerun = await w.call('hr', 'GET', '/api/v1/tpp/2026-10/rerun');
    expect((rerun.body as { identical: boolean }).identical).toBe(true);
    expect((await w.call('hr', 'POST', '/api/v1/tpp/2026-10/publish')).status).toBe(200);
    const again = await w.call('hr', 'POST', '/api/v1/tpp/2026-10/run');
    expect(again.status).toBe(409);
    const c = await w.call('hr', 'POST', '/api/v1/tpp/2026-10/corrections', { reason: 'nothing changed' });
    expect(c.status).toBe(201);
    expect((c.body as { postedIn: string }).postedIn).toBe('2026-11');
  });
});
