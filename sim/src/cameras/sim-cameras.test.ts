import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rtspDescribe } from './probe.ts';
import { SimCameras } from './sim-cameras.ts';

const offices = [
  { code: '31.71.01.1001', name: 'Gambir' },
  { code: '31.71.01.1002', name: 'Cideng' },
];
const dir = mkdtempSync(path.join(os.tmpdir(), 'pkk-simcams-'));
const log = () => {};
const started: SimCameras[] = [];

afterAll(async () => {
  for (const s of started) await s.stop();
  rmSync(dir, { recursive: true, force: true });
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

describe('simulated cameras', () => {
  it('serves every planned camera, plays a scenario outage on the sim clock, and reuses clips', async () => {
    const cams = await SimCameras.start({
      seed: '1',
      offices,
      port: 0,
      clipDir: dir,
      log,
      clipSeconds: 1,
      nice: 0,
    });
    started.push(cams);
    const done = await cams.clipsDone;
    expect(done).toMatchObject({ made: cams.cameras.length, failed: 0 });
    for (const c of cams.cameras) {
      expect(await rtspDescribe(cams.url(c.mainPath))).toBe(200);
      expect(await rtspDescribe(cams.url(c.subPath))).toBe(200);
    }

    const { truth } = cams.planDay(day, new Set(['31.71.01.1001']), [
      { type: 'camera_down', kelurahan: '31.71.01.1001', camera: 1, at: '09:00', minutes: 10 },
    ]);
    expect(truth).toMatchObject([
      { type: 'camera_down', kelurahan: '31.71.01.1001', camera: 1, minutes: 10 },
    ]);
    const [main, sub] = ['/k/31.71.01.1001/1/main', '/k/31.71.01.1001/1/sub'].map((p) => cams.url(p));
    const other = cams.url(cams.cameras.find((c) => c.kelurahanCode === '31.71.01.1002')!.mainPath);

    await cams.outages.apply(at('08:59'));
    expect(await rtspDescribe(main!)).toBe(200);
    await cams.outages.apply(at('09:05'));
    expect(await rtspDescribe(main!)).toBe(404);
    expect(await rtspDescribe(sub!)).toBe(404);
    expect(await rtspDescribe(other)).toBe(200);
    // A clock that jumps past the end brings it back, whatever came in between.
    await cams.outages.apply(at('11:00'));
    expect(await rtspDescribe(main!)).toBe(200);
    expect(await rtspDescribe(sub!)).toBe(200);
    await cams.stop();

    const again = await SimCameras.start({ seed: '1', offices, port: 0, clipDir: dir, log, clipSeconds: 1 });
    started.push(again);
    expect(await again.clipsDone).toMatchObject({ made: 0, cached: again.cameras.length, failed: 0 });
  });
});
