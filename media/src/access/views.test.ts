import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channels } from '@pkk/platform/infra/redis';
import { testContext } from '@pkk/platform/testing/context';
import {
  CAMERA_KEY_HEX,
  SIGNING_KEY,
  TOKEN_NOW,
  issuePlay,
  seedCamera,
  seedSession,
  seedUser,
  tokenClock,
} from '../testing/fixtures.ts';
import { startRtspSource, type RtspSource } from '../testing/rtsp-source.ts';
import { errorOf, hlsView, within, wsView } from '../testing/viewers.ts';
import { weriftViewer, type WeriftViewer } from '../webrtc/testing/werift-viewer.ts';
import { webrtcOn } from '../webrtc/mount.ts';
import { HLS_END_GRACE_MS } from '../hls/router.ts';
import { startMedia, type RunningMedia } from '../start.ts';

/**
 * Play tokens open one view each, and views end with the sign-in they were handed out under: a real
 * media node (WHEP by werift, fMP4 over a WebSocket, HLS by ffmpeg) over a real RTSP camera,
 * PostgreSQL and Redis. The api's side (logout, deactivation) is in e2e/video-views.test.ts.
 */
/** The promise: a view ends within 10 s of its sign-in ending. */
const REVOKED_WITHIN_MS = 10_000;
const HLS_MAX_SECONDS = 6;

describe('play tokens bound to one view, views ended with their sign-in', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let src: RtspSource;
  let media: RunningMedia;
  let webrtc: ReturnType<typeof webrtcOn>;
  let cameraId: string;
  let userId: number;
  let base: string;

  beforeAll(async () => {
    src = await startRtspSource({ width: 320, height: 240, fps: 15, gop: 15 });
    ctx = await testContext({
      MEDIA_SIGNING_KEY: SIGNING_KEY,
      CAMERA_SECRET_KEY: CAMERA_KEY_HEX,
      MEDIA_PORT: '0',
      VAR_DIR: mkdtempSync(path.join(os.tmpdir(), 'pkk-views-')),
      SNAPSHOT_INTERVAL_SECONDS: '0',
      MEDIA_RTC_PORTS: '41400-41419',
      MEDIA_ANNOUNCED_IP: '127.0.0.1',
      MEDIA_HLS_MAX_SESSION_SECONDS: String(HLS_MAX_SECONDS),
    });
    cameraId = await seedCamera(ctx.db, { main: src.url, pullMode: 'always' });
    userId = await seedUser(ctx.db);
    webrtc = webrtcOn(ctx.env);
    media = await startMedia(ctx, { tokenClock, port: 0, routers: [webrtc.router] });
    base = media.url;
    await vi.waitFor(() => expect(media.registry.runningFeed(cameraId, 'main')?.params()).toBeTruthy(), {
      timeout: 15_000,
      interval: 100,
    });
  });
  afterAll(async () => {
    webrtc?.close();
    await media?.close();
    await ctx?.dispose();
    await src?.stop();
  });

  const play = (o: { session?: Buffer; user?: number } = {}) =>
    issuePlay(ctx.db, { cameraId, userId: o.user ?? userId, nowMs: TOKEN_NOW, session: o.session });
  const ws = (token: string) => wsView(`${base.replace(/^http/, 'ws')}/v/${token}/live.mp4`);
  const whep = (token: string) => weriftViewer(`${base}/v/${token}/whep`);
  const hls = (token: string) => hlsView(`${base}/v/${token}/hls/index.m3u8`);
  const ended = async (viewId: string) =>
    (
      await ctx.db
        .selectFrom('live_views')
        .select('ended_at')
        .where('view_id', '=', viewId)
        .executeTakeFirstOrThrow()
    ).ended_at;

  it('a token opens one view: the first transport claims it, every later claim is refused', async () => {
    const a = await play();
    const first = ws(a.token);
    await within(first.opened, 20_000, 'fMP4 header');
    // The same token again, on each transport: refused with the reason.
    expect(await ws(a.token).closed).toMatchObject({
      code: 4409,
      reason: expect.stringMatching(/^token_used/),
    });
    expect(await errorOf(await fetch(`${base}/v/${a.token}/hls/index.m3u8`))).toEqual([409, 'token_used']);
    await expect(whep(a.token)).rejects.toThrow(/WHEP POST 409/);
    // The first view plays on.
    const before = first.messages();
    await vi.waitFor(() => expect(first.messages()).toBeGreaterThan(before + 5), { timeout: 5_000 });
    first.close();

    // WHEP first: a WebSocket with its token is refused.
    const b = await play();
    const viewer = await whep(b.token);
    await within(viewer.firstFrame, 20_000, 'WHEP first frame');
    expect(await ws(b.token).closed).toMatchObject({ code: 4409 });
    await viewer.close();
  });

  it('an HLS view ends at its maximum length: its playlist ends, then it is gone; its token cannot open another', async () => {
    const c = await play();
    const t0 = performance.now();
    const url = await hls(c.token);
    const reload = async () => {
      const res = await fetch(url);
      return { status: res.status, text: await res.text() };
    };
    let r = await reload();
    while (r.status === 200 && !r.text.includes('#EXT-X-ENDLIST')) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      r = await reload();
    }
    const endedAfter = (performance.now() - t0) / 1000;
    // The playlist says no more is coming (the player's cue to ask for a new play); what it lists
    // can still be fetched for a little while.
    expect(r.status).toBe(200);
    expect(endedAfter).toBeGreaterThanOrEqual(HLS_MAX_SECONDS - 0.5);
    expect(endedAfter).toBeLessThan(HLS_MAX_SECONDS + 3);
    const segment = /^seg\d{5}\.ts$/m.exec(r.text)![0];
    expect((await fetch(new URL(segment, url))).status).toBe(200);
    // Then the view is over, whoever keeps polling.
    let last: Response;
    for (;;) {
      last = await fetch(url);
      if (last.status !== 200) break;
      await last.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const goneAfter = (performance.now() - t0) / 1000;
    expect(await errorOf(last)).toEqual([410, 'view_ended']);
    expect(goneAfter).toBeLessThan(HLS_MAX_SECONDS + HLS_END_GRACE_MS / 1000 + 3);
    await vi.waitFor(async () => expect(await ended(c.viewId)).not.toBeNull(), { timeout: 5_000 });
    // Polling kept nothing alive, and the token is spent.
    expect(await errorOf(await fetch(`${base}/v/${c.token}/hls/index.m3u8`))).toEqual([409, 'token_used']);
  });

  /** Opens a WHEP, an fMP4 and an HLS view under one sign-in. */
  const openViews = async (session: Buffer, user = userId) => {
    const [p1, p2, p3] = [
      await play({ session, user }),
      await play({ session, user }),
      await play({ session, user }),
    ];
    const viewer: WeriftViewer = await whep(p1.token);
    await within(viewer.firstFrame, 20_000, 'WHEP first frame');
    const socket = ws(p2.token);
    await within(socket.opened, 20_000, 'fMP4 header');
    const hlsUrl = await hls(p3.token);
    await vi.waitFor(async () => expect(await ended(p1.viewId)).toBeNull(), { timeout: 1_000 });
    return { viewer, socket, hlsUrl, ids: [p1.viewId, p2.viewId, p3.viewId] };
  };

  /** Waits until the three views are over, on the node and for their clients; returns how long it took. */
  const allEnded = async (v: Awaited<ReturnType<typeof openViews>>, t0: number, hlsCode: string) => {
    const closed = await v.socket.closed;
    expect(closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/^view_revoked/) });
    await vi.waitFor(
      async () => {
        for (const id of v.ids) expect(await ended(id)).not.toBeNull();
        expect(await errorOf(await fetch(v.hlsUrl))).toEqual([401, hlsCode]);
      },
      { timeout: REVOKED_WITHIN_MS + 5_000, interval: 100 },
    );
    const took = performance.now() - t0;
    // Nothing reaches the WebRTC viewer any more.
    const packets = v.viewer.stats().packets;
    await new Promise((r) => setTimeout(r, 500));
    expect(v.viewer.stats().packets - packets).toBeLessThan(3);
    await v.viewer.vanish();
    return { took, socketMs: closed.at - t0 };
  };

  it('ends every view of a sign-in at once when its revocation is announced, and no other', async () => {
    const session = await seedSession(ctx.db, userId);
    const other = await play();
    const bystander = ws(other.token);
    await within(bystander.opened, 20_000, 'fMP4 header');
    const v = await openViews(session);
    const pub = ctx.redis.create('producer', 'test-revoke');
    await new Promise<void>((r) => (pub.status === 'ready' ? r() : pub.once('ready', () => r())));
    // As the api announces a logout (server/src/auth/revocation.ts): the session's digest, in hex.
    await ctx.db.deleteFrom('sessions').where('token_hash', '=', session).execute();
    const t0 = performance.now();
    await pub.publish(channels.revoked(ctx.env.REDIS_PREFIX), JSON.stringify([session.toString('hex')]));
    const { took, socketMs } = await allEnded(v, t0, 'view_revoked');
    console.warn(
      `announced revocation: fMP4 closed after ${socketMs.toFixed(0)} ms, all three over in ${took.toFixed(0)} ms`,
    );
    expect(socketMs).toBeLessThan(REVOKED_WITHIN_MS);
    expect(took).toBeLessThan(REVOKED_WITHIN_MS);
    // Another sign-in of the same user watches on.
    const n = bystander.messages();
    await vi.waitFor(() => expect(bystander.messages()).toBeGreaterThan(n + 5), { timeout: 5_000 });
    bystander.close();
    await pub.quit();
  });

  it('ends them from the tables when the announcement never came: a deleted session, a deactivated user', async () => {
    // The session row goes (a logout whose Redis message was lost).
    const gone = await seedSession(ctx.db, userId);
    const v1 = await openViews(gone);
    await ctx.db.deleteFrom('sessions').where('token_hash', '=', gone).execute();
    const r1 = await allEnded(v1, performance.now(), 'view_revoked');
    console.warn(`missed revocation (session gone): all three over in ${r1.took.toFixed(0)} ms`);
    expect(r1.took).toBeLessThan(REVOKED_WITHIN_MS);

    // The user is deactivated, the session row still there.
    const user = await seedUser(ctx.db);
    const v2 = await openViews(await seedSession(ctx.db, user), user);
    await ctx.db.updateTable('users').set({ active: false }).where('id', '=', user).execute();
    const r2 = await allEnded(v2, performance.now(), 'view_revoked');
    console.warn(`missed revocation (user inactive): all three over in ${r2.took.toFixed(0)} ms`);
    expect(r2.took).toBeLessThan(REVOKED_WITHIN_MS);
  });
});
