import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../testing/context.ts';
import {
  A,
  B,
  KA,
  KA2,
  KB,
  NIP,
  OFFICERS,
  createWorld,
  everyone,
  seedEvents,
  type Who,
  type World,
} from '../testing/world.ts';

/**
 * The REST scope matrix: every role against every route, in scope and out of it. Accounts: a camat of
 * kecamatan A, a lurah of KA (in A), an ASN whose NIP is an officer of KA, an HR machine token.
 */

type Col = Who | 'anon';
const COLS: Col[] = ['anon', ...everyone];
type Row = [
  anon: number,
  walikota: number,
  operator: number,
  admin: number,
  camat: number,
  lurah: number,
  asn: number,
  verifikator: number,
  hr: number,
];

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: (who: Col) => unknown;
  expect: Row;
  /** Checks the body of a successful reply. */
  check?: (who: Col, body: never, w: World) => void;
}

const codesOf = (body: { items: { code: string }[] }) => body.items.map((i) => i.code).sort();
const nipsOf = (body: { items: { nip: string }[] }) => body.items.map((i) => i.nip).sort();

const eventsOf = (k: string, kind: string, allowed: Row): Case => ({
  name: `GET /kelurahan/${k}/events?kind=${kind}`,
  method: 'GET',
  path: `/api/v1/kelurahan/${k}/events?kind=${kind}`,
  expect: allowed,
  check: (_who, body: { items: { device_id: number }[] }, w) => {
    expect(body.items.length).toBeGreaterThan(0);
    for (const e of body.items) expect(w.deviceIds[k]).toContain(Number(e.device_id));
  },
});

const leaveFor = (nip: string, expected: Row): Case => ({
  name: `POST /leave for an officer of ${nip === NIP.b ? KB : nip === NIP.a ? KA : KA2}`,
  method: 'POST',
  path: '/api/v1/leave',
  body: () => ({
    nip,
    kind: 'dinas_luar',
    startDate: '2026-03-02',
    endDate: '2026-03-03',
    note: 'rapat di kantor camat',
  }),
  expect: expected,
  check: (_who, body: { id: number; nip: string }) => {
    expect(body.nip).toBe(nip);
    expect(body.id).toBeGreaterThan(0);
  },
});

//                                         anon walikota operator admin camat lurah asn verif hr
const SEES_A_ONLY: Row = /*             */ [401, 200, 200, 200, 200, 200, 403, 403, 403];
const SEES_KA2: Row = /*                */ [401, 200, 200, 200, 200, 403, 403, 403, 403];
const SEES_B: Row = /*                  */ [401, 200, 200, 200, 403, 403, 403, 403, 403];
const MANAGERS: Row = /*                */ [401, 403, 200, 200, 403, 403, 403, 403, 403];
const ADMIN_ONLY: Row = /*              */ [401, 403, 403, 200, 403, 403, 403, 403, 403];

const cases: Case[] = [
  {
    name: 'GET /kelurahan',
    method: 'GET',
    path: '/api/v1/kelurahan',
    expect: SEES_A_ONLY,
    check: (who, body: { items: { code: string; kecamatanCode: string }[] }, w) => {
      const all = w.t.ctx.policy.kelurahan.map((k) => k.code).sort();
      const inA = w.t.ctx.registry
        .inKecamatan(A)
        .map((k) => k.code)
        .sort();
      if (who === 'camat') expect(codesOf(body)).toEqual(inA);
      else if (who === 'lurah') expect(codesOf(body)).toEqual([KA]);
      else expect(codesOf(body)).toEqual(all);
    },
  },
  {
    name: `GET /kelurahan/${KA}`,
    method: 'GET',
    path: `/api/v1/kelurahan/${KA}`,
    expect: SEES_A_ONLY,
    check: (_w, b: { detail: { summary: { code: string } } }) => expect(b.detail.summary.code).toBe(KA),
  },
  {
    name: `GET /kelurahan/${KA2} (same kecamatan)`,
    method: 'GET',
    path: `/api/v1/kelurahan/${KA2}`,
    expect: SEES_KA2,
  },
  { name: `GET /kelurahan/${KB}`, method: 'GET', path: `/api/v1/kelurahan/${KB}`, expect: SEES_B },
  {
    name: 'GET /kelurahan/<unknown code>',
    method: 'GET',
    path: '/api/v1/kelurahan/16.71.99.9999',
    expect: [401, 404, 404, 404, 404, 404, 403, 403, 403],
  },
  ...(['attendance', 'queue', 'presence'] as const).flatMap((kind) => [
    eventsOf(KA, kind, SEES_A_ONLY),
    eventsOf(KB, kind, SEES_B),
  ]),
  {
    name: `GET /kelurahan/${KA}/events without kind`,
    method: 'GET',
    path: `/api/v1/kelurahan/${KA}/events`,
    expect: [401, 400, 400, 400, 400, 400, 403, 403, 403],
  },
  {
    name: `GET /kelurahan/${KB}/events without kind`,
    method: 'GET',
    path: `/api/v1/kelurahan/${KB}/events`,
    expect: [401, 400, 400, 400, 403, 403, 403, 403, 403],
  },
  {
    name: 'GET /officers',
    method: 'GET',
    path: '/api/v1/officers',
    expect: [401, 200, 200, 200, 200, 200, 200, 403, 403],
    check: (who, body: { items: { nip: string }[] }) => {
      const expected = { camat: [NIP.a, NIP.a2], lurah: [NIP.a], asn: [NIP.a] }[who as string] ?? [
        NIP.a,
        NIP.a2,
        NIP.b,
      ];
      expect(nipsOf(body)).toEqual([...expected].sort());
    },
  },
  {
    name: `GET /officers?kelurahan=${KB}`,
    method: 'GET',
    path: `/api/v1/officers?kelurahan=${KB}`,
    // An ASN sees only their own record whatever the filter.
    expect: [401, 200, 200, 200, 403, 403, 200, 403, 403],
    check: (who, body: { items: { nip: string }[] }) =>
      expect(nipsOf(body)).toEqual(who === 'asn' ? [NIP.a] : [NIP.b]),
  },
  {
    name: `GET /officers/<officer of ${KA}>/leave`,
    method: 'GET',
    path: `/api/v1/officers/${NIP.a}/leave`,
    expect: [401, 200, 200, 200, 200, 200, 200, 403, 403],
  },
  {
    name: `GET /officers/<officer of ${KA2}>/leave`,
    method: 'GET',
    path: `/api/v1/officers/${NIP.a2}/leave`,
    expect: [401, 200, 200, 200, 200, 403, 403, 403, 403],
  },
  {
    name: `GET /officers/<officer of ${KB}>/leave`,
    method: 'GET',
    path: `/api/v1/officers/${NIP.b}/leave`,
    expect: SEES_B,
  },
  {
    name: 'PUT /officers',
    method: 'PUT',
    path: '/api/v1/officers',
    body: () => ({ officers: [OFFICERS[0]] }),
    expect: [401, 403, 200, 200, 403, 403, 403, 403, 403],
  },
  //                          anon walikota operator admin camat lurah asn verif hr
  leaveFor(NIP.a, /*       */ [401, 403, 201, 201, 201, 201, 403, 403, 403]),
  leaveFor(NIP.a2, /*      */ [401, 403, 201, 201, 201, 403, 403, 403, 403]),
  leaveFor(NIP.b, /*       */ [401, 403, 201, 201, 403, 403, 403, 403, 403]),
  { name: 'GET /devices', method: 'GET', path: '/api/v1/devices', expect: MANAGERS },
  {
    name: 'POST /devices',
    method: 'POST',
    path: '/api/v1/devices',
    body: (who) => ({ kelurahanCode: KA, kind: 'queue', name: `kiosk-by-${who}` }),
    expect: [401, 403, 201, 201, 403, 403, 403, 403, 403],
  },
  { name: 'GET /users', method: 'GET', path: '/api/v1/users', expect: ADMIN_ONLY },
  {
    name: 'POST /users',
    method: 'POST',
    path: '/api/v1/users',
    body: (who) => ({
      username: `made-by-${who}`,
      displayName: 'x',
      password: 'a-long-password',
      role: 'camat',
      kecamatanCode: B,
    }),
    expect: [401, 403, 403, 201, 403, 403, 403, 403, 403],
  },
  {
    name: 'POST /tokens',
    method: 'POST',
    path: '/api/v1/tokens',
    body: (who) => ({ name: `token-by-${who}`, role: 'hr' }),
    expect: [401, 403, 403, 201, 403, 403, 403, 403, 403],
  },
  {
    name: 'GET /auth/me',
    method: 'GET',
    path: '/api/v1/auth/me',
    expect: [401, 200, 200, 200, 200, 200, 200, 200, 200],
    check: (who, body: { role: string }) => expect(body.role).toBe(who),
  },
];

let w: World;
beforeAll(async () => {
  const t = await testApi();
  w = await createWorld(t);
  await seedEvents(w, KA, NIP.a);
  await seedEvents(w, KB, NIP.b);
});
afterAll(() => w?.t.dispose());

const ERROR_CODE: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
};

describe.each(cases)('$name', (c) => {
  it.each(COLS.map((who, i) => [who, c.expect[i]!] as const))('%s → %i', async (who, status) => {
    const res = await w.call(who === 'anon' ? null : who, c.method, c.path, c.body?.(who));
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status >= 400) {
      expect(res.body).toMatchObject({ error: { code: ERROR_CODE[status], message: expect.any(String) } });
      return;
    }
    c.check?.(who, res.body as never, w);
    // Nothing of kecamatan B ever reaches the camat or lurah of A; nothing of KA2 reaches the lurah of KA.
    const json = JSON.stringify(res.body);
    if (who === 'camat' || who === 'lurah') {
      expect(json).not.toContain(`${B}.`);
      expect(json).not.toContain(NIP.b);
    }
    if (who === 'lurah' || who === 'asn') {
      expect(json).not.toContain(KA2);
      expect(json).not.toContain(NIP.a2);
    }
  });
});
