import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@pkk/platform/config/paths';
import { grabRgba, rtspDescribe } from './probe.ts';
import { SimCameras } from './sim-cameras.ts';

const offices = [
  { code: '31.71.01.1001', name: 'Gambir' },
  { code: '31.71.01.1002', name: 'Cideng' },
];
const desks = ['loket-1', 'loket-2', 'loket-3'];
// The scene clips are the same for every run: kept between runs like the e2e clips (a first run makes them).
const clipDir = path.join(repoRoot, 'var', 'test', 'scene-clips');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pkk-simcams-'));
const log = () => {};
const started: SimCameras[] = [];

afterAll(async () => {
  for (const s of started) await s.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// The simulated clock is injected as plain instants (Jakarta time spelled out), never the machine's.
const at = (hhmm: string) => Date.parse(`2026-03-10T${hhmm}:00+07:00`);
const day = {
  seed: '1',
  date: '2026-03-10',
  hours: { start: '07:30', end: '16:00', breakStart: '12:00', breakEnd: '13:00' },
  zone: 'Asia/Jakarta',
  factor: 0,
  scenario: 'test',
};

/** The latest of `frames` sub-stream frames (640x360 RGBA). */
async function lastFrame(url: string, frames = 30): Promise<Buffer> {
  let last: Buffer | null = null;
  await grabRgba(url, { width: 640, height: 360, frames, timeoutMs: 30_000 }, (f) => {
    last = Buffer.from(f);
  });
  if (!last) throw new Error(`no frame from ${url}`);
  return last;
}

/** Share of the pixels inside a zone (fractions of the picture) that differ between two frames. */
function changed(a: Buffer, b: Buffer, zone: [number, number][]): number {
  const [x0, y0] = zone[0]!;
  const [x1, y1] = zone[2]!;
  let n = 0;
  let diff = 0;
  for (let y = Math.round(y0 * 360); y < Math.round(y1 * 360); y++)
    for (let x = Math.round(x0 * 640); x < Math.round(x1 * 640); x++) {
      const p = (y * 640 + x) * 4;
      const d = Math.abs(a[p]! - b[p]!) + Math.abs(a[p + 1]! - b[p + 1]!) + Math.abs(a[p + 2]! - b[p + 2]!);
      n++;
      if (d > 90) diff++;
    }
  return diff / n;
}

describe('simulated cameras', () => {
  it('shows a person in the zone of an occupied desk, switching clips on the sim clock, and plays outages', async () => {
    const cams = await SimCameras.start({
      seed: '1',
      offices,
      desksOf: () => desks,
      port: 0,
      clipDir,
      log,
      nice: 0,
    });
    started.push(cams);
    const done = await cams.clipsDone;
    expect(done).toMatchObject({ made: cams.cameras.length, failed: 0 });
    for (const c of cams.cameras) {
      expect(await rtspDescribe(cams.url(c.mainPath))).toBe(200);
      expect(await rtspDescribe(cams.url(c.subPath))).toBe(200);
    }

    const deskCam = cams.cameras.find((c) => c.kelurahanCode === '31.71.01.1001' && c.placement === 'desks')!;
    const zones = cams.zonesOf(deskCam);
    expect(zones.map((z) => z.desk)).toEqual(desks);
    const sub = cams.url(deskCam.subPath);

    // loket-2 is occupied 09:00-10:00; the truth tiles the day for every desk.
    const truth = cams.planOccupancy(
      day.date,
      day.zone,
      new Map([['31.71.01.1001', new Map([['loket-2', [{ from: at('09:00'), to: at('10:00') }]]])]]),
    );
    expect(truth.filter((e) => e.desk === 'loket-2').map((e) => [e.state, e.from, e.to])).toEqual([
      ['empty', '2026-03-10T00:00:00+07:00', '2026-03-10T09:00:00+07:00'],
      ['occupied', '2026-03-10T09:00:00+07:00', '2026-03-10T10:00:00+07:00'],
      ['empty', '2026-03-10T10:00:00+07:00', '2026-03-11T00:00:00+07:00'],
    ]);
    expect(truth.filter((e) => e.desk === 'loket-1').map((e) => e.state)).toEqual(['empty']);

    cams.tick(at('08:59'));
    expect(cams.stateOf('31.71.01.1001')).toBe(0);
    const empty = await lastFrame(sub, 5);
    cams.tick(at('09:30'));
    expect(cams.stateOf('31.71.01.1001')).toBe(0b010);
    // The switch waits for a keyframe (one a second) behind the GOP already handed over: 30 frames at 10 fps are past it.
    const occupied = await lastFrame(sub);
    expect(changed(empty, occupied, zones[1]!.polygon)).toBeGreaterThan(0.05);
    expect(changed(empty, occupied, zones[0]!.polygon)).toBeLessThan(0.005);
    expect(changed(empty, occupied, zones[2]!.polygon)).toBeLessThan(0.005);
    cams.tick(at('10:00'));
    expect(cams.stateOf('31.71.01.1001')).toBe(0);

    const { truth: down } = cams.planDay(day, new Set(['31.71.01.1001']), [
      { type: 'camera_down', kelurahan: '31.71.01.1001', camera: 1, at: '09:00', minutes: 10 },
    ]);
    expect(down).toMatchObject([{ type: 'camera_down', kelurahan: '31.71.01.1001', camera: 1, minutes: 10 }]);
    const main = cams.url('/k/31.71.01.1001/1/main');
    const other = cams.url(cams.cameras.find((c) => c.kelurahanCode === '31.71.01.1002')!.mainPath);
    await cams.outages.apply(at('08:59'));
    expect(await rtspDescribe(main)).toBe(200);
    await cams.outages.apply(at('09:05'));
    expect(await rtspDescribe(main)).toBe(404);
    expect(await rtspDescribe(sub)).toBe(404);
    expect(await rtspDescribe(other)).toBe(200);
    // A clock that jumps past the end brings it back, whatever came in between.
    await cams.outages.apply(at('11:00'));
    expect(await rtspDescribe(main)).toBe(200);
    expect(await rtspDescribe(sub)).toBe(200);
    await cams.stop();

    const again = await SimCameras.start({ seed: '1', offices, desksOf: () => desks, port: 0, clipDir, log });
    started.push(again);
    const t0 = performance.now();
    expect(await again.clipsDone).toMatchObject({ made: again.cameras.length, failed: 0 });
    // Found in the cache: no ffmpeg run.
    expect(performance.now() - t0).toBeLessThan(5000);
  }, 240_000);
});
