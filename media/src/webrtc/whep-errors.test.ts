import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift';
import { startFfmpegFeed, type FfmpegFeed } from './testing/ffmpeg-feed.ts';
import { startTestApp, type TestApp } from './testing/test-app.ts';
import { weriftViewer } from './testing/werift-viewer.ts';

async function offerOf(mimeType: string, parameters?: string): Promise<string> {
  const pc = new RTCPeerConnection({
    iceServers: [],
    codecs: { video: [new RTCRtpCodecParameters({ mimeType, clockRate: 90000, parameters })] },
  });
  pc.addTransceiver('video', { direction: 'recvonly' });
  await pc.setLocalDescription(await pc.createOffer());
  const sdp = pc.localDescription!.sdp;
  await pc.close();
  return sdp;
}

const post = (url: string, body: string, type = 'application/sdp') =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': type }, body });

/** The WHEP router's refusals, each with a clear status and reason, and nothing left held after them. */
describe('WHEP refusals', () => {
  let ff: FfmpegFeed;
  let app: TestApp;

  beforeAll(async () => {
    ff = await startFfmpegFeed();
    await ff.ready;
    app = await startTestApp({ feed: ff.feed, ports: '41300-41301', maxViewers: 2 });
  });
  afterAll(async () => {
    await app?.close();
    await ff?.stop();
  });

  it('401 for an unknown token, 400 for garbage, 415 for another type', async () => {
    const h264 = await offerOf('video/H264', 'packetization-mode=1;profile-level-id=42e01f');
    const bad = await post(`${app.url}/v/nope/whep`, h264);
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('unauthorized');
    const garbage = await post(`${app.url}/v/${app.token()}/whep`, 'hello, I am not SDP');
    expect(garbage.status).toBe(400);
    expect((await post(`${app.url}/v/${app.token()}/whep`, h264, 'text/plain')).status).toBe(415);
    expect(app.ports.inUse).toBe(0);
    expect(app.acquired()).toBe(0);
  });

  it('422 naming the reason when no usable H.264 is offered', async () => {
    const vp8 = await (await post(`${app.url}/v/${app.token()}/whep`, await offerOf('video/VP8'))).json();
    expect(vp8.error.details.reason).toBe('no_h264');
    const high = await post(
      `${app.url}/v/${app.token()}/whep`,
      await offerOf('video/H264', 'packetization-mode=1;profile-level-id=640032'),
    );
    expect(high.status).toBe(422);
    expect((await high.json()).error.details).toEqual({ reason: 'no_matching_profile', offered: ['640032'] });
    expect(app.acquired()).toBe(0);
  });

  it('404 for an unknown session, 405 for PATCH, CORS preflight answered', async () => {
    const token = app.token();
    expect(
      (await fetch(`${app.url}/v/${token}/whep/00000000-0000-4000-8000-000000000000`, { method: 'DELETE' }))
        .status,
    ).toBe(404);
    expect((await fetch(`${app.url}/v/${token}/whep/x`, { method: 'PATCH' })).status).toBe(405);
    const pre = await fetch(`${app.url}/v/${token}/whep`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://web.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(pre.headers.get('access-control-expose-headers')).toContain('Location');
  });

  it('503 with Retry-After when the process is full; a DELETE frees the slot', async () => {
    const a = await weriftViewer(`${app.url}/v/${app.token()}/whep`);
    const b = await weriftViewer(`${app.url}/v/${app.token()}/whep`);
    const full = await post(
      `${app.url}/v/${app.token()}/whep`,
      await offerOf('video/H264', 'packetization-mode=1;profile-level-id=42e01f'),
    );
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toBe('10');
    // Another token cannot end someone else's session.
    expect(
      (await fetch(a.location.replace(/\/v\/[^/]+\//, `/v/${app.token()}/`), { method: 'DELETE' })).status,
    ).toBe(404);
    await a.close();
    const c = await weriftViewer(`${app.url}/v/${app.token()}/whep`);
    await c.firstFrame;
    await b.close();
    await c.close();
    expect(app.ports.inUse).toBe(0);
    expect(app.acquired()).toBe(0);
  });

  it('503 when the reserved port is held by another program, and that port leaves the pool', async () => {
    const squatter = createSocket('udp4');
    await new Promise<void>((r) => squatter.bind(41310, '0.0.0.0', r));
    const small = await startTestApp({ feed: ff.feed, ports: '41310-41311' });
    try {
      const res = await post(
        `${small.url}/v/${small.token()}/whep`,
        await offerOf('video/H264', 'packetization-mode=1;profile-level-id=42e01f'),
      );
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(small.ports.available).toBe(1);
      const v = await weriftViewer(`${small.url}/v/${small.token()}/whep`);
      expect(v.answer).toMatch(/ 41311 typ host/);
      await v.close();
      expect(small.acquired()).toBe(0);
    } finally {
      await small.close();
      await new Promise<void>((r) => squatter.close(() => r()));
    }
  });
});
