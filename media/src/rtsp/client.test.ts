import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startRtspSource, type RtspSource } from '../testing/rtsp-source.ts';
import { RtspClient, RtspError } from './client.ts';
import { H264Depacketizer } from './h264-depacketizer.ts';

/** Plays a URL until the first keyframe arrives; resolves with its NAL types. */
async function firstKeyframe(url: string): Promise<number[]> {
  let dep: H264Depacketizer | null = null;
  let done: (types: number[]) => void = () => undefined;
  const got = new Promise<number[]>((r) => (done = r));
  const client = new RtspClient({ url, onRtp: (p) => dep?.push(p), onClose: () => undefined });
  const session = await client.start();
  dep = new H264Depacketizer(
    session.video.payloadType,
    { onAccessUnit: (au) => au.keyframe && done(au.nalus.map((n) => n[0]! & 0x1f)) },
    Date.now,
  );
  try {
    return await got;
  } finally {
    await client.close();
  }
}

describe('RtspClient against a real server that asks for credentials', () => {
  const sources: RtspSource[] = [];
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
  });

  for (const method of ['digest', 'basic'] as const) {
    it(`authenticates by ${method} with the URL's user and (escaped) password`, async () => {
      const src = await startRtspSource({ auth: { method, user: 'admin', password: 'p@ss:w0rd/x' } });
      sources.push(src);
      expect(await firstKeyframe(src.url)).toContain(5);
      const wrong = src.url.replace(/:[^:@]*@/, ':wrong@');
      const err = await new RtspClient({ url: wrong, onRtp: () => undefined, onClose: () => undefined })
        .start()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RtspError);
      expect((err as RtspError).status).toBe(401);
    });
  }

  it('fails cleanly on a refused connection and a non-RTSP URL', async () => {
    const err = await new RtspClient({
      url: 'rtsp://127.0.0.1:1/x',
      onRtp: () => undefined,
      onClose: () => undefined,
    })
      .start()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RtspError);
    expect(
      () => new RtspClient({ url: 'http://127.0.0.1/x', onRtp: () => undefined, onClose: () => undefined }),
    ).toThrow(/not an RTSP URL/);
  });
});

/** A 'camera' that answers every request with what `reply` writes. */
async function lyingCamera(
  reply: (socket: net.Socket, request: string) => void,
): Promise<{ url: string; close(): void }> {
  const server = net.createServer((socket) => {
    socket.on('data', (d) => reply(socket, d.toString('latin1')));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `rtsp://127.0.0.1:${(server.address() as AddressInfo).port}/x`, close: () => server.close() };
}
const cseq = (req: string) => /CSeq: (\d+)/.exec(req)?.[1] ?? '0';

describe('RtspClient against a camera that lies', () => {
  it('survives random bytes, an absurd Content-Length, a bogus SDP and a failing SETUP: errors, not crashes', async () => {
    const cases: ((s: net.Socket, req: string) => void)[] = [
      (s) => s.write(randomBytes(5000)),
      (s, req) => s.write(`RTSP/1.0 200 OK\r\nCSeq: ${cseq(req)}\r\nContent-Length: 999999999\r\n\r\n`),
      (s, req) => {
        const body = req.startsWith('DESCRIBE')
          ? 'v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H265/90000\r\n'
          : '';
        s.write(`RTSP/1.0 200 OK\r\nCSeq: ${cseq(req)}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      },
      (s, req) => {
        const body = req.startsWith('DESCRIBE')
          ? 'v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:t1\r\n'
          : '';
        const status = req.startsWith('SETUP') ? '461 Unsupported Transport' : '200 OK';
        s.write(`RTSP/1.0 ${status}\r\nCSeq: ${cseq(req)}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      },
    ];
    const messages: string[] = [];
    for (const reply of cases) {
      const cam = await lyingCamera(reply);
      const err = await new RtspClient({
        url: cam.url,
        timeoutMs: 1_000,
        onRtp: () => undefined,
        onClose: () => undefined,
      })
        .start()
        .catch((e: unknown) => e);
      cam.close();
      expect(err).toBeInstanceOf(Error);
      messages.push((err as Error).message);
    }
    expect(messages[0]).toMatch(/not answered/);
    expect(messages[1]).toMatch(/Content-Length/);
    expect(messages[2]).toMatch(/no H.264 video track/);
    expect(messages[3]).toMatch(/SETUP answered 461/);
  });
});
