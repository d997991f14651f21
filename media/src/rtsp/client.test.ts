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
  dep = new H264Depacketizer(session.video.payloadType, { onAccessUnit: (au) => au.keyframe && done(au.nalus.map((n) => n[0]! & 0x1f)) }, Date.now);
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
      const err = await new RtspClient({ url: wrong, onRtp: () => undefined, onClose: () => undefined }).start().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RtspError);
      expect((err as RtspError).status).toBe(401);
    });
  }

  it('fails cleanly on a refused connection and a non-RTSP URL', async () => {
    const err = await new RtspClient({ url: 'rtsp://127.0.0.1:1/x', onRtp: () => undefined, onClose: () => undefined }).start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RtspError);
    expect(() => new RtspClient({ url: 'http://127.0.0.1/x', onRtp: () => undefined, onClose: () => undefined })).toThrow(/not an RTSP URL/);
  });
});
