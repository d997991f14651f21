import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { QueueName } from '@pkk/core';
import { channels } from '@pkk/platform/infra/redis';
import { testContext } from '@pkk/platform/testing/context';
import { startRtspSource, type RtspSource } from './testing/rtsp-source.ts';
import {
  CAMERA_KEY_HEX,
  SIGNING_KEY,
  TOKEN_NOW,
  issuePlay,
  seedCamera,
  seedUser,
  signPlay,
  tokenClock,
} from './testing/fixtures.ts';
import { startMedia, type RunningMedia } from './start.ts';

/** ffmpeg/ffprobe run asynchronously: the media node under test lives in this process and must keep running. */
function run(
  cmd: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

interface WsResult {
  text: string[];
  binary: Buffer[];
  firstFragmentMs: number | null;
  close: { code: number; reason: string } | null;
}

/** Opens the fMP4 WebSocket and collects what arrives for `ms` (or until the server closes it). */
function watch(url: string, ms: number): Promise<WsResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const r: WsResult = { text: [], binary: [], firstFragmentMs: null, close: null };
    const ws = new WebSocket(url);
    const timer = setTimeout(() => ws.close(1000), ms);
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return void r.text.push(data.toString());
      r.binary.push(data);
      if (r.binary.length === 2 && r.firstFragmentMs === null) r.firstFragmentMs = performance.now() - t0;
    });
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      r.close = { code, reason: reason.toString() };
      resolve(r);
    });
  });
}

describe('media node end to end: real RTSP camera, PostgreSQL, Redis, ffmpeg', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let src: RtspSource;
  let media: RunningMedia;
  let cameraId: string;
  let userId: number;
  let wsBase: string;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pkk-media-'));

  beforeAll(async () => {
    src = await startRtspSource({ width: 320, height: 240, fps: 15, gop: 15 });
    ctx = await testContext({
      MEDIA_SIGNING_KEY: SIGNING_KEY,
      CAMERA_SECRET_KEY: CAMERA_KEY_HEX,
      MEDIA_PORT: '0',
      VAR_DIR: tmp,
      SNAPSHOT_INTERVAL_SECONDS: '0',
      MEDIA_IDLE_SECONDS: '2',
    });
    cameraId = await seedCamera(ctx.db, { main: src.url, pullMode: 'always' });
    userId = await seedUser(ctx.db);
    media = await startMedia(ctx, { tokenClock, port: 0 });
    wsBase = media.url.replace(/^http/, 'ws');
    // The always-on camera comes online by itself.
    await vi.waitFor(
      async () => {
        const row = await ctx.db
          .selectFrom('camera_status')
          .selectAll()
          .where('camera_id', '=', cameraId)
          .executeTakeFirst();
        expect(row?.state).toBe('online');
      },
      { timeout: 15_000, interval: 100 },
    );
  });
  afterAll(async () => {
    await media?.close();
    await ctx?.dispose();
    await src?.stop();
  });

  it('serves fMP4 over a WebSocket that ffmpeg decodes, and records the live view', async () => {
    const { token, viewId } = await issuePlay(ctx.db, { cameraId, userId, nowMs: TOKEN_NOW });
    const r = await watch(`${wsBase}/v/${token}/live.mp4`, 2_500);
    expect(JSON.parse(r.text[0]!)).toEqual({ codec: 'avc1.42c00c', width: 320, height: 240 });
    expect(r.binary[0]!.subarray(4, 8).toString()).toBe('ftyp');
    expect(r.firstFragmentMs).not.toBeNull();
    console.warn(
      `fMP4: first fragment ${r.firstFragmentMs!.toFixed(0)} ms after connect; ${r.binary.length - 1} fragments in 2.5 s`,
    );
    const file = path.join(tmp, 'ws.mp4');
    writeFileSync(file, Buffer.concat(r.binary));
    const decode = await run('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
    expect(decode.status, decode.stderr).toBe(0);
    const probe = await run('ffprobe', [
      '-v',
      'error',
      '-count_frames',
      '-show_entries',
      'stream=width,height,nb_read_frames',
      '-of',
      'json',
      file,
    ]);
    const stream = JSON.parse(probe.stdout).streams[0];
    expect(stream).toMatchObject({ width: 320, height: 240 });
    expect(Number(stream.nb_read_frames)).toBeGreaterThan(25); // the cache plus ~2.5 s at 15 fps
    await vi.waitFor(
      async () => {
        const v = await ctx.db
          .selectFrom('live_views')
          .selectAll()
          .where('view_id', '=', viewId)
          .executeTakeFirstOrThrow();
        expect(v.transport).toBe('fmp4');
        expect(v.started_at).not.toBeNull();
        expect(v.ended_at).not.toBeNull();
      },
      { timeout: 5_000, interval: 100 },
    );
  });

  it('refuses expired, tampered and wrong-node tokens with a close code and reason', async () => {
    const expired = await issuePlay(ctx.db, { cameraId, userId, nowMs: TOKEN_NOW - 600_000 });
    const good = await issuePlay(ctx.db, { cameraId, userId, nowMs: TOKEN_NOW });
    const tampered = good.token.slice(0, -3) + (good.token.endsWith('AAA') ? 'BBB' : 'AAA');
    const other = await issuePlay(ctx.db, { cameraId, userId, nowMs: TOKEN_NOW, node: 'media-2' });
    const wrongKey = await issuePlay(ctx.db, {
      cameraId,
      userId,
      nowMs: TOKEN_NOW,
      key: 'another-signing-key-0123456789abcdef0123',
    });
    expect((await watch(`${wsBase}/v/${expired.token}/live.mp4`, 5_000)).close).toMatchObject({
      code: 4401,
      reason: expect.stringMatching(/^token_expired/),
    });
    expect((await watch(`${wsBase}/v/${tampered}/live.mp4`, 5_000)).close).toMatchObject({
      code: 4401,
      reason: expect.stringMatching(/^token_invalid/),
    });
    expect((await watch(`${wsBase}/v/${wrongKey.token}/live.mp4`, 5_000)).close).toMatchObject({
      code: 4401,
      reason: expect.stringMatching(/^token_invalid/),
    });
    expect((await watch(`${wsBase}/v/${other.token}/live.mp4`, 5_000)).close).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/^wrong_node/),
    });
    const unknownCam = await signPlay({
      jti: good.viewId,
      sub: String(userId),
      cam: '00000000-0000-4000-8000-000000000000',
      stream: 'main',
      node: 'media-1',
      sid: 'a-sign-in-reference-000',
      iat: TOKEN_NOW / 1000,
      exp: TOKEN_NOW / 1000 + 60,
    });
    expect((await watch(`${wsBase}/v/${unknownCam}/live.mp4`, 5_000)).close).toMatchObject({ code: 4404 });
    const hls = await fetch(`${media.url}/v/${expired.token}/hls/index.m3u8`);
    expect(hls.status).toBe(401);
    expect(((await hls.json()) as { error: { code: string } }).error.code).toBe('token_expired');
  });

  it('serves HLS that ffprobe plays, bound to one view: the token opens it once', async () => {
    const { token, viewId } = await issuePlay(ctx.db, { cameraId, userId, nowMs: TOKEN_NOW });
    const t0 = performance.now();
    const res = await fetch(`${media.url}/v/${token}/hls/index.m3u8`, {
      headers: { origin: 'http://app.example' },
    });
    expect(res.status).toBe(200);
    // hls.js in the app reads it from another origin (a browser without this header fell off HLS).
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    // A multivariant playlist naming the view's own media playlist.
    const master = await res.text();
    const variant = /^([A-Za-z0-9_-]{22})\/index\.m3u8$/m.exec(master);
    expect(master).toMatch(/^#EXTM3U\n[^]*#EXT-X-STREAM-INF:BANDWIDTH=\d+/);
    expect(variant).not.toBeNull();
    const mediaUrl = `${media.url}/v/${token}/hls/${variant![0]}`;
    const playlist = await (await fetch(mediaUrl)).text();
    console.warn(`HLS: first playlist ${(performance.now() - t0).toFixed(0)} ms after the first request`);
    expect(playlist).toMatch(/^#EXTM3U/);
    expect(playlist).toMatch(/^seg\d{5}\.ts$/m);
    const probe = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,width,height',
      '-of',
      'json',
      mediaUrl,
    ]);
    expect(probe.status, probe.stderr).toBe(0);
    expect(JSON.parse(probe.stdout).streams[0]).toMatchObject({
      codec_name: 'h264',
      width: 320,
      height: 240,
    });
    const v = await ctx.db
      .selectFrom('live_views')
      .selectAll()
      .where('view_id', '=', viewId)
      .executeTakeFirstOrThrow();
    expect(v.transport).toBe('hls');
    // The token is used up: a second player (or a copied URL) cannot open a view with it.
    const again = await fetch(`${media.url}/v/${token}/hls/index.m3u8`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('token_used');
    // Another view id under the same token is no view.
    const other = await fetch(`${media.url}/v/${token}/hls/AAAAAAAAAAAAAAAAAAAAAA/index.m3u8`);
    expect(other.status).toBe(404);
  });

  it('takes a snapshot JPEG from the cached keyframe, with its row and hash', async () => {
    await media.snapshots.take({ cameraId, stream: 'main' });
    const row = await ctx.db
      .selectFrom('camera_snapshots')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .executeTakeFirstOrThrow();
    const file = path.join(tmp, 'snapshots', row.path);
    const jpeg = readFileSync(file);
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(createHash('sha256').update(jpeg).digest()).toEqual(row.sha256);
    expect(row.bytes).toBe(jpeg.length);
    expect(path.basename(file)).toBe(`${row.taken_at.getTime()}.jpg`);
    const probe = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      file,
    ]);
    expect(probe.stdout.trim()).toBe('320,240');
  });

  it('writes camera health and asks detection to run for the office on a change', async () => {
    const row = await ctx.db
      .selectFrom('camera_status')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'online', node: 'media-1', last_error: null });
    expect(row.last_frame_at).not.toBeNull();
    const counts = await ctx.jobs.queue(QueueName.Detect).getJobCounts('delayed', 'waiting');
    expect((counts.delayed ?? 0) + (counts.waiting ?? 0)).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(media.metricsUrl)).text();
    expect(metrics).toMatch(new RegExp(`pkk_media_camera_up\\{camera="${cameraId}",stream="main"\\} 1`));
    // Camera ids and viewer counts are for the metrics listener only, never the public port.
    expect((await fetch(`${media.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${media.url}/readyz`)).status).toBe(200);
  });

  it('reloads its cameras when the api announces a change on the cameras channel', async () => {
    const pub = ctx.redis.create('producer', 'test-pub');
    await new Promise<void>((resolve) =>
      pub.status === 'ready' ? resolve() : pub.once('ready', () => resolve()),
    );
    const added = await seedCamera(ctx.db, { main: src.url, pullMode: 'on_demand' });
    expect(media.registry.source(added)).toBeUndefined();
    await pub.publish(channels.cameras(ctx.env.REDIS_PREFIX), added);
    await vi.waitFor(() => expect(media.registry.source(added)).toMatchObject({ pullMode: 'on_demand' }), {
      timeout: 5_000,
      interval: 50,
    });
    // Nobody watches it: it is 'idle' here, not missing.
    await vi.waitFor(
      async () => {
        const row = await ctx.db
          .selectFrom('camera_status')
          .select('state')
          .where('camera_id', '=', added)
          .executeTakeFirst();
        expect(row?.state).toBe('idle');
      },
      { timeout: 5_000, interval: 50 },
    );
    const lease = media.registry.acquire(added, 'main');
    await ctx.db.updateTable('cameras').set({ enabled: false }).where('id', '=', added).execute();
    await pub.publish(channels.cameras(ctx.env.REDIS_PREFIX), added);
    await vi.waitFor(() => expect(lease.revoked.aborted).toBe(true), { timeout: 5_000, interval: 50 });
    expect(media.registry.source(added)).toBeUndefined();
  });

  it("announces a camera's health change on Redis once its row is written, for the screens", async () => {
    const sub = ctx.redis.create('subscriber', 'test-health-sub');
    const heard: Array<{
      cameraId: string;
      kelurahanCode: string;
      health: { state: string; node: string | null };
    }> = [];
    sub.on('message', (_c: string, m: string) => heard.push(...(JSON.parse(m) as typeof heard)));
    await sub.subscribe(channels.cameraHealth(ctx.env.REDIS_PREFIX));
    const pub = ctx.redis.create('producer', 'test-pub-2');
    await new Promise<void>((resolve) =>
      pub.status === 'ready' ? resolve() : pub.once('ready', () => resolve()),
    );
    const added = await seedCamera(ctx.db, { main: src.url, pullMode: 'always' });
    await pub.publish(channels.cameras(ctx.env.REDIS_PREFIX), added);
    await vi.waitFor(
      () => expect(heard.filter((h) => h.cameraId === added).map((h) => h.health.state)).toContain('online'),
      { timeout: 15_000, interval: 50 },
    );
    const online = heard.find((h) => h.cameraId === added && h.health.state === 'online')!;
    const row = await ctx.db
      .selectFrom('camera_status')
      .selectAll()
      .where('camera_id', '=', added)
      .executeTakeFirstOrThrow();
    expect(online).toMatchObject({
      kelurahanCode: expect.stringMatching(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/),
      health: { state: 'online', node: 'media-1' },
    });
    expect(row.state).toBe('online'); // the row first, then the word
    await ctx.db.deleteFrom('cameras').where('id', '=', added).execute();
    await pub.publish(channels.cameras(ctx.env.REDIS_PREFIX), added);
    await sub.quit();
    await pub.quit();
  });
});
