import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ownerOf,
  parseMediaNodes,
  playClaims,
  type Camera,
  type LiveView,
  type PlayResponse,
} from '@pkk/core';
import { cameraKey, openUrl } from '@pkk/platform/media/camera-secrets';
import { credentialRef } from '@pkk/platform/media/credential-ref';
import { loginAs, testApi } from '../testing/context.ts';
import { call, createWorld, KA, KA2, KB, type Reply, type TestApi, type World } from '../testing/world.ts';

const VAR = mkdtempSync(path.join(tmpdir(), 'pkk-cameras-'));
const NODES = 'media-1=http://127.0.0.1:8090,media-2=https://media2.example:8443|http://10.0.0.2:8090';
const MAIN = 'rtsp://admin:rahasia@10.1.2.3:554/Streaming/Channels/101';
const SUB = 'rtsp://admin:rahasia@10.1.2.3:554/Streaming/Channels/102';

let t: TestApi;
let w: World;
let viewer: string;
const published: string[] = [];

const fields = (r: Reply) =>
  (r.body as { error: { details?: { field: string }[] } }).error.details?.map((d) => d.field);
const cameraOf = (r: Reply) => (r.body as { camera: Camera }).camera;
const create = (name: string, kelurahanCode = KA, more: Record<string, unknown> = {}) =>
  w.call('operator', 'POST', '/api/v1/cameras', {
    kelurahanCode,
    name,
    placement: 'desks',
    rtspMain: MAIN,
    rtspSub: SUB,
    ...more,
  });

let ka: Camera;
let ka2: Camera;
let kb: Camera;

beforeAll(async () => {
  t = await testApi({
    VAR_DIR: VAR,
    MEDIA_NODES: NODES,
    TURN_URLS: 'turn:turn.example:3478?transport=udp, turns:turn.example:5349',
    TURN_USERNAME: 'pkk',
    TURN_CREDENTIAL: 'sandi',
    PLAY_RATE_LIMIT: '6',
  });
  w = await createWorld(t);
  viewer = await loginAs(t, { username: 'walikota-rl', role: 'walikota' });
  const sub = t.ctx.redis.create('subscriber', 'test');
  await sub.subscribe(`${t.ctx.env.REDIS_PREFIX}:cameras:changed`);
  sub.on('message', (_c, id: string) => published.push(id));
  ka = cameraOf(await create('Loket 1'));
  ka2 = cameraOf(await create('Aula', KA2, { placement: 'hall', rtspSub: undefined }));
  kb = cameraOf(await create('Loket 1', KB));
});
afterAll(() => t?.dispose());

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('camera management', () => {
  it('adds a camera with its URLs sealed to its id, never sent back, and announces it', async () => {
    expect(ka).toMatchObject({
      kelurahanCode: KA,
      kecamatanCode: '16.71.01',
      name: 'Loket 1',
      pullMode: 'always',
      enabled: true,
      hasSubStream: true,
      zones: [],
      snapshotUrl: null,
    });
    expect(ka.health).toEqual({
      state: 'connecting',
      lastFrameAt: null,
      since: null,
      bitrateKbps: null,
      reconnects: 0,
      lastError: null,
      node: ownerOf(ka.id, ['media-1', 'media-2']),
    });
    expect(ka2.hasSubStream).toBe(false);
    const row = await t.ctx.db
      .selectFrom('cameras')
      .selectAll()
      .where('id', '=', ka.id)
      .executeTakeFirstOrThrow();
    expect(row.rtsp_main.toString('latin1')).not.toContain('rahasia');
    const key = cameraKey(t.ctx.env.CAMERA_SECRET_KEY!);
    expect(openUrl(key, ka.id, row.rtsp_main)).toBe(MAIN);
    expect(openUrl(key, ka.id, row.rtsp_sub!)).toBe(SUB);
    // Copied onto another camera's row, the sealed URL does not open.
    expect(() => openUrl(key, kb.id, row.rtsp_main)).toThrow();
    const list = await w.call('admin', 'GET', '/api/v1/cameras');
    expect(JSON.stringify(list.body)).not.toMatch(/rtsp|rahasia/);
    await until(() => published.length >= 3);
    expect(published).toEqual(expect.arrayContaining([ka.id, ka2.id, kb.id]));
  });

  it('refuses a name taken in the kelurahan (any case), bad URLs and unknown offices naming the field, and non-managers', async () => {
    expect((await create('loket 1')).status).toBe(409);
    const bad = await create('X', KA, { rtspMain: 'http://10.1.2.3/stream' });
    expect([bad.status, fields(bad)]).toEqual([400, ['rtspMain']]);
    const spaced = await create('Y', KA, { rtspSub: 'rtsp://10.1.2.3/a b' });
    expect([spaced.status, fields(spaced)]).toEqual([400, ['rtspSub']]);
    const unknown = await create('Z', '16.71.99.9999');
    expect([unknown.status, fields(unknown)]).toEqual([400, ['kelurahanCode']]);
    expect(
      (
        await w.call('camat', 'POST', '/api/v1/cameras', {
          kelurahanCode: KA,
          name: 'C',
          placement: 'hall',
          rtspMain: MAIN,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await w.call('lurah', 'POST', '/api/v1/cameras', {
          kelurahanCode: KA,
          name: 'C',
          placement: 'hall',
          rtspMain: MAIN,
        })
      ).status,
    ).toBe(403);
  });

  it('changes a camera, removes its sub stream, and refuses a taken name', async () => {
    const before = published.length;
    const r = await w.call('admin', 'PATCH', `/api/v1/cameras/${ka2.id}`, {
      name: 'Aula Utama',
      pullMode: 'on_demand',
    });
    expect(r.status).toBe(200);
    expect(cameraOf(r)).toMatchObject({
      name: 'Aula Utama',
      pullMode: 'on_demand',
      health: { state: 'idle' },
    });
    const noSub = await create('Pintu', KA, { placement: 'entrance' });
    const c = cameraOf(noSub);
    expect(
      cameraOf(await w.call('operator', 'PATCH', `/api/v1/cameras/${c.id}`, { rtspSub: null })).hasSubStream,
    ).toBe(false);
    expect((await w.call('operator', 'PATCH', `/api/v1/cameras/${c.id}`, { name: 'LOKET 1' })).status).toBe(
      409,
    );
    expect((await w.call('operator', 'PATCH', `/api/v1/cameras/${c.id}`, {})).status).toBe(400);
    expect(
      fields(await w.call('operator', 'PATCH', `/api/v1/cameras/${c.id}`, { rtspMain: 'rtsp://' })),
    ).toEqual(['rtspMain']);
    expect(
      (
        await w.call('operator', 'PATCH', '/api/v1/cameras/00000000-0000-4000-8000-000000000000', {
          enabled: false,
        })
      ).status,
    ).toBe(404);
    expect(fields(await w.call('operator', 'PATCH', '/api/v1/cameras/nope', { enabled: false }))).toEqual([
      'id',
    ]);
    await until(() => published.length >= before + 3);
    expect(published.slice(before)).toContain(c.id);
  });

  it("sets desk zones only with the office's desks", async () => {
    const polygon = [
      [0.1, 0.1],
      [0.5, 0.1],
      [0.5, 0.6],
    ];
    const ok = await w.call('operator', 'PUT', `/api/v1/cameras/${ka.id}/zones`, {
      zones: [
        { desk: 'loket-1', polygon },
        { desk: 'loket-2', polygon },
      ],
    });
    expect(ok.status).toBe(200);
    expect(cameraOf(ok).zones.map((z) => z.desk)).toEqual(['loket-1', 'loket-2']);
    const bad = await w.call('operator', 'PUT', `/api/v1/cameras/${ka.id}/zones`, {
      zones: [
        { desk: 'loket-1', polygon },
        { desk: 'loket-99', polygon },
      ],
    });
    expect([bad.status, fields(bad)]).toEqual([400, ['zones.1.desk']]);
    const shape = await w.call('operator', 'PUT', `/api/v1/cameras/${ka.id}/zones`, {
      zones: [
        {
          desk: 'loket-1',
          polygon: [
            [0, 0],
            [2, 0],
            [1, 1],
          ],
        },
      ],
    });
    expect(shape.status).toBe(400);
    expect(fields(shape)![0]).toMatch(/^zones\.0\.polygon/);
    expect((await w.call('lurah', 'PUT', `/api/v1/cameras/${ka.id}/zones`, { zones: [] })).status).toBe(403);
  });
});

describe('listing cameras by area', () => {
  const names = async (who: Parameters<World['call']>[0], q = '') => {
    const r = await w.call(who, 'GET', `/api/v1/cameras${q}`);
    return r.status === 200
      ? (r.body as { items: Camera[] }).items.map((c) => `${c.kelurahanCode} ${c.name}`)
      : r.status;
  };
  it('gives the city to the city-wide roles, a kecamatan to its camat, an office to its lurah, nothing to others', async () => {
    expect((await names('walikota')) as string[]).toEqual(
      expect.arrayContaining([`${KA} Loket 1`, `${KA2} Aula Utama`, `${KB} Loket 1`]),
    );
    const camat = (await names('camat')) as string[];
    expect(camat.every((n) => n.startsWith('16.71.01.'))).toBe(true);
    expect(camat).toContain(`${KA2} Aula Utama`);
    expect(((await names('lurah')) as string[]).every((n) => n.startsWith(KA))).toBe(true);
    for (const who of ['asn', 'verifikator', 'hr'] as const) expect(await names(who)).toBe(403);
    expect(await names('camat', `?kelurahan=${KB}`)).toBe(403);
    expect(await names('camat', '?kecamatan=16.71.02')).toBe(403);
    expect(await names('lurah', `?kelurahan=${KA2}`)).toBe(403);
    expect(await names('walikota', '?kecamatan=16.71.02')).toEqual([`${KB} Loket 1`]);
    expect(await names('walikota', '?kelurahan=16.71.99.9999')).toBe(404);
    expect(await names('walikota', '?kelurahan=nope')).toBe(400);
  });

  it('shows the health the media node wrote and the latest snapshot', async () => {
    const at = t.ctx.clock.now();
    await t.ctx.db
      .insertInto('camera_status')
      .values({
        camera_id: ka.id,
        state: 'online',
        last_frame_at: new Date(at),
        since: new Date(at - 60_000),
        bitrate_kbps: 812.5,
        reconnects: 2,
        last_error: null,
        node: 'media-2',
        updated_at: new Date(at),
      })
      .execute();
    await t.ctx.db
      .insertInto('camera_snapshots')
      .values(
        [1, 2].map((i) => ({
          camera_id: ka.id,
          taken_at: new Date(at - 10_000 * i),
          sha256: Buffer.alloc(32),
          path: 'x.jpg',
          bytes: 1,
        })),
      )
      .execute();
    const items = ((await w.call('lurah', 'GET', '/api/v1/cameras')).body as { items: Camera[] }).items;
    expect(items.find((c) => c.id === ka.id)).toMatchObject({
      health: {
        state: 'online',
        lastFrameAt: at,
        since: at - 60_000,
        bitrateKbps: 812.5,
        reconnects: 2,
        lastError: null,
        node: 'media-2',
      },
      snapshotUrl: `/api/v1/cameras/${ka.id}/snapshot`,
      snapshotAt: at - 10_000,
    });
    await t.ctx.db.deleteFrom('camera_snapshots').where('camera_id', '=', ka.id).execute();
  });
});

describe('playing a camera', () => {
  const play = (who: Parameters<World['call']>[0], id: string, body: unknown = {}) =>
    w.call(who, 'POST', `/api/v1/cameras/${id}/play`, body);

  it('signs a token for the owning node, on the injected clock, and audits the view', async () => {
    const before = t.ctx.clock.now();
    const r = await play('lurah', ka.id, { stream: 'main' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const p = r.body as PlayResponse;
    const owner = ownerOf(ka.id, ['media-1', 'media-2'])!;
    const node = parseMediaNodes(NODES).find((n) => n.id === owner)!;
    expect(p).toMatchObject({ cameraId: ka.id, stream: 'main', node: owner });
    const token = p.whepUrl.slice(`${node.publicUrl}/v/`.length, -'/whep'.length);
    expect(p.whepUrl).toBe(`${node.publicUrl}/v/${token}/whep`);
    expect(p.wsUrl).toBe(`${node.publicUrl.replace(/^http/, 'ws')}/v/${token}/live.mp4`);
    expect(p.hlsUrl).toBe(`${node.publicUrl}/v/${token}/hls/index.m3u8`);
    expect(p.iceServers).toEqual([
      {
        urls: ['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349'],
        username: 'pkk',
        credential: 'sandi',
      },
    ]);
    const { payload, protectedHeader } = await jwtVerify(
      token,
      new TextEncoder().encode(t.ctx.env.MEDIA_SIGNING_KEY),
      { currentDate: new Date(t.ctx.clock.now()), algorithms: ['HS256'] },
    );
    expect(protectedHeader.alg).toBe('HS256');
    const claims = playClaims.parse(payload);
    const lurahId = (
      await t.ctx.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'lurah-a')
        .executeTakeFirstOrThrow()
    ).id;
    expect(claims).toMatchObject({
      jti: p.viewId,
      sub: String(lurahId),
      cam: ka.id,
      stream: 'main',
      node: owner,
    });
    // The test clock runs on the test day, not the machine's date.
    expect(claims.iat).toBeGreaterThanOrEqual(Math.floor(before / 1000));
    expect(claims.exp - claims.iat).toBe(120);
    expect(p.expiresAt).toBe(claims.exp * 1000);
    const view = await t.ctx.db
      .selectFrom('live_views')
      .selectAll()
      .where('view_id', '=', p.viewId)
      .executeTakeFirstOrThrow();
    expect(view).toMatchObject({
      camera_id: ka.id,
      user_id: lurahId,
      stream: 'main',
      node: owner,
      started_at: null,
      ended_at: null,
    });
    expect(view.issued_at.getTime()).toBeGreaterThanOrEqual(before);
    expect(view.client_ip).toBeTruthy();
    // Bound to the sign-in it was asked under: the lurah's session, named in the token one way only.
    const session = await t.ctx.db
      .selectFrom('sessions')
      .select('user_id')
      .where('token_hash', '=', view.session_hash!)
      .executeTakeFirstOrThrow();
    expect(session.user_id).toBe(lurahId);
    expect(claims.sid).toBe(credentialRef(view.session_hash!.toString('hex')));
    expect(token).not.toContain(view.session_hash!.toString('hex'));
    // Signed with another key, the same claims are refused.
    await expect(jwtVerify(token, new TextEncoder().encode('x'.repeat(43)))).rejects.toThrow();
  });

  it('falls back to main on a camera without a sub stream and says so', async () => {
    const r = await play('camat', ka2.id, { stream: 'sub' });
    expect([r.status, (r.body as PlayResponse).stream]).toEqual([201, 'main']);
    expect((await play('camat', ka.id)).body).toMatchObject({ stream: 'sub' });
  });

  it("never signs for a camera outside the caller's area, nor for roles that do not watch, nor for a machine token", async () => {
    const count = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('live_views')
            .select((e) => e.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await count();
    expect((await play('camat', kb.id)).status).toBe(404);
    expect((await play('lurah', ka2.id)).status).toBe(404);
    for (const who of ['asn', 'verifikator', 'hr'] as const)
      expect((await play(who, ka.id)).status).toBe(403);
    const token = (await w.call('admin', 'POST', '/api/v1/tokens', { name: 'wall-bot', role: 'operator' }))
      .body as { token: string };
    expect(
      (
        await call(
          t.url,
          { authorization: `Bearer ${token.token}` },
          'POST',
          `/api/v1/cameras/${ka.id}/play`,
          {},
        )
      ).status,
    ).toBe(403);
    expect((await play('lurah', 'not-a-uuid')).status).toBe(400);
    expect(fields(await play('lurah', ka.id, { stream: 'hd' }))).toEqual(['stream']);
    expect(await count()).toBe(n);
  });

  it('refuses a disabled camera', async () => {
    await w.call('operator', 'PATCH', `/api/v1/cameras/${kb.id}`, { enabled: false });
    expect((await play('operator', kb.id)).status).toBe(409);
    await w.call('operator', 'PATCH', `/api/v1/cameras/${kb.id}`, { enabled: true });
  });

  it('limits plays per user', async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++)
      statuses.push(
        (await call(t.url, { cookie: viewer }, 'POST', `/api/v1/cameras/${kb.id}/play`, {})).status,
      );
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429, 429]);
    // Another user is not held back by it.
    expect((await play('walikota', kb.id)).status).toBe(201);
  });
});

describe('snapshots', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
  const sha = createHash('sha256').update(jpeg).digest();
  const get = (cookie: string, url: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${url}`, { headers: { cookie, ...headers } });

  it('serves the latest JPEG with its SHA-256 as ETag, one by its time, and 304 when unchanged', async () => {
    const at = t.ctx.clock.now() - 5_000;
    mkdirSync(path.join(VAR, 'snapshots', ka.id), { recursive: true });
    writeFileSync(path.join(VAR, 'snapshots', ka.id, `${at}.jpg`), jpeg);
    writeFileSync(path.join(VAR, 'snapshots', ka.id, `${at - 60_000}.jpg`), Buffer.from('older'));
    await t.ctx.db
      .insertInto('camera_snapshots')
      .values([
        {
          camera_id: ka.id,
          taken_at: new Date(at),
          sha256: sha,
          path: `${ka.id}/${at}.jpg`,
          bytes: jpeg.length,
        },
        {
          camera_id: ka.id,
          taken_at: new Date(at - 60_000),
          sha256: Buffer.alloc(32, 1),
          path: path.join(VAR, 'snapshots', ka.id, `${at - 60_000}.jpg`),
          bytes: 5,
        },
      ])
      .execute();
    const r = await get(w.secrets.lurah, `/api/v1/cameras/${ka.id}/snapshot`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(r.headers.get('cache-control')).toBe('private, max-age=5');
    expect(r.headers.get('etag')).toBe(`"${sha.toString('hex')}"`);
    expect(Buffer.from(await r.arrayBuffer())).toEqual(jpeg);
    expect(
      (
        await get(w.secrets.lurah, `/api/v1/cameras/${ka.id}/snapshot`, {
          'if-none-match': `"${sha.toString('hex')}"`,
        })
      ).status,
    ).toBe(304);
    const old = await get(w.secrets.camat, `/api/v1/cameras/${ka.id}/snapshots/${at - 60_000}`);
    expect([old.status, Buffer.from(await old.arrayBuffer()).toString()]).toEqual([200, 'older']);
    expect((await get(w.secrets.camat, `/api/v1/cameras/${ka.id}/snapshots/${at - 1}`)).status).toBe(404);
    expect((await get(w.secrets.camat, `/api/v1/cameras/${ka.id}/snapshots/yesterday`)).status).toBe(400);
    const list = ((await w.call('lurah', 'GET', '/api/v1/cameras')).body as { items: Camera[] }).items;
    expect(list.find((c) => c.id === ka.id)!.snapshotAt).toBe(at);
  });

  it('refuses out-of-area cameras, other roles, and files outside the snapshot directory', async () => {
    expect((await get(w.secrets.lurah, `/api/v1/cameras/${kb.id}/snapshot`)).status).toBe(404);
    expect(
      (
        await fetch(`${t.url}/api/v1/cameras/${ka.id}/snapshot`, {
          headers: { authorization: `Bearer ${w.secrets.hr}` },
        })
      ).status,
    ).toBe(403);
    const outside = path.join(VAR, 'secret.jpg');
    writeFileSync(outside, 'not yours');
    const at = t.ctx.clock.now();
    for (const [i, p] of ['../secret.jpg', outside, `${kb.id}/../../secret.jpg`, ''].entries()) {
      await t.ctx.db
        .insertInto('camera_snapshots')
        .values({ camera_id: kb.id, taken_at: new Date(at + i), sha256: sha, path: p, bytes: 9 })
        .execute();
      const r = await get(w.secrets.operator, `/api/v1/cameras/${kb.id}/snapshots/${at + i}`);
      expect([p, r.status]).toEqual([p, 404]);
    }
    // No snapshot yet: 404 too.
    expect((await get(w.secrets.operator, `/api/v1/cameras/${ka2.id}/snapshot`)).status).toBe(404);
  });
});

describe('the viewing audit', () => {
  const views = async (who: Parameters<World['call']>[0], q = '') =>
    w.call(who, 'GET', `/api/v1/live-views${q}`);

  it('lets an operator list who watched what, filtered and paged', async () => {
    const all = (await views('operator')).body as { items: LiveView[]; total: number };
    expect(all.total).toBe(10);
    expect(all.items[0]!.issuedAt).toBeGreaterThanOrEqual(all.items.at(-1)!.issuedAt);
    const lurahViews = (await views('admin', '?user=lurah-a')).body as { items: LiveView[]; total: number };
    expect(lurahViews.items).toEqual([
      expect.objectContaining({
        cameraId: ka.id,
        cameraName: 'Loket 1',
        kelurahanCode: KA,
        username: 'lurah-a',
        stream: 'main',
        transport: null,
        startedAt: null,
        endedAt: null,
      }),
    ]);
    const byId = (await views('admin', `?user=${lurahViews.items[0]!.userId}`)).body as { total: number };
    expect(byId.total).toBe(1);
    const page = (await views('operator', `?camera=${kb.id}&limit=2&offset=1`)).body as {
      items: LiveView[];
      total: number;
    };
    expect([page.items.length, page.total]).toEqual([2, 7]);
    const later = new Date(t.ctx.clock.now() + 3_600_000).toISOString();
    expect(
      ((await views('operator', `?from=${encodeURIComponent(later)}`)).body as { total: number }).total,
    ).toBe(0);
    expect(fields(await views('operator', '?camera=x'))).toEqual(['camera']);
  });

  it("gives a camat their kecamatan's views only, and nobody else any", async () => {
    const camat = (await views('camat')).body as { items: LiveView[] };
    expect(camat.items.length).toBeGreaterThan(0);
    expect(camat.items.every((v) => v.kelurahanCode.startsWith('16.71.01.'))).toBe(true);
    for (const who of ['walikota', 'lurah', 'asn', 'hr', 'verifikator'] as const)
      expect((await views(who)).status).toBe(403);
  });
});

describe('removing a camera', () => {
  it('removes one never watched, keeps one watched (its audit), and announces it', async () => {
    const c = cameraOf(await create('Sementara', KA2));
    expect((await w.call('operator', 'DELETE', `/api/v1/cameras/${c.id}`)).status).toBe(204);
    expect((await w.call('operator', 'DELETE', `/api/v1/cameras/${c.id}`)).status).toBe(404);
    expect((await w.call('operator', 'DELETE', `/api/v1/cameras/${ka.id}`)).status).toBe(409);
    expect((await w.call('camat', 'DELETE', `/api/v1/cameras/${ka.id}`)).status).toBe(403);
    await until(() => published.filter((id) => id === c.id).length >= 2);
    expect(published.filter((id) => id === c.id)).toHaveLength(2);
  });
});
