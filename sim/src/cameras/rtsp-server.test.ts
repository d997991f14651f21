import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIP, ensureClip, type ClipFiles, type ClipSpec } from './clips.ts';
import { keyframeIntervals, probeStream, pull, rtspDescribe } from './probe.ts';
import { startCameraServer, type CameraServer } from './rtsp-server.ts';

// A 2 s clip (two keyframe intervals) so that a few seconds of pull cross the loop seam twice.
const spec: ClipSpec = {
  ...DEFAULT_CLIP,
  seconds: 2,
  title: "Kelurahan Uji's 100% \\ test",
  subtitle: 'Kamera loket · #1',
  tint: 120,
};
const logs: string[] = [];
const log = (level: string, msg: string) => void logs.push(`${level} ${msg}`);

let dir: string;
let clip: ClipFiles;
let server: CameraServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pkk-clips-'));
  clip = await ensureClip(spec, { dir });
  server = await startCameraServer({
    port: 0,
    log,
    mounts: [
      { path: '/k/31.71.01.1001/1/main', file: clip.main },
      { path: '/k/31.71.01.1001/1/sub', file: clip.sub },
    ],
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const MAIN = '/k/31.71.01.1001/1/main';
const SUB = '/k/31.71.01.1001/1/sub';

function expectSeamless(frames: { pts: number | null }[]): void {
  const pts = frames.map((f) => f.pts).filter((p): p is number => p !== null);
  for (let i = 1; i < pts.length; i++) expect(pts[i]!).toBeGreaterThan(pts[i - 1]!);
}

describe('clip cache', () => {
  it('is made once and found again', async () => {
    expect(clip.cached).toBe(false);
    const mtime = statSync(clip.main).mtimeMs;
    const again = await ensureClip(spec, { dir });
    expect(again).toMatchObject({ main: clip.main, sub: clip.sub, cached: true, ms: 0 });
    expect(statSync(clip.main).mtimeMs).toBe(mtime);
    // Another parameter, another clip.
    const other = await ensureClip({ ...spec, tint: 121, seconds: 1 }, { dir });
    expect(other.cached).toBe(false);
    expect(other.main).not.toBe(clip.main);
  });
});

describe('camera RTSP server', () => {
  it('serves the sub stream over TCP: H.264 640x360, a keyframe a second, seamless over the loop', async () => {
    const r = await probeStream(server.url(SUB), { transport: 'tcp', seconds: 5 });
    expect(r.codec).toBe('h264');
    expect(r.profile).toBe('Constrained Baseline');
    expect(r.frames.length).toBeGreaterThan(60);
    expect(new Set(r.frames.map((f) => `${f.width}x${f.height}`))).toEqual(new Set(['640x360']));
    const gaps = keyframeIntervals(r.frames);
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    for (const g of gaps) expect(g).toBeCloseTo(1, 1);
    expectSeamless(r.frames);
    expect(r.errors).toEqual([]);
  });

  it('serves the main stream over UDP at 1280x720', async () => {
    const r = await probeStream(server.url(MAIN), { transport: 'udp', seconds: 5 });
    expect(r.codec).toBe('h264');
    expect(r.frames.length).toBeGreaterThan(50);
    expect(r.frames.every((f) => f.width === 1280 && f.height === 720)).toBe(true);
    for (const g of keyframeIntervals(r.frames)) expect(g).toBeCloseTo(1, 1);
    expectSeamless(r.frames);
  });

  it('takes a camera down (clients cut, DESCRIBE refused) and brings it back', async () => {
    expect(await rtspDescribe(server.url(SUB))).toBe(200);
    const client = pull(server.url(SUB), 'tcp');
    const udpClient = pull(server.url(SUB), 'udp');
    try {
      await until(() => client.progressFrames() > 0 && udpClient.progressFrames() > 0, 10_000);
      await server.setDown(SUB, true);
      expect(server.isDown(SUB)).toBe(true);
      const cut = await Promise.race([
        client.exited.then(() => 'cut'),
        sleep(5000).then(() => 'still pulling'),
      ]);
      expect(cut).toBe('cut');
      expect(await rtspDescribe(server.url(SUB))).toBe(404);
      // The main stream of the same camera is its own mount and plays on.
      expect(await rtspDescribe(server.url(MAIN))).toBe(200);
      // The UDP client's frames stop too: its frame count no longer grows.
      await sleep(1500);
      const frozen = udpClient.progressFrames();
      await sleep(1500);
      expect(udpClient.progressFrames()).toBe(frozen);
    } finally {
      client.stop();
      udpClient.stop();
    }
    await server.setDown(SUB, false);
    expect(await rtspDescribe(server.url(SUB))).toBe(200);
    const r = await probeStream(server.url(SUB), { transport: 'tcp', seconds: 2 });
    expect(r.frames.length).toBeGreaterThan(20);
  });

  it('refuses bad requests with clear errors and keeps serving', async () => {
    await expect(server.setDown('/k/nope/1/main', true)).rejects.toThrow(/no mount \/k\/nope\/1\/main/);
    await expect(
      server.addMounts([{ path: '/k/x/1/main', file: path.join(dir, 'missing.h264') }]),
    ).rejects.toThrow(/no clip at/);
    await expect(server.addMounts([{ path: 'no-slash', file: clip.main }])).rejects.toThrow(
      /expected a path/,
    );
    await expect(server.addMounts([{ path: MAIN, file: clip.main }])).rejects.toThrow(/duplicate mount/);
    await expect(
      server.addMounts([{ path: '/k/x/1/bad', file: path.join(dir, 'pkk-not-h264') }]),
    ).rejects.toThrow();
    expect(await rtspDescribe(server.url(MAIN))).toBe(200);
    expect(await server.stats()).toMatchObject({ mounts: 2, down: 0 });
  });

  it('is restarted when it dies, on the same port, with its mounts and outages', async () => {
    await server.setDown(SUB, true);
    const pid = server.pid()!;
    process.kill(pid, 'SIGKILL');
    await until(() => server.pid() !== null && server.pid() !== pid, 15_000);
    await until(() => logs.some((l) => /restarted/.test(l)), 5_000);
    // The mounts come back through the control socket right after the restart.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = await rtspDescribe(server.url(MAIN)).catch(() => 0);
      if (status !== 200) await sleep(100);
    }
    expect(status).toBe(200);
    expect(await rtspDescribe(server.url(SUB))).toBe(404);
    await server.setDown(SUB, false);
    expect(await rtspDescribe(server.url(SUB))).toBe(200);
  });

  it('says what is wrong when the port is taken', async () => {
    await expect(startCameraServer({ port: server.port, log, mounts: [] })).rejects.toThrow(
      /camera RTSP server/,
    );
  });
});

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error('timed out waiting');
    await sleep(100);
  }
}
function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
