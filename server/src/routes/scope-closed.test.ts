import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camera, Finding, RoomName } from '@pkk/core';
import { digest, newSecret } from '@pkk/platform/auth/secrets';
import { resolveSecrets, sessionFromCookieHeader } from '../auth/principal.ts';
import { mayJoin } from '../live/socket.ts';
import { loginAs, testApi } from '../testing/context.ts';
import {
  A,
  B,
  KA,
  KA2,
  KB,
  NIP,
  call,
  createWorld,
  everyone,
  insertFinding,
  seedEvents,
  type TestApi,
  type Who,
  type World,
} from '../testing/world.ts';

/**
 * Scope fails closed. For every role, and for every scoped role whose area or NIP is missing (an
 * old row, a token made before scopes were checked; a blank NIP), what each resource shows: findings
 * (list, one, contest), kelurahan, their events, officers, cameras, live views, silences and socket
 * rooms. A principal with an empty scope sees nothing; a scoped one sees only its area.
 */

type Holder =
  Who | 'camat-none' | 'lurah-none' | 'asn-none' | 'asn-blank' | 'token-camat' | 'token-lurah' | 'token-asn';
const EMPTY: Holder[] = [
  'camat-none',
  'lurah-none',
  'asn-none',
  'asn-blank',
  'token-camat',
  'token-lurah',
  'token-asn',
];
const ALL: Holder[] = [...everyone, ...EMPTY];

/** What a holder may see: offices (by kelurahan code) and findings about people (by NIP). */
interface Sight {
  offices: string[];
  /** Findings of an office in `offices`, plus those about these people (null: about anybody). */
  people: string[] | null | 'none';
  watcher: boolean;
}
const OFFICES = [KA, KA2, KB];
const CITY: Sight = { offices: OFFICES, people: 'none', watcher: true };
const SIGHT: Record<Holder, Sight> = {
  walikota: CITY,
  operator: CITY,
  admin: CITY,
  camat: { offices: [KA, KA2], people: 'none', watcher: true },
  lurah: { offices: [KA], people: 'none', watcher: true },
  asn: { offices: [], people: [NIP.a], watcher: false },
  verifikator: { offices: [], people: null, watcher: false },
  hr: { offices: [], people: null, watcher: false },
  'camat-none': { offices: [], people: 'none', watcher: true },
  'lurah-none': { offices: [], people: 'none', watcher: true },
  'asn-none': { offices: [], people: 'none', watcher: false },
  'asn-blank': { offices: [], people: 'none', watcher: false },
  'token-camat': { offices: [], people: 'none', watcher: true },
  'token-lurah': { offices: [], people: 'none', watcher: true },
  // A token names no NIP at all.
  'token-asn': { offices: [], people: 'none', watcher: false },
};

let t: TestApi;
let w: World;
const headers = {} as Record<Holder, Record<string, string>>;
const as = (h: Holder, method: string, path: string, body?: unknown) =>
  call(t.url, headers[h], method, path, body);

type Seeded = Awaited<ReturnType<typeof insertFinding>>;
const findings: Seeded[] = [];
const cameras: Camera[] = [];
const silences: { id: number; area: string | null }[] = [];

async function addToken(role: string, area: { kecamatan_code?: string; kelurahan_code?: string }) {
  const secret = newSecret('t');
  await t.ctx.db
    .insertInto('api_tokens')
    .values({
      name: `old-${role}`,
      token_hash: digest(secret),
      role,
      kecamatan_code: area.kecamatan_code ?? null,
      kelurahan_code: area.kelurahan_code ?? null,
    })
    .execute();
  return { authorization: `Bearer ${secret}` };
}

beforeAll(async () => {
  t = await testApi({ MEDIA_NODES: 'media-1=http://127.0.0.1:8090' });
  w = await createWorld(t, { kelurahan: [KA, KB] });
  for (const who of everyone) headers[who] = w.headers(who);
  // Accounts cannot be made like these through the api (requiredScope), but old rows can be.
  const cookie = async (username: string, role: string, scope: Record<string, string | null>) => ({
    cookie: await loginAs(t, { username, role, ...scope }),
  });
  headers['camat-none'] = await cookie('camat-none', 'camat', {});
  headers['lurah-none'] = await cookie('lurah-none', 'lurah', { kecamatanCode: A });
  headers['asn-none'] = await cookie('asn-none', 'asn', { kecamatanCode: A, kelurahanCode: KA });
  headers['asn-blank'] = await cookie('asn-blank', 'asn', { nip: '' });
  headers['token-camat'] = await addToken('camat', {});
  headers['token-lurah'] = await addToken('lurah', { kecamatan_code: A });
  headers['token-asn'] = await addToken('asn', { kelurahan_code: KA });

  await seedEvents(w, KA, NIP.a);
  await seedEvents(w, KB, NIP.b);
  for (const [kelurahan, nip] of [
    [KA, NIP.a],
    [KA2, NIP.a2],
    [KB, NIP.b],
  ] as const) {
    findings.push(await insertFinding(t, { kelurahan, nip, kind: 'late_arrival' }));
    findings.push(await insertFinding(t, { kelurahan, nip: null, kind: 'queue_wait_sla' }));
  }
  for (const k of OFFICES) {
    const r = await w.call('operator', 'POST', '/api/v1/cameras', {
      kelurahanCode: k,
      name: `Loket ${k}`,
      placement: 'desks',
      rtspMain: 'rtsp://10.0.0.9/main',
    });
    expect(r.status).toBe(201);
    const camera = (r.body as { camera: Camera }).camera;
    cameras.push(camera);
    const { id: userId } = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'operator1')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('live_views')
      .values({
        view_id: randomUUID(),
        camera_id: camera.id,
        user_id: userId,
        stream: 'main',
        node: 'media-1',
        transport: null,
        client_ip: null,
        issued_at: new Date(t.ctx.clock.now()),
        started_at: null,
        ended_at: null,
        last_seen_at: null,
      })
      .execute();
  }
  const endsAt = new Date(t.ctx.clock.now() + 3_600_000).toISOString();
  for (const [matchers, area] of [
    [['alertname="device_offline"'], null],
    [[`kecamatan="${A}"`], A],
    [[`kelurahan="${KA}"`], KA],
    [[`kecamatan="${B}"`], B],
  ] as const) {
    const r = await w.call('admin', 'POST', '/api/v1/silences', { matchers, endsAt, comment: 'uji' });
    expect(r.status).toBe(201);
    silences.push({ id: (r.body as { silence: { id: number } }).silence.id, area });
  }
}, 120_000);
afterAll(() => t?.dispose());

const sorted = <T>(xs: T[]) => [...xs].sort();
const seesFinding = (s: Sight, f: Seeded) =>
  s.offices.includes(f.kelurahan) ||
  (s.people === null ? f.nip !== null : s.people !== 'none' && f.nip !== null && s.people.includes(f.nip));

describe.each(ALL)('%s', (who) => {
  const sight = SIGHT[who];

  it('lists the findings of its scope only, and reads no other', async () => {
    const list = await as(who, 'GET', '/api/v1/findings?state=all');
    expect(list.status).toBe(200);
    const ids = (list.body as { items: Finding[] }).items.map((f) => f.id);
    expect(sorted(ids)).toEqual(sorted(findings.filter((f) => seesFinding(sight, f)).map((f) => f.id)));
    for (const f of findings)
      expect((await as(who, 'GET', `/api/v1/findings/${f.id}`)).status, `finding ${f.id}`).toBe(
        seesFinding(sight, f) ? 200 : 404,
      );
  });

  it('contests no finding outside its scope', async () => {
    // A finding in an office nobody's personal scope holds: only a lurah of KA2 could contest it.
    const f = findings.find((x) => x.kelurahan === KA2 && x.nip)!;
    const r = await as(who, 'POST', `/api/v1/findings/${f.id}/contest`, { text: 'saya hadir tepat waktu' });
    expect(r.status).toBe(seesFinding(sight, f) ? 403 : 404);
  });

  it('sees the kelurahan of its scope, and their events', async () => {
    const list = await as(who, 'GET', '/api/v1/kelurahan');
    if (!sight.watcher) return expect(list.status).toBe(403);
    expect(list.status).toBe(200);
    const codes = (list.body as { items: { code: string }[] }).items.map((i) => i.code);
    const expected =
      sight.offices.length === OFFICES.length
        ? t.ctx.policy.kelurahan.map((k) => k.code)
        : who === 'camat'
          ? t.ctx.registry.inKecamatan(A).map((k) => k.code)
          : sight.offices;
    expect(sorted(codes)).toEqual(sorted(expected));
    for (const k of [KA, KB]) {
      const events = await as(who, 'GET', `/api/v1/kelurahan/${k}/events?kind=attendance`);
      expect(events.status, k).toBe(sight.offices.includes(k) ? 200 : 403);
    }
  });

  it('sees the officers of its scope', async () => {
    const r = await as(who, 'GET', '/api/v1/officers');
    if (who === 'verifikator' || who === 'hr') return expect(r.status).toBe(403);
    expect(r.status).toBe(200);
    const nips = (r.body as { items: { nip: string; kelurahanCode: string }[] }).items.map((o) => o.nip);
    const expected =
      sight.people !== null && sight.people !== 'none'
        ? sight.people
        : [
            ...(sight.offices.includes(KA) ? [NIP.a] : []),
            ...(sight.offices.includes(KA2) ? [NIP.a2] : []),
            ...(sight.offices.includes(KB) ? [NIP.b] : []),
          ];
    expect(sorted(nips)).toEqual(sorted(expected));
  });

  it('sees the cameras of its scope', async () => {
    const r = await as(who, 'GET', '/api/v1/cameras');
    if (!sight.watcher) return expect(r.status).toBe(403);
    expect(r.status).toBe(200);
    const seen = (r.body as { items: Camera[] }).items.map((c) => c.kelurahanCode);
    expect(sorted(seen)).toEqual(sorted(sight.offices));
    // No camera has a snapshot yet: one in scope is found without it, one outside is no camera at all.
    for (const c of cameras) {
      const snap = await as(who, 'GET', `/api/v1/cameras/${c.id}/snapshot`);
      expect(snap.status).toBe(404);
      expect((snap.body as { error: { message: string } }).error.message, c.kelurahanCode).toBe(
        sight.offices.includes(c.kelurahanCode) ? 'no snapshot' : `no camera ${c.id}`,
      );
    }
  });

  it('sees the live views of its scope', async () => {
    const r = await as(who, 'GET', '/api/v1/live-views');
    const allowed = ['operator', 'admin', 'camat', 'camat-none', 'token-camat'];
    if (!allowed.includes(who)) return expect(r.status).toBe(403);
    expect(r.status).toBe(200);
    const seen = (r.body as { items: { kelurahanCode: string }[] }).items.map((v) => v.kelurahanCode);
    expect(sorted(seen)).toEqual(sorted(sight.offices));
  });

  it('sees the silences of its area, and may silence nothing outside it', async () => {
    const r = await as(who, 'GET', '/api/v1/silences');
    if (!sight.watcher) return expect(r.status).toBe(403);
    expect(r.status).toBe(200);
    const ids = (r.body as { items: { id: number }[] }).items.map((s) => s.id);
    const area =
      sight.offices.length === OFFICES.length
        ? silences
        : silences.filter((s) => s.area === (who === 'camat' ? A : who === 'lurah' ? KA : '-'));
    expect(sorted(ids)).toEqual(sorted(area.map((s) => s.id)));
    if (!sight.offices.length) {
      const endsAt = new Date(t.ctx.clock.now() + 3_600_000).toISOString();
      for (const matchers of [['kecamatan="null"'], ['kelurahan="null"'], ['alertname="x"']])
        expect(
          (await as(who, 'POST', '/api/v1/silences', { matchers, endsAt, comment: 'x' })).status,
          matchers[0],
        ).toBe(403);
      for (const s of silences)
        expect((await as(who, 'POST', `/api/v1/silences/${s.id}/expire`)).status).toBe(404);
    }
  });

  it('joins the socket rooms of its scope only', async () => {
    const h = headers[who];
    const bearer = h.authorization?.slice(7);
    const resolved = await resolveSecrets(t.ctx.db, sessionFromCookieHeader(h.cookie), bearer, new Date());
    const rooms: RoomName[] = [
      'city',
      `kecamatan:${A}`,
      `kecamatan:${B}`,
      `kelurahan:${KA}`,
      `kelurahan:${KA2}`,
      `kelurahan:${KB}`,
    ];
    const joined = rooms.filter((r) => mayJoin(t.ctx, resolved!.principal, r));
    const city = sight.offices.length === OFFICES.length;
    expect(joined).toEqual([
      ...(city ? ['city'] : []),
      ...(city || who === 'camat' ? [`kecamatan:${A}`] : []),
      ...(city ? [`kecamatan:${B}`] : []),
      ...sight.offices.map((k) => `kelurahan:${k}`),
    ]);
  });
});
