import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, testApi } from '../testing/context.ts';
import { call, type Reply, type TestApi } from '../testing/world.ts';

const KA = '16.71.01.1001';
const KA2 = '16.71.01.1002';
/** An office with four desks (config/offices.yaml overrides); the others have three. */
const FOUR_DESKS = '16.71.05.1001';
const NIP1 = '198001012005011001';
const NIP2 = '198102022006022002';
const NIP3 = '198203032007031003';

let t: TestApi;
let admin: string;
let lurah: string;

const officer = (nip: string, over: Record<string, unknown> = {}) => ({
  nip,
  name: `Pegawai ${nip.slice(-3)}`,
  kelurahanCode: KA,
  position: 'Pelaksana',
  desk: 'loket-1',
  pin: nip.slice(-2),
  ...over,
});
const put = (officers: unknown[], cookie = admin) =>
  call(t.url, { cookie }, 'PUT', '/api/v1/officers', { officers });
const leave = (body: Record<string, unknown>, cookie = admin) =>
  call(t.url, { cookie }, 'POST', '/api/v1/leave', {
    kind: 'cuti_tahunan',
    startDate: '2026-04-06',
    endDate: '2026-04-08',
    ...body,
  });
const fields = (r: Reply) =>
  (r.body as { error: { details?: { field: string }[] } }).error.details?.map((d) => d.field);

beforeAll(async () => {
  t = await testApi();
  [admin, lurah] = await Promise.all([
    loginAs(t, { username: 'admin1', role: 'admin' }),
    loginAs(t, { username: 'lurah-ka', role: 'lurah', kecamatanCode: '16.71.01', kelurahanCode: KA }),
  ]);
  const seeded = await put([officer(NIP1, { pin: '1' }), officer(NIP2, { kelurahanCode: KA2, pin: '1' })]);
  expect(seeded).toEqual({ status: 200, body: { upserted: 2 } });
});
afterAll(() => t?.dispose());

describe('PUT /officers', () => {
  it('stores and updates officers by NIP', async () => {
    expect(
      (await put([officer(NIP1, { position: 'Kasi Pelayanan', desk: 'loket-2', pin: '1' })])).status,
    ).toBe(200);
    const list = await call(t.url, { cookie: admin }, 'GET', `/api/v1/officers?kelurahan=${KA}`);
    expect(list.body).toEqual({
      items: [
        {
          nip: NIP1,
          name: 'Pegawai 001',
          kelurahanCode: KA,
          position: 'Kasi Pelayanan',
          desk: 'loket-2',
          pin: '1',
          active: true,
        },
      ],
    });
  });

  it.each([
    ['a NIP that is not 18 digits', officer('19800101', {}), 'officers.0.nip'],
    ['a malformed kelurahan code', officer(NIP3, { kelurahanCode: '16.71' }), 'officers.0.kelurahanCode'],
    ['an unknown kelurahan', officer(NIP3, { kelurahanCode: '16.71.99.9999' }), 'officers.0.kelurahanCode'],
    ['a desk the office does not have', officer(NIP3, { desk: 'loket-4' }), 'officers.0.desk'],
    ['a malformed PIN', officer(NIP3, { pin: '7 8' }), 'officers.0.pin'],
    ['no name', officer(NIP3, { name: '' }), 'officers.0.name'],
  ])('refuses %s with 400 naming the field', async (_what, bad, field) => {
    const res = await put([bad]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'bad_request' } });
    expect(fields(res)).toEqual([field]);
  });

  it('names the bad item of a batch and stores none of it', async () => {
    const res = await put([
      officer(NIP3, { pin: '3' }),
      officer('198404042008041004', { desk: 'loket-9', pin: '4' }),
    ]);
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['officers.1.desk']);
    expect(
      await t.ctx.db.selectFrom('officers').select('nip').where('nip', '=', NIP3).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('accepts a desk that only some offices have, where it exists', async () => {
    expect(
      (await put([officer(NIP3, { kelurahanCode: FOUR_DESKS, desk: 'loket-4', pin: '3' })])).status,
    ).toBe(200);
  });

  it('refuses a PIN already used in the same office with 409, naming it', async () => {
    const res = await put([officer('198505052009051005', { pin: '1' })]);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: {
        code: 'conflict',
        details: [{ field: 'officers.0.pin', reason: expect.stringContaining(NIP1) }],
      },
    });
  });

  it('refuses two officers of one office with the same PIN in one batch with 409, and stores neither', async () => {
    const res = await put([
      officer('198606062010061006', { pin: '66' }),
      officer('198707072011071007', { pin: '66' }),
    ]);
    expect(res.status).toBe(409);
    expect(fields(res)).toEqual(['officers.1.pin']);
    expect(
      await t.ctx.db
        .selectFrom('officers')
        .select('nip')
        .where('nip', 'in', ['198606062010061006', '198707072011071007'])
        .execute(),
    ).toEqual([]);
  });

  it('allows the same PIN in different offices, and swapping PINs within one', async () => {
    // NIP2 holds PIN 1 in KA2, as NIP1 does in KA.
    expect((await put([officer('198808082012081008', { kelurahanCode: KA2, pin: '8' })])).status).toBe(200);
    const swap = await put([
      officer(NIP2, { kelurahanCode: KA2, pin: '8' }),
      officer('198808082012081008', { kelurahanCode: KA2, pin: '1' }),
    ]);
    expect(swap.status).toBe(200);
    const pins = await t.ctx.db
      .selectFrom('officers')
      .select(['nip', 'pin'])
      .where('kelurahan_code', '=', KA2)
      .orderBy('nip')
      .execute();
    expect(pins).toEqual([
      { nip: NIP2, pin: '8' },
      { nip: '198808082012081008', pin: '1' },
    ]);
  });
});

describe('POST /leave', () => {
  it('records leave and lists it on the officer', async () => {
    const res = await leave({ nip: NIP1, kind: 'dinas_luar', note: 'Bimtek di Dinas Dukcapil' });
    expect(res).toMatchObject({
      status: 201,
      body: {
        nip: NIP1,
        kind: 'dinas_luar',
        startDate: '2026-04-06',
        endDate: '2026-04-08',
        id: expect.any(Number),
      },
    });
    const list = await call(t.url, { cookie: admin }, 'GET', `/api/v1/officers/${NIP1}/leave`);
    expect((list.body as { items: { kind: string; createdBy: string }[] }).items).toContainEqual(
      expect.objectContaining({ kind: 'dinas_luar', createdBy: 'admin1' }),
    );
  });

  it.each([
    ['an end before the start', { nip: NIP1, startDate: '2026-04-08', endDate: '2026-04-06' }, 'endDate'],
    ['a day that does not exist', { nip: NIP1, startDate: '2026-02-30' }, 'startDate'],
    ['an unknown kind', { nip: NIP1, kind: 'cuti_panjang_sekali' }, 'kind'],
    ['a malformed NIP', { nip: '1980' }, 'nip'],
  ])('refuses %s with 400 naming the field', async (_what, body, field) => {
    const res = await leave(body);
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual([field]);
  });

  it('answers 422 naming nip for an officer who is not registered', async () => {
    const res = await leave({ nip: '199912312020121001' });
    expect(res).toMatchObject({
      status: 422,
      body: { error: { code: 'unprocessable', details: [{ field: 'nip' }] } },
    });
  });

  it('lets a lurah record leave for their own office only', async () => {
    expect((await leave({ nip: NIP1 }, lurah)).status).toBe(201);
    const other = await leave({ nip: NIP2 }, lurah);
    expect(other).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const stored = await t.ctx.db
      .selectFrom('leave_records')
      .select('nip')
      .where('created_by', '=', 'lurah-ka')
      .execute();
    expect(stored).toEqual([{ nip: NIP1 }]);
  });
});
