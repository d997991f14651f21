import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CameraHealthChange } from '@pkk/core';
import { channels } from '@pkk/platform/infra/redis';
import { testContext } from '@pkk/platform/testing/context';
import { CAMERA_KEY_HEX, SIGNING_KEY, seedCamera } from '../testing/fixtures.ts';
import { startMedia, type RunningMedia } from '../start.ts';
import { HealthAnnouncer } from './announcer.ts';

/**
 * Camera health reaches Redis even when it is told before the connection is ready: at start (every
 * camera's first state) and during an outage. Real Redis; the media node under test is real too.
 */
describe('camera health announcements', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let media: RunningMedia | null = null;
  const heard: CameraHealthChange[] = [];

  beforeAll(async () => {
    ctx = await testContext({
      MEDIA_SIGNING_KEY: SIGNING_KEY,
      CAMERA_SECRET_KEY: CAMERA_KEY_HEX,
      MEDIA_PORT: '0',
      VAR_DIR: mkdtempSync(path.join(os.tmpdir(), 'pkk-health-')),
      SNAPSHOT_INTERVAL_SECONDS: '0',
    });
    const sub = ctx.redis.create('subscriber', 'test-health-sub');
    sub.on('message', (_c: string, m: string) => heard.push(...(JSON.parse(m) as CameraHealthChange[])));
    await sub.subscribe(channels.cameraHealth(ctx.env.REDIS_PREFIX));
  });
  afterAll(async () => {
    await media?.close();
    await ctx?.dispose();
  });

  it("tells every camera's first state at start, none lost to a connection not yet ready", async () => {
    // Unreachable cameras pulled on demand: nobody watches, each is 'idle' from the start.
    const ids = await Promise.all(
      [1, 2, 3].map((n) => seedCamera(ctx.db, { main: `rtsp://127.0.0.1:9/cam${n}` })),
    );
    const warn = vi.fn();
    const log = ctx.log;
    const child = log.child.bind(log);
    // Every warning the node logs is seen here (it logs through a child of the context's logger).
    const spied = Object.assign(Object.create(log) as typeof log, {
      child: (b: object) => {
        const c = child(b);
        return Object.assign(Object.create(c) as typeof c, { warn: (...a: unknown[]) => warn(...a) });
      },
    });
    media = await startMedia({ ...ctx, log: spied }, { port: 0 });
    await vi.waitFor(
      () =>
        expect(new Set(heard.filter((h) => ids.includes(h.cameraId)).map((h) => h.cameraId)).size).toBe(3),
      { timeout: 5_000, interval: 50 },
    );
    expect(heard.filter((h) => ids.includes(h.cameraId)).map((h) => h.health.state)).toEqual([
      'idle',
      'idle',
      'idle',
    ]);
    expect(warn.mock.calls.map((c) => c[1])).not.toContain(
      'camera health not announced; screens catch up on their next load',
    );
  });

  it('keeps what is told during an outage, the latest per camera, and sends it on reconnect', async () => {
    const pub = ctx.redis.create('producer', 'test-announcer');
    const announcer = new HealthAnnouncer(pub, ctx.env.REDIS_PREFIX, ctx.log);
    const change = (cameraId: string, state: CameraHealthChange['health']['state']): CameraHealthChange => ({
      cameraId,
      kelurahanCode: '16.71.01.1001',
      health: {
        state,
        lastFrameAt: null,
        since: 0,
        bitrateKbps: null,
        reconnects: 0,
        lastError: null,
        node: 'media-x',
      },
    });
    const cam = '00000000-0000-4000-8000-00000000000a';
    // Before the first connect completes: it waits, then goes.
    expect(pub.status).not.toBe('ready');
    await announcer.announce(change(cam, 'connecting'));
    await vi.waitFor(() => expect(heard.some((h) => h.cameraId === cam)).toBe(true), {
      timeout: 5_000,
      interval: 20,
    });
    // Connection lost: two changes of one camera, only the latter is sent once it is back.
    const ended = new Promise((resolve) => pub.once('end', resolve));
    pub.disconnect();
    await ended;
    await announcer.announce(change(cam, 'online'));
    await announcer.announce(change(cam, 'offline'));
    expect(announcer.waiting).toBe(1);
    const before = heard.length;
    await pub.connect();
    await vi.waitFor(() => expect(heard.length).toBe(before + 1), { timeout: 5_000, interval: 20 });
    expect(heard.at(-1)).toMatchObject({ cameraId: cam, health: { state: 'offline' } });
    expect(announcer.waiting).toBe(0);
    pub.disconnect();
  });
});
