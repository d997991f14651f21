/// <reference lib="dom" />
/**
 * bench/video: live video as its users meet it, on real components: the simulator's RTSP cameras
 * (GStreamer), a media node, the api and Chromium.
 *
 *   node --import tsx bench/src/video.ts        → bench/results/video.json
 *
 * 1. tap      the mayor on the phone (390x844) taps a kelurahan on the home list; from the tap to
 *             the first frame of its video (requestVideoFrameCallback): warm (camera pulled, always
 *             on) and cold (an on-demand camera nobody watches: the pull starts on the tap).
 * 2. g2g      glass-to-glass behind the source per transport (WebRTC/WHEP, fMP4 over WebSocket, HLS
 *             with hls.js): the clock camera burns the wall clock into each frame as a bar code
 *             (core/src/media/clock-code.ts); the page decodes every presented frame and subtracts
 *             it from its own clock (same machine, same clock).
 * 3. load     107 cameras pulled (always on, sub streams): CPU and memory of this process (the
 *             media node and an idle api) over a window; then the extra CPU per viewer, per
 *             transport, with VIEWERS viewers of one camera.
 *
 * 4. capacity WebRTC viewers one media process holds: a camera at a real camera's main-stream bitrate
 *             (1280x720, 15 fps, about 2.4 Mbit/s of moving noise: the plain demo clips are far
 *             cheaper) watched by more and more WHEP viewers; at each step the media process's CPU
 *             and every viewer's received frame rate (getStats). A step holds when every viewer gets
 *             at least 95 % of the source's frames and the process stays under 0.85 of a core.
 *
 * Knobs: BENCH_SAMPLES=8 (taps per case), BENCH_G2G_SECONDS=10, BENCH_VIEWERS=10, BENCH_LOAD_SECONDS=20,
 * BENCH_STEPS=tap,g2g,load,capacity (any subset), BENCH_CAPACITY_STEP=10, BENCH_CAPACITY_MAX=120.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import type { Camera, PlayResponse } from '@pkk/core';
import { repoRoot } from '@pkk/platform/config/paths';
import { ensureClip } from '@pkk/sim/cameras/clips';
import { cameraPath, clipSpecOf, type SimCamera } from '@pkk/sim/cameras/plan';
import { launchBrowser, openApp, VIEWPORTS } from '../../e2e/support/browser.ts';
import { signIn } from '../../e2e/support/seed.ts';
import { startServices, startStack } from '../../e2e/support/stack.ts';
import { ensureWebBuilt } from '../../e2e/support/web-build.ts';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5);
const G2G_SECONDS = Number(process.env.BENCH_G2G_SECONDS ?? 10);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 10);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const STEPS = new Set((process.env.BENCH_STEPS ?? 'tap,g2g,load,capacity').split(','));
const CAPACITY_STEP = Number(process.env.BENCH_CAPACITY_STEP ?? 10);
const CAPACITY_MAX = Number(process.env.BENCH_CAPACITY_MAX ?? 120);
const TARGETS = {
  tapWarmMs: 500,
  tapColdMs: 1500,
  g2gMs: { webrtc: 300, fmp4: 400, hls: 4000 },
  mediaCores107: 0.6,
};
const WARM = '16.71.01.1001';
const COLD = '16.71.01.1002';

/** tsx keeps function names with esbuild's `__name` helper, which the page's evaluate code then calls. */
const pageReady = (page: Page) => page.addInitScript({ content: 'globalThis.__name = (f) => f;' });

const say = (m: string) => console.log(`[bench:video] ${m}`);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : null;
};
const stats = (xs: number[]) => ({
  n: xs.length,
  p50: pct(xs, 50),
  p95: pct(xs, 95),
  max: xs.length ? Math.max(...xs) : null,
});

async function main(): Promise<void> {
  ensureWebBuilt();
  const services = await startServices();
  const offices = [
    { code: WARM, name: 'Tiga-puluh-lima Ilir' },
    { code: COLD, name: 'Dua-puluh-enam Ilir' },
  ];
  const stack = await startStack({
    databaseUrl: services.databaseUrl,
    redisUrl: services.redisUrl,
    clock: { at: '10:00' },
    video: { offices },
    env: { MEDIA_IDLE_SECONDS: '2', MEDIA_MAX_WEBRTC_VIEWERS: String(CAPACITY_MAX) },
  });
  const video = stack.video!;
  const admin = await stack.user({ username: 'admin-bench', role: 'admin' });
  const mayor = await stack.user({ username: 'walikota', role: 'walikota' });
  const cookie = await signIn(stack.url, admin.username, admin.password);
  const api = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${stack.url}${p}`, {
      method,
      headers: { cookie, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const addCamera = async (
    k: string,
    name: string,
    main: string,
    sub: string,
    pullMode: 'always' | 'on_demand',
  ) =>
    (
      await api<{ camera: Camera }>('POST', '/api/v1/cameras', {
        kelurahanCode: k,
        name,
        placement: 'desks',
        rtspMain: main,
        rtspSub: sub,
        pullMode,
      })
    ).camera;
  const clockUrl = await video.cameras.addClock();
  const online = async (id: string) => {
    for (let i = 0; i < 200; i++) {
      const r = await api<{ items: Camera[] }>('GET', `/api/v1/cameras?kelurahan=${WARM}`);
      const c =
        r.items.find((x) => x.id === id) ??
        (await api<{ items: Camera[] }>('GET', `/api/v1/cameras?kelurahan=${COLD}`)).items.find(
          (x) => x.id === id,
        );
      if (c?.health.state === 'online') return;
      await new Promise((r2) => setTimeout(r2, 250));
    }
    throw new Error(`camera ${id} never came online`);
  };
  const warm = await addCamera(
    WARM,
    'Loket',
    video.url(WARM, 1, 'main'),
    video.url(WARM, 1, 'sub'),
    'always',
  );
  const cold = await addCamera(
    COLD,
    'Loket',
    video.url(COLD, 1, 'main'),
    video.url(COLD, 1, 'sub'),
    'on_demand',
  );
  const clock = await addCamera(WARM, 'Jam', clockUrl, clockUrl, 'always');
  await online(warm.id);
  await online(clock.id);
  say('cameras online');

  const browser = await launchBrowser();
  const clockCode = (
    await build({
      entryPoints: [path.join(repoRoot, 'core/src/media/clock-code.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'ClockCode',
      write: false,
    })
  ).outputFiles[0]!.text;

  // 1. Tap to first frame on the phone.
  const tap = async (code: string): Promise<number> => {
    const app = await openApp(browser, stack.url, { ...VIEWPORTS.mobile, width: 390, height: 844 });
    const page = app.page;
    await pageReady(page);
    await page.goto('/login');
    await page.fill('#username', mayor.username);
    await page.fill('#password', mayor.password);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname !== '/login');
    await page.locator(`a[href="/kelurahan/${code}"]`).first().waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { __tap: number; __first: number | null };
      w.__first = null;
      document.addEventListener('pointerdown', () => (w.__tap = performance.now()), {
        capture: true,
        once: true,
      });
      const watch = () => {
        const v = document.querySelector<HTMLVideoElement>('[data-testid=live-video]');
        if (v) v.requestVideoFrameCallback(() => (w.__first ??= performance.now()));
        else requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await page.locator(`a[href="/kelurahan/${code}"]`).first().click();
    await page.waitForFunction(
      () => (window as unknown as { __first: number | null }).__first !== null,
      undefined,
      { timeout: 15_000 },
    );
    const ms = await page.evaluate(() => {
      const w = window as unknown as { __tap: number; __first: number };
      return w.__first - w.__tap;
    });
    await app.close();
    return Math.round(ms);
  };
  const warmTaps: number[] = [];
  const coldTaps: number[] = [];
  const result: Record<string, unknown> = { bench: 'video', at: new Date().toISOString() };
  if (STEPS.has('tap')) {
    await tap(WARM); // the browser's first WebRTC start (codec and DTLS set-up) is not the mayor's every tap
    for (let i = 0; i < SAMPLES; i++) warmTaps.push(await tap(WARM));
    say(`warm taps ${warmTaps.join(', ')} ms`);
    for (let i = 0; i < SAMPLES; i++) {
      // Cold: the on-demand pull must have stopped since the last tap (MEDIA_IDLE_SECONDS).
      await waitIdle(cold.id);
      say(`cold tap ${i + 1}`);
      coldTaps.push(await tap(COLD));
    }
    say(`tap warm ${JSON.stringify(stats(warmTaps))} cold ${JSON.stringify(stats(coldTaps))}`);
    result.tapToFirstFrameMs = {
      warm: { ...stats(warmTaps), samples: warmTaps, target: TARGETS.tapWarmMs },
      cold: { ...stats(coldTaps), samples: coldTaps, target: TARGETS.tapColdMs },
    };
  }

  async function waitIdle(id: string) {
    for (let i = 0; i < 240; i++) {
      const c = (await api<{ items: Camera[] }>('GET', `/api/v1/cameras?kelurahan=${COLD}`)).items.find(
        (x) => x.id === id,
      );
      if (c && c.health.state !== 'online') return;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  // 2. Glass to glass per transport.
  const g2g: Record<string, ReturnType<typeof stats> & { firstFrameMs: number | null; decoded: number }> = {};
  for (const transport of STEPS.has('g2g') ? (['webrtc', 'fmp4', 'hls'] as const) : []) {
    const app = await openApp(browser, stack.url, VIEWPORTS.desktop);
    const page = app.page;
    await pageReady(page);
    await page.goto('/login');
    await page.fill('#username', admin.username);
    await page.fill('#password', admin.password);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname !== '/login');
    await page.addScriptTag({ content: clockCode });
    if (transport === 'hls')
      await page.addScriptTag({ path: path.join(repoRoot, 'node_modules/hls.js/dist/hls.min.js') });
    const play = await api<PlayResponse>('POST', `/api/v1/cameras/${clock.id}/play`, { stream: 'main' });
    const r = await measureG2G(page, transport, play, G2G_SECONDS);
    g2g[transport] = { ...stats(r.lags), firstFrameMs: r.firstFrameMs, decoded: r.lags.length };
    say(`g2g ${transport} ${JSON.stringify(g2g[transport])}`);
    await app.close();
  }

  if (STEPS.has('g2g'))
    result.glassToGlassMs = Object.fromEntries(
      Object.entries(g2g).map(([k, v]) => [
        k,
        { ...v, target: TARGETS.g2gMs[k as keyof typeof TARGETS.g2gMs] },
      ]),
    );

  // 3. WebRTC viewers one media process holds (before the 107 cameras, which would share its core).
  if (STEPS.has('capacity')) {
    result.webrtcCapacity = await measureCapacity();
    say(`capacity ${JSON.stringify(result.webrtcCapacity)}`);
  }

  // 4. 107 cameras pulled, and the cost of viewers.
  if (STEPS.has('load')) {
    const load = await measureLoad();
    say(`load ${JSON.stringify(load)}`);
    result.load107 = {
      ...load,
      target: TARGETS.mediaCores107,
      note: 'cores of the bench process: the media node, plus an idle api, in one process',
    };
  }

  async function measureCapacity() {
    const FPS = 15;
    const file = await busyClip(FPS);
    const mountPath = '/bench/busy/main';
    await video.cameras.addMounts([{ path: mountPath, file }]);
    const busyUrl = video.cameras.url(mountPath);
    const busy = await addCamera(WARM, 'Sibuk', busyUrl, busyUrl, 'always');
    await online(busy.id);
    // A page per step: each its own renderer process, so the receiving side spreads over the cores.
    const apps: Awaited<ReturnType<typeof openApp>>[] = [];
    const steps: Array<{
      viewers: number;
      cores: number;
      fpsMin: number;
      fpsMean: number;
      kbitPerViewer: number;
      holds: boolean;
      limitedBy: 'media' | 'receivers' | null;
    }> = [];
    let viewers = 0;
    let held = 0;
    while (viewers < CAPACITY_MAX) {
      const add = Math.min(CAPACITY_STEP, CAPACITY_MAX - viewers);
      const app = await openApp(browser, stack.url, VIEWPORTS.desktop);
      await app.page.goto('/login');
      apps.push(app);
      for (let i = 0; i < add; i++) {
        const play = await api<PlayResponse>('POST', `/api/v1/cameras/${busy.id}/play`, { stream: 'main' });
        await app.page.evaluate(async (whepUrl) => {
          // A viewer without a <video>: what the media process sends is measured, not the browser's decoding.
          const w = window as unknown as { __pcs?: RTCPeerConnection[] };
          const pc = new RTCPeerConnection();
          pc.addTransceiver('video', { direction: 'recvonly' });
          await pc.setLocalDescription(await pc.createOffer());
          const res = await fetch(whepUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/sdp' },
            body: pc.localDescription!.sdp,
          });
          if (!res.ok) throw new Error(`WHEP ${res.status}: ${await res.text()}`);
          await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
          (w.__pcs ??= []).push(pc);
        }, play.whepUrl);
      }
      viewers += add;
      await new Promise((r) => setTimeout(r, 3000));
      const seconds = 8;
      const before = await inbound(apps);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const c1 = process.cpuUsage(c0);
      const wall = (performance.now() - t0) / 1000;
      const after = await inbound(apps);
      const fps = after.map((a, i) => (a.frames - (before[i]?.frames ?? 0)) / wall);
      const kbit = after.map((a, i) => ((a.bytes - (before[i]?.bytes ?? 0)) * 8) / wall / 1000);
      const cores = (c1.user + c1.system) / 1e6 / wall;
      const fpsMin = Math.min(...fps);
      const holds = fpsMin >= FPS * 0.95 && cores < 0.85;
      // Frames short while the media process has core to spare: the receivers (one browser on the same
      // machine) fell behind, not the media node; the figure is then a floor of its capacity.
      const limitedBy: 'media' | 'receivers' | null = holds ? null : cores >= 0.85 ? 'media' : 'receivers';
      const step = {
        viewers,
        cores: Math.round(cores * 1000) / 1000,
        fpsMin: Math.round(fpsMin * 10) / 10,
        fpsMean: Math.round((fps.reduce((a, b) => a + b, 0) / fps.length) * 10) / 10,
        kbitPerViewer: Math.round(kbit.reduce((a, b) => a + b, 0) / kbit.length),
        holds,
        limitedBy,
      };
      steps.push(step);
      say(`capacity ${JSON.stringify(step)}`);
      if (!holds) break;
      held = viewers;
    }
    for (const app of apps) await app.close();
    await api('DELETE', `/api/v1/cameras/${busy.id}`).catch(() => undefined);
    const last = steps.at(-1);
    const heldStep = steps.findLast((s) => s.holds);
    const percentOfCorePerViewer = heldStep
      ? Math.round((heldStep.cores / heldStep.viewers) * 10_000) / 100
      : null;
    return {
      viewersHeld: held,
      limitedBy: last?.limitedBy ?? null,
      percentOfCorePerViewer,
      // What one core would hold at that cost, with 15 % left for the pulls and the event loop.
      projectedViewersAt85PercentOfCore: percentOfCorePerViewer
        ? Math.floor(85 / percentOfCorePerViewer)
        : null,
      sourceFps: FPS,
      cap: CAPACITY_MAX,
      steps,
      note: 'one process running the media node and an idle api; receivers are headless Chromium pages (no <video>) on the same machine',
    };
  }

  async function inbound(
    apps: ReadonlyArray<{ page: Page }>,
  ): Promise<Array<{ frames: number; bytes: number }>> {
    return (await Promise.all(apps.map((a) => inboundOf(a.page)))).flat();
  }

  async function inboundOf(page: Page): Promise<Array<{ frames: number; bytes: number }>> {
    return page.evaluate(async () => {
      const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
      return Promise.all(
        pcs.map(async (pc) => {
          let frames = 0;
          let bytes = 0;
          (await pc.getStats()).forEach(
            (r: { type: string; kind?: string; framesReceived?: number; bytesReceived?: number }) => {
              if (r.type === 'inbound-rtp' && r.kind === 'video') {
                frames += r.framesReceived ?? 0;
                bytes += r.bytesReceived ?? 0;
              }
            },
          );
          return { frames, bytes };
        }),
      );
    });
  }

  async function measureLoad() {
    const registry = stack.ctx.policy.kelurahan.slice(0, 107);
    const cams: SimCamera[] = registry.map((k) => ({
      kelurahanCode: k.code,
      kelurahanName: k.name,
      n: 3,
      placement: 'entrance',
      name: 'Beban',
      mainPath: cameraPath(k.code, 3, 'main'),
      subPath: cameraPath(k.code, 3, 'sub'),
    }));
    const t0 = Date.now();
    const mounts = [];
    for (const c of cams) {
      const files = await ensureClip(clipSpecOf(c, 2), { dir: path.join(repoRoot, 'var', 'e2e', 'clips') });
      mounts.push({ path: c.mainPath, file: files.main }, { path: c.subPath, file: files.sub });
    }
    await video.cameras.addMounts(mounts);
    say(`107 load clips ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    for (const c of cams)
      await addCamera(
        c.kelurahanCode,
        'Beban',
        video.url(c.kelurahanCode, 3, 'main'),
        video.url(c.kelurahanCode, 3, 'sub'),
        'always',
      );
    await new Promise((r) => setTimeout(r, 15_000));
    const up = (
      await stack.ctx.db
        .selectFrom('camera_status')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('state', '=', 'online')
        .executeTakeFirstOrThrow()
    ).n;
    const window = async (seconds: number) => {
      const c0 = process.cpuUsage();
      const t = process.hrtime.bigint();
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const c1 = process.cpuUsage(c0);
      const wall = Number(process.hrtime.bigint() - t) / 1e9;
      return (c1.user + c1.system) / 1e6 / wall;
    };
    const idleCores = await window(LOAD_SECONDS);
    const rssMb = Math.round(process.memoryUsage().rss / 1e6);
    const perViewer: Record<string, number | null> = {};
    for (const transport of ['fmp4', 'webrtc'] as const) {
      const app = await openApp(browser, stack.url, VIEWPORTS.desktop);
      await pageReady(app.page);
      await app.page.goto('/login');
      await app.page.fill('#username', admin.username);
      await app.page.fill('#password', admin.password);
      await app.page.click('button[type=submit]');
      await app.page.waitForURL((u) => u.pathname !== '/login');
      await app.page.addScriptTag({ content: clockCode });
      for (let i = 0; i < VIEWERS; i++) {
        const play = await api<PlayResponse>('POST', `/api/v1/cameras/${warm.id}/play`, { stream: 'sub' });
        await startViewer(app.page, transport, play);
      }
      await new Promise((r) => setTimeout(r, 3000));
      const withViewers = await window(LOAD_SECONDS / 2);
      perViewer[transport] = Math.round(((withViewers - idleCores) / VIEWERS) * 10_000) / 100;
      await app.close();
      await new Promise((r) => setTimeout(r, 3000));
    }
    return {
      camerasOnline: Number(up),
      cores: Math.round(idleCores * 1000) / 1000,
      rssMb,
      percentOfCorePerViewer: perViewer,
      viewers: VIEWERS,
    };
  }

  result.machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, load: os.loadavg() };
  // A run of some steps keeps the other steps' last figures.
  const out = path.join(repoRoot, 'bench', 'results', 'video.json');
  const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ ...previous, ...result, steps: [...STEPS] }, null, 2) + '\n');
  say('wrote bench/results/video.json');
  await browser.close();
  await stack.stop();
  await services.stop();
}

/**
 * A clip as costly to relay as a real camera's main stream: moving noise at a constant 2.4 Mbit/s
 * (the demo clips are a still picture and a clock, a few hundred kbit/s). Made once, cached.
 */
async function busyClip(fps: number): Promise<string> {
  const dir = path.join(repoRoot, 'var', 'e2e', 'clips', 'bench-busy-v1');
  const file = path.join(dir, 'main.h264');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const r = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=s=1280x720:r=${fps}:d=6,noise=alls=20:allf=t`,
      '-c:v',
      'libx264',
      '-profile:v',
      'baseline',
      '-preset',
      'superfast',
      '-b:v',
      '2400k',
      '-maxrate',
      '2400k',
      '-bufsize',
      '2400k',
      '-g',
      String(fps),
      '-keyint_min',
      String(fps),
      '-sc_threshold',
      '0',
      '-bf',
      '0',
      '-x264-params',
      'aud=1:nal-hrd=cbr',
      '-pix_fmt',
      'yuv420p',
      '-an',
      '-f',
      'h264',
      tmp,
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`ffmpeg could not make the busy clip (exit ${r.status})`);
  renameSync(tmp, file);
  return file;
}

/** One viewer in the page, per transport, over the play URLs; frames decoded for the clock when asked. */
async function startViewer(
  page: Page,
  transport: 'webrtc' | 'fmp4' | 'hls',
  play: PlayResponse,
  decode = false,
): Promise<void> {
  await page.evaluate(
    async ({ transport, play, decode }) => {
      type W = Window & {
        __lags: number[];
        __first: number | null;
        __t0: number;
        ClockCode: {
          decodeClock(i: { data: Uint8ClampedArray; width: number; height: number }): number | null;
        };
        Hls: new (o: object) => { loadSource(u: string): void; attachMedia(v: HTMLVideoElement): void };
      };
      const w = window as unknown as W;
      w.__lags ??= [];
      w.__first = null;
      w.__t0 = performance.now();
      const v = document.createElement('video');
      v.muted = true;
      v.autoplay = true;
      v.playsInline = true;
      v.width = 320;
      document.body.append(v);
      const canvas = document.createElement('canvas');
      const onFrame = () => {
        w.__first ??= performance.now() - w.__t0;
        if (decode && v.videoWidth) {
          canvas.width = v.videoWidth / 2;
          canvas.height = v.videoHeight / 2;
          const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
          ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
          const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
          const at = w.ClockCode.decodeClock(img);
          if (at !== null) w.__lags.push(Date.now() - at);
        }
        v.requestVideoFrameCallback(onFrame);
      };
      v.requestVideoFrameCallback(onFrame);
      if (transport === 'webrtc') {
        const pc = new RTCPeerConnection();
        pc.addTransceiver('video', { direction: 'recvonly' });
        pc.ontrack = (e) => (v.srcObject = e.streams[0] ?? new MediaStream([e.track]));
        await pc.setLocalDescription(await pc.createOffer());
        const res = await fetch(play.whepUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/sdp' },
          body: pc.localDescription!.sdp,
        });
        await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
      } else if (transport === 'fmp4') {
        const ms = new MediaSource();
        v.src = URL.createObjectURL(ms);
        await new Promise((r) => ms.addEventListener('sourceopen', r, { once: true }));
        const ws = new WebSocket(play.wsUrl);
        ws.binaryType = 'arraybuffer';
        let sb: SourceBuffer | null = null;
        const queue: ArrayBuffer[] = [];
        const pump = () => {
          if (!sb || sb.updating || !queue.length) return;
          sb.appendBuffer(queue.shift()!);
          const b = sb.buffered;
          // Stay at the live edge: the wall does the same.
          if (b.length && b.end(b.length - 1) - v.currentTime > 0.5)
            v.currentTime = b.end(b.length - 1) - 0.05;
        };
        ws.onmessage = (m) => {
          if (typeof m.data === 'string') {
            const { codec } = JSON.parse(m.data) as { codec: string };
            sb = ms.addSourceBuffer(`video/mp4; codecs="${codec}"`);
            sb.mode = 'segments';
            sb.addEventListener('updateend', pump);
          } else {
            queue.push(m.data as ArrayBuffer);
            pump();
          }
        };
      } else {
        const hls = new w.Hls({ lowLatencyMode: true, liveSyncDurationCount: 1 });
        hls.loadSource(play.hlsUrl);
        hls.attachMedia(v);
      }
      void v.play().catch(() => undefined);
    },
    { transport, play, decode },
  );
}

async function measureG2G(
  page: Page,
  transport: 'webrtc' | 'fmp4' | 'hls',
  play: PlayResponse,
  seconds: number,
) {
  await startViewer(page, transport, play, true);
  await page.waitForFunction(
    () => (window as unknown as { __first: number | null }).__first !== null,
    undefined,
    { timeout: 30_000 },
  );
  // Settle to live, then measure.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 2000)));
  await page.evaluate(() => ((window as unknown as { __lags: number[] }).__lags.length = 0));
  await page.evaluate((s) => new Promise((r) => setTimeout(r, s * 1000)), seconds);
  return page.evaluate(() => {
    const w = window as unknown as { __lags: number[]; __first: number };
    return { lags: w.__lags.slice(), firstFrameMs: Math.round(w.__first) };
  });
}

await main();
