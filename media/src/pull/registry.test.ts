import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@pkk/platform/infra/logger';
import { startRtspSource, type RtspSource } from '../testing/rtsp-source.ts';
import { testClock } from '../testing/clock.ts';
import { FeedRegistry } from './registry.ts';
import type { PullHealth } from './health.ts';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const CAM = '11111111-1111-4111-8111-111111111111';
const CAM2 = '22222222-2222-4222-8222-222222222222';

describe('camera pulls against a real RTSP server', () => {
  let src: RtspSource;
  const states: { camera: string; health: PullHealth }[] = [];
  let reg: FeedRegistry;

  beforeAll(async () => {
    src = await startRtspSource({ width: 320, height: 240, fps: 15, gop: 15 });
    reg = new FeedRegistry({
      clock: testClock(),
      log,
      idleMs: 300,
      stallMs: 1_500,
      onState: (c, _s, health) => states.push({ camera: c.cameraId, health }),
    });
  });
  afterAll(async () => {
    await reg?.close();
    await src?.stop();
  });

  it('pulls an always-on camera: parameters from the SPS, a cache that starts at a keyframe', async () => {
    await reg.setCameras([
      { cameraId: CAM, kelurahanCode: '3273010001', pullMode: 'always', urls: { main: src.url, sub: null } },
    ]);
    const lease = reg.acquire(CAM, 'sub'); // no sub stream: served main
    expect(lease.feed.stream).toBe('main');
    await vi.waitFor(() => expect(lease.feed.keyframeCache().length).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 50,
    });
    const p = lease.feed.params()!;
    expect(p).toMatchObject({
      width: 320,
      height: 240,
      codecString: 'avc1.42c00c',
      profileLevelId: '42c00c',
    });
    const cache = lease.feed.keyframeCache();
    expect(cache[0]!.keyframe).toBe(true);
    expect(cache.slice(1).every((au) => !au.keyframe)).toBe(true);
    expect(states.map((s) => s.health.state)).toEqual(['connecting', 'online']);
    lease.release();
  });

  it('goes offline when the camera dies and comes back by itself, announcing a gap and the parameters again', async () => {
    const seen: string[] = [];
    const lease = reg.acquire(CAM, 'main');
    const off = lease.feed.subscribe({ onGap: () => seen.push('gap'), onParams: () => seen.push('params') });
    await src.stop();
    await vi.waitFor(() => expect(states.at(-1)?.health.state).toBe('offline'), {
      timeout: 10_000,
      interval: 50,
    });
    await src.start();
    await vi.waitFor(() => expect(states.at(-1)?.health.state).toBe('online'), {
      timeout: 15_000,
      interval: 50,
    });
    const h = [...reg.entries()].find((e) => e.source.cameraId === CAM)!.health;
    expect(h.reconnects).toBeGreaterThanOrEqual(1);
    expect(h.lastFrameAt).not.toBeNull();
    expect(seen.slice(0, 1)).toEqual(['gap']);
    expect(seen).toContain('params');
    off();
    lease.release();
  });

  it('pulls an on-demand camera while leased and stops it after the idle window', async () => {
    await reg.setCameras([
      { cameraId: CAM, kelurahanCode: '3273010001', pullMode: 'always', urls: { main: src.url, sub: null } },
      {
        cameraId: CAM2,
        kelurahanCode: '3273010001',
        pullMode: 'on_demand',
        urls: { main: src.url, sub: null },
      },
    ]);
    expect(reg.runningFeed(CAM2, 'main')).toBeNull();
    const lease = reg.acquire(CAM2, 'main');
    await vi.waitFor(() => expect(lease.feed.keyframeCache().length).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 50,
    });
    lease.release();
    await vi.waitFor(
      () => expect(states.filter((s) => s.camera === CAM2).at(-1)?.health.state).toBe('idle'),
      { timeout: 5_000, interval: 50 },
    );
    expect(reg.runningFeed(CAM2, 'main')).toBeNull();
  });

  it('revokes leases of a camera that leaves the node', async () => {
    const lease = reg.acquire(CAM2, 'main');
    await reg.setCameras([
      { cameraId: CAM, kelurahanCode: '3273010001', pullMode: 'always', urls: { main: src.url, sub: null } },
    ]);
    expect(lease.revoked.aborted).toBe(true);
    expect(() => reg.acquire(CAM2, 'main')).toThrow(/not served/);
  });
});
