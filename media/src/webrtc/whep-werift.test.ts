import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFfmpegFeed, type FfmpegFeed } from './testing/ffmpeg-feed.ts';
import { startTestApp, type TestApp } from './testing/test-app.ts';
import { weriftViewer } from './testing/werift-viewer.ts';

/** WHEP against a real express server and real ffmpeg H.264, received by a werift peer. */
describe('WHEP with a werift viewer', () => {
  let ff: FfmpegFeed;
  let app: TestApp;

  beforeAll(async () => {
    ff = await startFfmpegFeed();
    await ff.ready;
    app = await startTestApp({ feed: ff.feed, ports: '41100-41109', watchdogMs: 3000 });
  });
  afterAll(async () => {
    await app?.close();
    await ff?.stop();
  });

  it('receives the keyframe cache at once, then live pictures', async () => {
    const v = await weriftViewer(`${app.url}/v/${app.token()}/whep`, '42e01f');
    // ice-lite, DTLS server, the one H.264 payload type, one host candidate on a port of the range.
    expect(v.answer).toContain('a=ice-lite');
    expect(v.answer).toContain('a=setup:passive');
    expect(v.answer.match(/^a=rtpmap:\d+ /gm)).toHaveLength(1);
    const candidates = v.answer.match(/^a=candidate:.*$/gm) ?? [];
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatch(/ udp \d+ 127\.0\.0\.1 411\d\d typ host/);
    const ms = await v.firstFrame;
    const atFirst = v.stats();
    expect(atFirst.keyframes).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1500));
    const later = v.stats();
    // 15 fps: about 20 more pictures in 1.5 s.
    expect(later.frames - atFirst.frames).toBeGreaterThan(12);
    expect(app.events.filter((e) => e.kind === 'start')).toHaveLength(1);
    await v.close();
    expect(app.sessions.count).toBe(0);
    expect(app.events.filter((e) => e.kind === 'end')).toHaveLength(1);
    expect(app.acquired()).toBe(0);
    console.warn(`werift viewer: first frame ${ms} ms after POST`);
  });

  it('notices a viewer that vanished without DELETE', async () => {
    const v = await weriftViewer(`${app.url}/v/${app.token()}/whep`, '42e01f');
    await v.firstFrame;
    expect(app.sessions.count).toBe(1);
    const gone = performance.now();
    await v.vanish();
    while (app.sessions.count > 0 && performance.now() - gone < 10_000)
      await new Promise((r) => setTimeout(r, 100));
    expect(app.sessions.count).toBe(0);
    expect(app.ports.inUse).toBe(0);
    console.warn(`vanished viewer closed after ${performance.now() - gone} ms`);
  });
});
