import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../testing/context.ts';
import { createWorld, KA, KA2, KB, NIP, type Reply, type TestApi, type World } from '../testing/world.ts';

/** The organisation api: history never edited, superiors without loops, every role in its area. */
const LURAH = '197501011995031002';
const CAMAT = '197001011990031001';
let t: TestApi;
let w: World;

const assignment = (over: Record<string, unknown> = {}) => ({
  nip: NIP.a,
  validFrom: '2026-01-01',
  unit: { kind: 'kelurahan', code: KA },
  jabatan: 'Pengadministrasi Perkantoran',
  jenisJabatan: 'pelaksana',
  kelasJabatan: 5,
  golongan: 'II/c',
  atasanNip: LURAH,
  ...over,
});
const post = (body: unknown, who: Parameters<World['call']>[0] = 'admin') =>
  w.call(who, 'POST', '/api/v1/organisation/assignments', body);
const fields = (r: Reply) =>
  (r.body as { error: { details?: { field: string }[] } }).error.details?.map((d) => d.field);

beforeAll(async () => {
  t = await testApi();
  w = await createWorld(t);
  const extra = await w.call('admin', 'PUT', '/api/v1/officers', {
    officers: [
      { nip: LURAH, name: 'Lurah Satu', kelurahanCode: KA, position: 'Lurah', pin: '9' },
      { nip: CAMAT, name: 'Camat Satu', kelurahanCode: KA, position: 'Camat', pin: '8', active: false },
    ],
  });
  expect(extra.status).toBe(200);
  for (const body of [
    assignment({
      nip: CAMAT,
      unit: { kind: 'kecamatan', code: '16.71.01' },
      jabatan: 'Camat',
      jenisJabatan: 'administrator',
      kelasJabatan: 11,
      golongan: 'IV/a',
      atasanNip: null,
    }),
    assignment({
      nip: LURAH,
      jabatan: 'Lurah',
      jenisJabatan: 'pengawas',
      kelasJabatan: 9,
      golongan: 'III/d',
      atasanNip: CAMAT,
    }),
    assignment(),
    assignment({ nip: NIP.a2, unit: { kind: 'kelurahan', code: KA2 }, atasanNip: null }),
    assignment({ nip: NIP.b, unit: { kind: 'kelurahan', code: KB }, atasanNip: null, tppBasic: 2_500_000 }),
  ])
    expect((await post(body)).status).toBe(201);
});
afterAll(() => t?.dispose());

describe('recording assignments', () => {
  it('a class change from a day closes the row in force and keeps it', async () => {
    const r = await post(assignment({ validFrom: '2026-11-16', kelasJabatan: 6, golongan: 'III/a' }));
    expect(r.status).toBe(201);
    const { assignment: a, closed } = r.body as { assignment: { id: number; validTo: null }; closed: number };
    expect(closed).toBeGreaterThan(0);
    const me = await w.call('admin', 'GET', `/api/v1/organisation/officers/${NIP.a}`);
    expect(me.status).toBe(200);
    const body = me.body as {
      date: string;
      current: { id: number; kelasJabatan: number; basic: { amount: number; from: string; status: string } };
      history: {
        validFrom: string;
        validTo: string | null;
        kelasJabatan: number;
        atasan: { name: string };
      }[];
    };
    expect(body.date).toBe('2026-11-23');
    expect(body.current.id).toBe(a.id);
    expect(body.current.basic).toEqual({ amount: 3212000, from: 'kelas', status: 'TYPICAL' });
    expect(body.history.map((h) => [h.validFrom, h.validTo, h.kelasJabatan])).toEqual([
      ['2026-11-16', null, 6],
      ['2026-01-01', '2026-11-16', 5],
    ]);
    expect(body.history[0]!.atasan.name).toBe('Lurah Satu');
    const before = await w.call('admin', 'GET', `/api/v1/organisation/officers/${NIP.a}?date=2026-11-15`);
    expect((before.body as { current: { kelasJabatan: number } }).current.kelasJabatan).toBe(5);
  });

  it('answers 200 and records nothing for what is already recorded', async () => {
    const r = await post(assignment({ validFrom: '2026-11-16', kelasJabatan: 6, golongan: 'III/a' }));
    expect(r.status).toBe(200);
    expect((r.body as { closed: null }).closed).toBeNull();
  });

  it.each([
    ['a day before the latest row', assignment({ validFrom: '2026-06-01', kelasJabatan: 7 })],
    ['other values on a recorded day', assignment({ validFrom: '2026-11-16', kelasJabatan: 8 })],
  ])('refuses %s with 409: history is never edited', async (_what, body) => {
    const r = await post(body);
    expect(r.status).toBe(409);
    expect(fields(r)).toEqual(['validFrom']);
  });

  it.each([
    ['a kelas above 17', { kelasJabatan: 18 }, 'kelasJabatan'],
    ['a malformed golongan', { golongan: 'III-a' }, 'golongan'],
    ['an unknown jenis jabatan', { jenisJabatan: 'struktural' }, 'jenisJabatan'],
    ['a malformed date', { validFrom: '2026-13-01' }, 'validFrom'],
    ['a negative basic', { tppBasic: -1 }, 'tppBasic'],
    ['a kelurahan code as a kecamatan', { unit: { kind: 'kecamatan', code: KA } }, 'unit.code'],
    ['an unknown field', { pangkat: 'Penata' }, ''],
  ])('refuses %s with 400 naming the field', async (_what, over, field) => {
    const r = await post(assignment({ validFrom: '2026-12-01', ...over }));
    expect(r.status).toBe(400);
    if (field) expect(fields(r)).toEqual([field]);
  });

  it.each([
    ['an unknown officer', { nip: '199912312020121001' }, 'nip'],
    ['an unknown kelurahan', { unit: { kind: 'kelurahan', code: '16.71.99.9999' } }, 'unit.code'],
    ['an unknown superior', { atasanNip: '199912312020121001' }, 'atasanNip'],
    ['the officer as their own superior', { atasanNip: NIP.a }, 'atasanNip'],
    ['a superior under the officer', { nip: CAMAT, atasanNip: NIP.a }, 'atasanNip'],
  ])('refuses %s with 422 naming the field', async (_what, over, field) => {
    const r = await post(assignment({ validFrom: '2026-12-01', ...over }));
    expect(r.status).toBe(422);
    expect(fields(r)).toEqual([field]);
  });
});

describe('who reads and writes', () => {
  it('lists a unit on a day with its superiors', async () => {
    const r = await w.call(
      'admin',
      'GET',
      `/api/v1/organisation/assignments?unitKind=kelurahan&unitCode=${KA}`,
    );
    const items = (r.body as { items: { nip: string; atasan: { nip: string } | null }[] }).items;
    expect(items.map((i) => [i.nip, i.atasan?.nip])).toEqual([
      [LURAH, CAMAT],
      [NIP.a, LURAH],
    ]);
  });

  it.each([
    ['camat', [CAMAT, LURAH, NIP.a, NIP.a2]],
    ['lurah', [LURAH, NIP.a]],
    ['asn', [NIP.a]],
    ['walikota', [CAMAT, LURAH, NIP.a, NIP.a2, NIP.b]],
    ['hr', [CAMAT, LURAH, NIP.a, NIP.a2, NIP.b]],
  ] as const)('a %s lists only their area', async (who, nips) => {
    const r = await w.call(who, 'GET', '/api/v1/organisation/assignments');
    expect(r.status).toBe(200);
    expect((r.body as { items: { nip: string }[] }).items.map((i) => i.nip).sort()).toEqual([...nips].sort());
  });

  it.each(['operator', 'verifikator'] as const)('a %s reads nothing (403)', async (who) => {
    expect((await w.call(who, 'GET', '/api/v1/organisation/assignments')).status).toBe(403);
  });

  it('an officer outside the area is 403, an ASN reads only themself', async () => {
    expect((await w.call('lurah', 'GET', `/api/v1/organisation/officers/${NIP.b}`)).status).toBe(403);
    expect((await w.call('camat', 'GET', `/api/v1/organisation/officers/${NIP.b}`)).status).toBe(403);
    expect((await w.call('asn', 'GET', `/api/v1/organisation/officers/${NIP.a2}`)).status).toBe(403);
    expect((await w.call('asn', 'GET', `/api/v1/organisation/officers/${NIP.a}`)).status).toBe(200);
    expect((await w.call('admin', 'GET', '/api/v1/organisation/officers/123')).status).toBe(400);
    expect((await w.call('admin', 'GET', '/api/v1/organisation/officers/199912312020121001')).status).toBe(
      404,
    );
  });

  it.each(['lurah', 'camat', 'asn', 'walikota', 'operator'] as const)(
    'a %s may not write (403)',
    async (who) => {
      expect((await post(assignment({ validFrom: '2026-12-01', kelasJabatan: 7 }), who)).status).toBe(403);
    },
  );

  it('HR writes', async () => {
    expect(
      (
        await post(
          assignment({
            nip: NIP.a2,
            unit: { kind: 'kelurahan', code: KA2 },
            validFrom: '2026-12-01',
            atasanNip: null,
            kelasJabatan: 6,
          }),
          'hr',
        )
      ).status,
    ).toBe(201);
  });
});
