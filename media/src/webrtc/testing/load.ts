import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startFfmpegFeed } from './ffmpeg-feed.ts';
import { startTestApp } from './test-app.ts';
import { weriftViewer, type WeriftViewer } from './werift-viewer.ts';

/**
 * Measures what one media process spends per WebRTC viewer: this process serves a real ffmpeg
 * feed (1280x720, 25 fps, ~2.4 Mbit/s) over WHEP; a child process holds N werift viewers, so their
 * decryption is not counted here. Prints CPU % of one core and event-loop delay per N.
 *
 *   node --import tsx media/src/webrtc/testing/load.ts 10 30
 */
const WINDOW_MS = Number(process.env.LOAD_WINDOW_MS ?? 10_000);

async function serve(counts: number[]) {
  const ff = await startFfmpegFeed({
    width: 1280,
    height: 720,
    fps: 25,
    gop: 25,
    extra: ['-b:v', '2400k', '-maxrate', '2400k', '-bufsize', '1200k'],
  });
  await ff.ready;
  const max = Math.max(...counts);
  const app = await startTestApp({
    feed: ff.feed,
    ports: '41400-41599',
    maxViewers: max + 5,
    watchdogMs: 8000,
  });
  // Two viewer processes: one werift process cannot decrypt 30+ streams in time on its own.
  const children = [0, 1].map(() =>
    fork(fileURLToPath(import.meta.url), ['--viewers'], { execArgv: ['--import', 'tsx'] }),
  );
  const askOne = (child: (typeof children)[number], msg: object) =>
    new Promise<{ frames: number; viewers: number }>((resolve) => {
      child.once('message', (m) => resolve(m as { frames: number; viewers: number }));
      child.send(msg);
    });
  const ask = async (msg: { add?: string[]; frames?: boolean }) => {
    const parts = await Promise.all(
      children.map((c, i) =>
        askOne(c, msg.add ? { add: msg.add.filter((_, k) => k % children.length === i) } : msg),
      ),
    );
    return {
      frames: parts.reduce((a, p) => a + p.frames, 0),
      viewers: parts.reduce((a, p) => a + p.viewers, 0),
    };
  };
  const idle = await measure(async () => {
    await new Promise((r) => setTimeout(r, WINDOW_MS));
  });
  console.warn(JSON.stringify({ viewers: 0, cpuPct: idle.cpu, loopP99Ms: idle.p99 }));
  for (const n of counts) {
    const urls = Array.from({ length: n - app.sessions.count }, () => `${app.url}/v/${app.token()}/whep`);
    await ask({ add: urls });
    await new Promise((r) => setTimeout(r, 2000));
    const before = ff.stats();
    let frames = { frames: 0, viewers: 0 };
    const m = await measure(async () => {
      const start = await ask({ frames: true });
      await new Promise((r) => setTimeout(r, WINDOW_MS));
      const end = await ask({ frames: true });
      frames = { frames: end.frames - start.frames, viewers: end.viewers };
    });
    const cameraFrames = ff.stats().units - before.units;
    const mbps = ((ff.stats().bytes - before.bytes) * 8) / (WINDOW_MS * 1000);
    console.warn(
      JSON.stringify({
        viewers: n,
        sessions: app.sessions.count,
        cpuPct: m.cpu,
        perViewerPct: +((m.cpu - idle.cpu) / n).toFixed(2),
        loopP99Ms: m.p99,
        framesPerViewerPerS: +(frames.frames / frames.viewers / (WINDOW_MS / 1000)).toFixed(1),
        cameraFps: +(cameraFrames / (WINDOW_MS / 1000)).toFixed(1),
        cameraMbps: +mbps.toFixed(2),
      }),
    );
  }
  for (const c of children) c.kill();
  await app.close();
  await ff.stop();
}

async function measure(during: () => Promise<void>) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await during();
  const c = process.cpuUsage(c0);
  const wall = Number(process.hrtime.bigint() - t0) / 1000;
  h.disable();
  return { cpu: +((100 * (c.user + c.system)) / wall).toFixed(1), p99: +(h.percentile(99) / 1e6).toFixed(1) };
}

async function viewers() {
  const held: WeriftViewer[] = [];
  // The parent went away (killed, crashed): take the viewers down with it.
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (m: { add?: string[]; frames?: boolean }) => {
    if (m.add) {
      for (const url of m.add) {
        const v = await weriftViewer(url);
        await v.firstFrame;
        held.push(v);
      }
      process.send!({ viewers: held.length, frames: 0 });
    } else
      process.send!({ viewers: held.length, frames: held.reduce((sum, v) => sum + v.stats().frames, 0) });
  });
}

if (process.argv.includes('--viewers')) await viewers();
else
  await serve(
    process.argv
      .slice(2)
      .map(Number)
      .filter((n) => n > 0),
  );
