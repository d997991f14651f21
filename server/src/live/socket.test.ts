import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  DetailSnapshot,
  KelurahanSummary,
  ServerToClientEvents,
  SummarySnapshot,
} from '@pkk/core';
import { channels } from '@pkk/platform/infra/redis';
import { loginAs, testApi } from '../testing/context.ts';
import { A, B, KA, KA2, KB, createWorld, everyone, type Who, type World } from '../testing/world.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let w: World;
const opened: Client[] = [];

/** A real socket.io-client connection with a session cookie or an API token; rejects on connect_error. */
function open(creds: { cookie?: string; token?: string } = {}): Promise<Client> {
  const s: Client = connect(w.t.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(creds.cookie ? { extraHeaders: { cookie: creds.cookie } } : {}),
    ...(creds.token ? { auth: { token: creds.token } } : {}),
  });
  opened.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (err) => {
      s.close();
      reject(err);
    });
  });
}

const openAs = (who: Who) => open(who === 'hr' ? { token: w.secrets.hr } : { cookie: w.secrets[who] });

function subscribe(s: Client, room: unknown): Promise<Ack<SummarySnapshot | DetailSnapshot>> {
  return s.timeout(5_000).emitWithAck('subscribe', { room } as { room: string });
}

/** Resolves with the first `event` message that satisfies `pred`; the bound only turns a hang into a failure. */
function next<E extends 'live:summaries' | 'live:detail'>(
  s: Client,
  event: E,
  pred: (msg: Parameters<ServerToClientEvents[E]>[0]) => boolean,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} message matched within 10 s`)), 10_000);
    const on = (msg: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!pred(msg)) return;
      clearTimeout(timer);
      s.off(event, on as never);
      resolve(msg);
    };
    s.on(event, on as never);
  });
}

let tickets = 0;
const ticket = (k: string, id: string) =>
  w.ingest(k, 'queue', [
    {
      type: 'ticket.issued',
      ticketId: id,
      ticketNumber: `A${++tickets}`,
      service: 'domisili',
      time: new Date(w.t.ctx.clock.now()).toISOString(),
    },
  ]);

beforeAll(async () => {
  w = await createWorld(await testApi(), { kelurahan: [KA, KA2, KB] });
});
afterAll(async () => {
  for (const s of opened) s.close();
  await w?.t.dispose();
});

describe('socket.io handshake', () => {
  it('refuses a connection without credentials, with an unknown session or an unknown token', async () => {
    await expect(open()).rejects.toThrow('unauthorized');
    await expect(open({ cookie: 'pkk_session=s_nobody' })).rejects.toThrow('unauthorized');
    await expect(open({ token: 't_nobody' })).rejects.toThrow('unauthorized');
  });

  it('refuses a malformed session cookie without harming the server', async () => {
    await expect(open({ cookie: 'pkk_session=%E0%A4%A' })).rejects.toThrow('unauthorized');
    const s = await openAs('walikota');
    expect((await subscribe(s, 'city')).ok).toBe(true);
  });

  it('accepts a session cookie and an API token', async () => {
    await expect(openAs('camat')).resolves.toBeDefined();
    await expect(openAs('hr')).resolves.toBeDefined();
  });
});

describe('room joins are checked against role and scope', () => {
  const sockets = {} as Record<Who, Client>;
  beforeAll(async () => {
    for (const who of everyone) sockets[who] = await openAs(who);
  });

  const ok = 'ok';
  const no = 'forbidden';
  const bad = 'bad_room';
  // room → result for                walikota operator admin camat lurah asn verifikator hr
  const table: [unknown, string[]][] = [
    ['city', /*                   */ [ok, ok, ok, no, no, no, no, no]],
    [`kecamatan:${A}`, /*         */ [ok, ok, ok, ok, no, no, no, no]],
    [`kecamatan:${B}`, /*         */ [ok, ok, ok, no, no, no, no, no]],
    [`kelurahan:${KA}`, /*        */ [ok, ok, ok, ok, ok, no, no, no]],
    [`kelurahan:${KA2}`, /*       */ [ok, ok, ok, ok, no, no, no, no]],
    [`kelurahan:${KB}`, /*        */ [ok, ok, ok, no, no, no, no, no]],
    ['kecamatan:16.71.99', /*     */ [no, no, no, no, no, no, no, no]],
    ['kelurahan:16.71.99.9999', /**/ [no, no, no, no, no, no, no, no]],
    ['kecamatan:', /*             */ [bad, bad, bad, bad, bad, bad, bad, bad]],
    [`kecamatan:${KA}`, /*        */ [bad, bad, bad, bad, bad, bad, bad, bad]],
    ['nonsense', /*               */ [bad, bad, bad, bad, bad, bad, bad, bad]],
    [42, /*                       */ [bad, bad, bad, bad, bad, bad, bad, bad]],
  ];
  const rows = table.flatMap(([room, results]) =>
    everyone.map((who, i) => [String(room), who, results[i]!, room] as const),
  );

  it.each(rows)('%s as %s → %s', async (_name, who, expected, room) => {
    const res = await subscribe(sockets[who], room);
    if (expected !== ok) {
      expect(res).toEqual({ ok: false, error: { code: expected, message: expect.any(String) } });
      return;
    }
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const r = room as string;
    if (r.startsWith('kelurahan:')) {
      expect((res as DetailSnapshot).detail.summary.code).toBe(r.slice('kelurahan:'.length));
      return;
    }
    const codes = (res as SummarySnapshot).items.map((i) => i.code).sort();
    const expectedCodes =
      r === 'city'
        ? w.t.ctx.policy.kelurahan.map((k) => k.code)
        : w.t.ctx.registry.inKecamatan(r.slice('kecamatan:'.length)).map((k) => k.code);
    expect(codes).toEqual(expectedCodes.sort());
  });

  it('gives a camat of A nothing of B in any snapshot', async () => {
    const s = await openAs('camat');
    const res = await subscribe(s, `kecamatan:${A}`);
    expect(JSON.stringify(res)).not.toContain(`${B}.`);
  });
});

describe('live push follows the rooms', () => {
  it('sends a camat of A the changes of A and never those of B', async () => {
    const camat = await openAs('camat');
    const walikota = await openAs('walikota');
    const lurah = await openAs('lurah');
    expect((await subscribe(camat, `kecamatan:${A}`)).ok).toBe(true);
    expect((await subscribe(walikota, 'city')).ok).toBe(true);
    expect((await subscribe(lurah, `kelurahan:${KA}`)).ok).toBe(true);
    const camatGot: KelurahanSummary[][] = [];
    const camatRooms = new Set<string>();
    camat.on('live:summaries', (m) => {
      camatRooms.add(m.room);
      camatGot.push(m.items);
    });
    const lurahGot: string[] = [];
    lurah.on('live:summaries', (m) => lurahGot.push(`summaries:${m.room}`));
    lurah.on('live:detail', (m) => lurahGot.push(`detail:${m.patch.summary.code}`));

    // B first, and only once the city room has seen it is A's change sent: every flush that could have
    // carried B to the camat has happened before the one that carries A.
    const seenB = next(walikota, 'live:summaries', (m) => m.items.some((i) => i.code === KB));
    expect((await ticket(KB, 'push-b-1')).status).toBe(200);
    await seenB;
    const seenKA2 = next(walikota, 'live:summaries', (m) => m.items.some((i) => i.code === KA2));
    expect((await ticket(KA2, 'push-a2-1')).status).toBe(200);
    await seenKA2;
    const camatSeesA = next(camat, 'live:summaries', (m) => m.items.some((i) => i.code === KA));
    const lurahSeesA = next(lurah, 'live:detail', (m) => m.patch.summary.code === KA);
    expect((await ticket(KA, 'push-a-1')).status).toBe(200);
    const msg = await camatSeesA;
    await lurahSeesA;

    expect(msg.room).toBe(`kecamatan:${A}`);
    expect(msg.items.find((i) => i.code === KA)!.issuedToday).toBeGreaterThanOrEqual(1);
    expect([...camatRooms]).toEqual([`kecamatan:${A}`]);
    const camatCodes = camatGot.flat().map((i) => i.code);
    expect(camatCodes).toContain(KA2);
    expect(camatCodes).not.toContain(KB);
    expect(camatGot.flat().every((i) => i.kecamatanCode === A)).toBe(true);
    // The lurah watches one office: its details, no summaries, nothing of the neighbour KA2.
    expect(lurahGot.length).toBeGreaterThan(0);
    expect(new Set(lurahGot)).toEqual(new Set([`detail:${KA}`]));
  });

  it("relays a media node's camera health to the rooms of the camera's office only", async () => {
    const camat = await openAs('camat');
    const walikota = await openAs('walikota');
    expect((await subscribe(camat, `kecamatan:${A}`)).ok).toBe(true);
    expect((await subscribe(walikota, 'city')).ok).toBe(true);
    const camatHeard: string[] = [];
    camat.on('cameras:health', (m) =>
      camatHeard.push(...m.changes.map((c) => `${m.room}:${c.cameraId}:${c.health.state}`)),
    );
    const cityHeard = new Promise<string[]>((resolve) =>
      walikota.on(
        'cameras:health',
        (m) => m.changes.some((c) => c.cameraId === 'cam-a') && resolve(m.changes.map((c) => c.cameraId)),
      ),
    );
    const health = {
      state: 'offline' as const,
      lastFrameAt: 1,
      since: 2,
      bitrateKbps: null,
      reconnects: 3,
      lastError: 'timeout',
      node: 'media-1',
    };
    const pub = w.t.ctx.redis.create('producer', 'test-health-pub');
    await new Promise<void>((resolve) =>
      pub.status === 'ready' ? resolve() : pub.once('ready', () => resolve()),
    );
    // B's camera first, then A's: once the city has heard A's, the camat has had every chance to hear B's.
    await pub.publish(
      channels.cameraHealth(w.t.ctx.env.REDIS_PREFIX),
      JSON.stringify([{ cameraId: 'cam-b', kelurahanCode: KB, health }]),
    );
    await pub.publish(
      channels.cameraHealth(w.t.ctx.env.REDIS_PREFIX),
      JSON.stringify([{ cameraId: 'cam-a', kelurahanCode: KA, health }]),
    );
    await pub.publish(channels.cameraHealth(w.t.ctx.env.REDIS_PREFIX), 'not json');
    await pub.publish(
      channels.cameraHealth(w.t.ctx.env.REDIS_PREFIX),
      JSON.stringify([{ cameraId: 'cam-x', kelurahanCode: '99.99.99.9999', health }]),
    );
    expect(await cityHeard).toEqual(['cam-a']);
    await new Promise((r) => setTimeout(r, 100));
    expect(camatHeard).toEqual([`kecamatan:${A}:cam-a:offline`]);
    await pub.quit();
  });

  it('stops pushing to a socket once it leaves the room', async () => {
    const camat = await openAs('camat');
    const walikota = await openAs('walikota');
    expect((await subscribe(camat, `kecamatan:${A}`)).ok).toBe(true);
    expect((await subscribe(walikota, 'city')).ok).toBe(true);
    await camat.timeout(5_000).emitWithAck('unsubscribe', { room: `kecamatan:${A}` });
    const got: unknown[] = [];
    camat.on('live:summaries', (m) => got.push(m));
    const seen = next(walikota, 'live:summaries', (m) => m.items.some((i) => i.code === KA));
    await ticket(KA, 'push-a-2');
    await seen;
    // The city and kecamatan rooms are flushed together: had the camat still been in its room, the
    // message would have been sent before the walikota's arrived. A round trip flushes the socket.
    await subscribe(camat, 'nonsense');
    expect(got).toEqual([]);
  });
});

describe('a socket lives no longer than its credentials', () => {
  it('is disconnected when its session logs out', async () => {
    const cookie = await loginAs(w.t, { username: 'camat-logout', role: 'camat', kecamatanCode: A });
    const s = await open({ cookie });
    expect((await subscribe(s, `kecamatan:${A}`)).ok).toBe(true);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    expect(
      (await fetch(`${w.t.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } })).status,
    ).toBe(204);
    expect(await gone).toBe('io server disconnect');
    await expect(open({ cookie })).rejects.toThrow('unauthorized');
  });

  it('refuses a join once the session has expired, and disconnects', async () => {
    const cookie = await loginAs(w.t, { username: 'camat-expiry', role: 'camat', kecamatanCode: A });
    const s = await open({ cookie });
    const user = await w.t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'camat-expiry')
      .executeTakeFirstOrThrow();
    await w.t.ctx.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute();
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    expect(await subscribe(s, `kecamatan:${A}`)).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: expect.any(String) },
    });
    expect(await gone).toBe('io server disconnect');
  });

  it('is disconnected when its session expires, without any request', async () => {
    const cookie = await loginAs(w.t, { username: 'camat-timer', role: 'camat', kecamatanCode: A });
    const user = await w.t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'camat-timer')
      .executeTakeFirstOrThrow();
    const expiresAt = Date.now() + 1_500;
    await w.t.ctx.db
      .updateTable('sessions')
      .set({ expires_at: new Date(expiresAt) })
      .where('user_id', '=', user.id)
      .execute();
    const s = await open({ cookie });
    expect((await subscribe(s, `kecamatan:${A}`)).ok).toBe(true);
    expect(await new Promise<string>((resolve) => s.once('disconnect', resolve))).toBe(
      'io server disconnect',
    );
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
  });

  it('is disconnected when its API token is revoked', async () => {
    const made = await w.call('admin', 'POST', '/api/v1/tokens', {
      name: 'wall-camat-a',
      role: 'camat',
      kecamatanCode: A,
    });
    expect(made.status).toBe(201);
    const { id, token } = made.body as { id: number; token: string };
    const s = await open({ token });
    expect((await subscribe(s, `kecamatan:${A}`)).ok).toBe(true);
    expect((await subscribe(s, `kecamatan:${B}`)).ok).toBe(false);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    expect((await w.call('admin', 'POST', `/api/v1/tokens/${id}/revoke`)).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    await expect(open({ token })).rejects.toThrow('unauthorized');
  });
  it('is disconnected when its account is moved to another kecamatan; the old session is refused', async () => {
    const cookie = await loginAs(w.t, { username: 'camat-moved', role: 'camat', kecamatanCode: A });
    const { id } = await w.t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'camat-moved')
      .executeTakeFirstOrThrow();
    const s = await open({ cookie });
    expect((await subscribe(s, `kecamatan:${A}`)).ok).toBe(true);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    const moved = await w.call('admin', 'PATCH', `/api/v1/users/${id}`, { kecamatanCode: B });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ kecamatanCode: B, sessionsEnded: 1 });
    expect(await gone).toBe('io server disconnect');
    await expect(open({ cookie })).rejects.toThrow('unauthorized');
  });
});
