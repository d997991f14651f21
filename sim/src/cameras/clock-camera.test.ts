import { decodeClock } from '@pkk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grabRgba, keyframeIntervals, probeStream } from './probe.ts';
import { startCameraServer, type CameraServer } from './rtsp-server.ts';

let server: CameraServer;
let url: string;

beforeAll(async () => {
  server = await startCameraServer({ port: 0, log: () => {}, mounts: [] });
  url = await server.addClock();
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

describe('clock camera', () => {
  it('is live H.264 at 1280x720 with a keyframe a second', async () => {
    const r = await probeStream(url, { transport: 'tcp', seconds: 3 });
    expect(r.codec).toBe('h264');
    expect(r.frames.every((f) => f.width === 1280 && f.height === 720)).toBe(true);
    expect(r.frames.length).toBeGreaterThan(50);
    for (const g of keyframeIntervals(r.frames)) expect(g).toBeCloseTo(1, 1);
  });

  it('carries the wall clock: a grabbed frame decodes to within 200 ms of its arrival', async () => {
    const lags: number[] = [];
    let unreadable = 0;
    // Scaled down on the way, as a viewer's tile would be.
    await grabRgba(url, { width: 640, height: 360, frames: 40 }, (rgba, at) => {
      const t = decodeClock({ data: rgba, width: 640, height: 360 });
      if (t === null) unreadable++;
      else lags.push(at - t);
    });
    expect(unreadable).toBe(0);
    expect(lags.length).toBe(40);
    // The first frames wait in ffmpeg's probe; the stream settles to live pace after that.
    // The median is the measure; single frames may lag when the shared 2-core machine is busy.
    const settled = lags.slice(-20).sort((a, b) => a - b);
    const median = settled[settled.length >> 1]!;
    expect(median).toBeGreaterThan(-20);
    expect(median).toBeLessThan(200);
    expect(settled.at(-1)!).toBeLessThan(600);
  });
});
