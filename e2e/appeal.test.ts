import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochAt, localDateOf, type Finding } from '@pkk/core';
import { settleAppeals } from '@pkk/platform/findings/appeal';
import { detectOffice } from '@pkk/platform/findings/pass';
import { loginAs, registerDevice, testApi } from '@pkk/server/testing/context';

/**
 * A finding may cost an officer money, so it can be contested: the officer (or their lurah) appeals
 * inside the window with a reason, a verifikator decides with the grounds, every step is in its
 * history with who and when, and an uncontested finding stands only once the window has closed.
 */
const KEL = '16.71.01.1001';
const KEC = '16.71.01';
const SITI = '198001012005011001';
const BUDI = '198202022006021002';
const ANI = '198303032007032003';

let t: Awaited<ReturnType<typeof testApi>>;
const cookies: Record<string, string> = {};
let verifikatorId: number;

async function call(who: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${t.url}/api/v1${path}`, {
    method,
    headers: { cookie: cookies[who]!, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      finding?: Finding;
      items?: Finding[];
      history?: { action: string; by: string | null; detail: { text?: string } }[];
      error?: { message: string; details?: { field: string; reason: string }[] };
    },
  };
}
const lateOf = async (nip: string) =>
  (await call('verifikator', 'GET', `/findings?state=all&kind=late_arrival&nip=${nip}`)).body.items![0]!;

beforeAll(async () => {
  t = await testApi();
  const admin = await loginAs(t, { username: 'admin-a', role: 'admin' });
  const key = (await registerDevice(t, admin, { kelurahanCode: KEL, kind: 'attendance', name: 'terminal-a' }))
    .key!;
  const officers = [SITI, BUDI, ANI].map((nip, i) => ({
    nip,
    name: `Pegawai ${i}`,
    kelurahanCode: KEL,
    position: 'Pelaksana',
    desk: 'loket-1',
    pin: String(10 + i),
  }));
  expect(
    (
      await fetch(`${t.url}/api/v1/officers`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: admin },
        body: JSON.stringify({ officers }),
      })
    ).status,
  ).toBe(200);
  cookies.siti = await loginAs(t, { username: 'siti', role: 'asn', nip: SITI });
  cookies.budi = await loginAs(t, { username: 'budi', role: 'asn', nip: BUDI });
  cookies.lurah = await loginAs(t, {
    username: 'lurah-a',
    role: 'lurah',
    kecamatanCode: KEC,
    kelurahanCode: KEL,
  });
  cookies.camat = await loginAs(t, { username: 'camat-a', role: 'camat', kecamatanCode: KEC });
  cookies.verifikator = await loginAs(t, { username: 'verif-a', role: 'verifikator' });
  verifikatorId = (
    await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'verif-a')
      .executeTakeFirstOrThrow()
  ).id;

  // All three came in late this morning (the test clock's day): 45, 50 and 55 minutes.
  const day = localDateOf(t.ctx.clock.now());
  const punches = [SITI, BUDI, ANI].map((nip, i) => ({
    nip,
    time: new Date(epochAt(day, `08:${15 + i * 5}`)).toISOString(),
  }));
  const res = await fetch(`${t.url}/api/v1/ingest/attendance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ kelurahan: KEL, punches }),
  });
  expect(res.status).toBe(200);
  await detectOffice(t.ctx, KEL);
});
afterAll(() => t.dispose());

describe('contesting a finding', () => {
  it('is pending with its window, and only the officer or their lurah may contest it, with a reason', async () => {
    const f = await lateOf(SITI);
    expect(f).toMatchObject({ kind: 'late_arrival', standing: 'pending', subject: { nip: SITI } });
    expect(f.appealEndsAt).toBeGreaterThan(t.ctx.clock.now());
    expect(
      (await call('camat', 'POST', `/findings/${f.id}/contest`, { text: 'pegawai sedang dinas luar' }))
        .status,
    ).toBe(403);
    // Budi cannot even see Siti's finding.
    expect(
      (await call('budi', 'POST', `/findings/${f.id}/contest`, { text: 'bukan saya, salah orang' })).status,
    ).toBe(404);
    const short = await call('siti', 'POST', `/findings/${f.id}/contest`, { text: 'macet' });
    expect(short.status).toBe(400);
    expect(short.body.error!.details).toEqual([
      { field: 'text', reason: expect.stringMatching(/10 characters/) },
    ]);
  });

  it('is contested by the officer, once; a verifikator upholds it with the grounds; all in its history', async () => {
    const f = await lateOf(SITI);
    const contested = await call('siti', 'POST', `/findings/${f.id}/contest`, {
      text: 'Mesin presensi antre, saya datang 07:55 (lihat CCTV pintu)',
    });
    expect(contested.status).toBe(200);
    expect(contested.body.finding).toMatchObject({ standing: 'contested' });
    expect(
      (
        await call('siti', 'POST', `/findings/${f.id}/contest`, {
          text: 'sekali lagi, saya datang tepat waktu',
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call('siti', 'POST', `/findings/${f.id}/decide`, {
          outcome: 'overturned',
          text: 'saya memutuskan sendiri',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('lurah', 'POST', `/findings/${f.id}/decide`, {
          outcome: 'overturned',
          text: 'lurah tidak memutuskan banding',
        })
      ).status,
    ).toBe(403);

    const upheld = await call('verifikator', 'POST', `/findings/${f.id}/decide`, {
      outcome: 'upheld',
      text: 'CCTV pintu: masuk 08:14; antrean tidak ada',
    });
    expect(upheld.status).toBe(200);
    expect(upheld.body.finding).toMatchObject({ standing: 'standing' });
    expect(
      (
        await call('verifikator', 'POST', `/findings/${f.id}/decide`, {
          outcome: 'overturned',
          text: 'berubah pikiran setelahnya',
        })
      ).status,
    ).toBe(409);

    const detail = await call('siti', 'GET', `/findings/${f.id}`);
    const steps = detail.body.history!.filter((h) => h.action === 'contested' || h.action === 'upheld');
    expect(steps.map((h) => [h.action, h.by, h.detail.text])).toEqual([
      ['contested', 'siti', 'Mesin presensi antre, saya datang 07:55 (lihat CCTV pintu)'],
      ['upheld', 'verif-a', 'CCTV pintu: masuk 08:14; antrean tidak ada'],
    ]);
  });

  it("is contested by the lurah on an officer's behalf and overturned: final, no longer open, and detection leaves it so", async () => {
    const f = await lateOf(BUDI);
    expect(
      (
        await call('lurah', 'POST', `/findings/${f.id}/contest`, {
          text: 'Budi dinas luar ke kecamatan pagi itu (surat tugas 12/2026)',
        })
      ).status,
    ).toBe(200);
    const overturned = await call('verifikator', 'POST', `/findings/${f.id}/decide`, {
      outcome: 'overturned',
      text: 'surat tugas sah, bukan keterlambatan',
    });
    expect(overturned.body.finding).toMatchObject({ standing: 'overturned', state: 'resolved' });
    // A later detection pass leaves the decision alone.
    await detectOffice(t.ctx, KEL);
    expect(await lateOf(BUDI)).toMatchObject({ standing: 'overturned' });
  });

  it('stands uncontested only once the window has closed, and cannot be contested after', async () => {
    const f = await lateOf(ANI);
    expect(await settleAppeals(t.ctx.db, t.ctx.policy, f.appealEndsAt! - 1)).toEqual([]);
    const stood = await settleAppeals(t.ctx.db, t.ctx.policy, f.appealEndsAt!);
    expect(stood.map((c) => [c.action, c.finding.id, c.finding.standing])).toEqual([
      ['stood', f.id, 'standing'],
    ]);
    expect(await settleAppeals(t.ctx.db, t.ctx.policy, f.appealEndsAt! + 60_000)).toEqual([]);
    expect((await lateOf(ANI)).standing).toBe('standing');
    expect(verifikatorId).toBeGreaterThan(0);
  });
});
