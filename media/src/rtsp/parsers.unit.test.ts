import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Authenticator, parseChallenges } from './auth.ts';
import { RtspFramer } from './framing.ts';
import { TimestampUnwrapper, parseRtp } from './rtp.ts';
import { parseSdp, resolveControl } from './sdp.ts';
import { parseSps } from './sps.ts';

const b64 = (s: string) => Buffer.from(s, 'base64');

describe('parseSps', () => {
  it('reads size (with cropping), profile and level from real x264 parameter sets', () => {
    expect(parseSps(b64('Z2QAKKzZQHgCJ+XARAAAAwAEAAADAMg8YMZY'))).toMatchObject({
      width: 1920,
      height: 1080,
      profileIdc: 100,
      codecString: 'avc1.640028',
      profileLevelId: '640028',
    });
    expect(parseSps(b64('Z01AHuygUBf8uAiAAAADAIAAABkHixbL'))).toMatchObject({
      width: 640,
      height: 360,
      codecString: 'avc1.4d401e',
    });
    expect(parseSps(b64('Z0LADdkBQfsBEAAAAwAQAAADAyDxQqSA'))).toMatchObject({
      width: 320,
      height: 240,
      codecString: 'avc1.42c00d',
    });
  });
  it('throws on what is not an SPS or is cut short, never returns a made-up size', () => {
    expect(() => parseSps(b64('aOvjyyLA'))).toThrow(/not an SPS/);
    expect(() => parseSps(b64('Z2QAKKzZQHgC'))).toThrow();
    expect(() => parseSps(Buffer.from([0x67, 0x42, 0, 0x1e, 0, 0, 0, 0, 0]))).toThrow();
  });
});

describe('parseSdp', () => {
  const sdp = [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=cam',
    'a=control:*',
    'm=audio 0 RTP/AVP 0',
    'a=control:trackID=0',
    'm=video 0 RTP/AVP 96',
    'a=rtpmap:96 H264/90000',
    'a=fmtp:96 packetization-mode=1;profile-level-id=42C01E;sprop-parameter-sets=Z0LADdkBQfsBEAAAAwAQAAADAyDxQqSA,aMuDyyA=',
    'a=control:trackID=1',
  ].join('\r\n');

  it('finds the H.264 track, its parameter sets and its control URL against Content-Base', () => {
    const info = parseSdp(sdp, 'rtsp://cam/live/');
    expect(info.sessionControl).toBe('rtsp://cam/live/');
    expect(info.video).toMatchObject({
      controlUrl: 'rtsp://cam/live/trackID=1',
      payloadType: 96,
      clockRate: 90000,
      profileLevelId: '42c01e',
      packetizationMode: 1,
    });
    expect(parseSps(info.video!.sps!).width).toBe(320);
    expect(info.video!.pps![0]! & 0x1f).toBe(8);
  });
  it('handles LF line ends, absolute controls and SDPs without sprop or video', () => {
    const lf = 'v=0\nm=video 0 RTP/AVP 97\na=rtpmap:97 H264/90000\na=control:rtsp://other/x/stream=0\n';
    expect(parseSdp(lf, 'rtsp://cam/x').video).toMatchObject({
      controlUrl: 'rtsp://other/x/stream=0',
      sps: null,
      pps: null,
      payloadType: 97,
    });
    expect(parseSdp('v=0\nm=video 0 RTP/AVP 26\na=rtpmap:26 JPEG/90000\n', 'rtsp://cam').video).toBeNull();
    expect(() => parseSdp('a'.repeat(70_000), 'rtsp://cam')).toThrow(/64 KiB/);
  });
  it('joins relative controls whether or not the base ends with a slash', () => {
    expect(resolveControl('rtsp://h/a', 'track1')).toBe('rtsp://h/a/track1');
    expect(resolveControl('rtsp://h/a/', 'track1')).toBe('rtsp://h/a/track1');
  });
});

describe('RTSP authentication', () => {
  it('answers a Digest challenge as RFC 2617 worked it out', () => {
    const auth = Authenticator.from(
      { username: 'Mufasa', password: 'Circle Of Life' },
      [
        'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
      ],
      '0a4f113b',
    )!;
    const h = auth.header('GET', '/dir/index.html');
    expect(h).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(h).toContain('nc=00000001');
    expect(h).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    expect(auth.header('GET', '/dir/index.html')).toContain('nc=00000002');
  });
  it('answers Digest without qop, Basic, and prefers Digest when both are offered', () => {
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const d = Authenticator.from({ username: 'u', password: 'p' }, [
      'Basic realm="x"',
      'Digest realm="r", nonce="n"',
    ])!;
    expect(d.header('DESCRIBE', 'rtsp://c/s')).toContain(
      `response="${md5(`${md5('u:r:p')}:n:${md5('DESCRIBE:rtsp://c/s')}`)}"`,
    );
    const b = Authenticator.from({ username: 'u', password: 'p' }, ['Basic realm="x"'])!;
    expect(b.header('DESCRIBE', 'rtsp://c/s')).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(
      Authenticator.from({ username: 'u', password: 'p' }, [
        'Digest realm="r", nonce="n", algorithm=SHA-256',
      ]),
    ).toBeNull();
    expect(parseChallenges(['Bearer x'])).toEqual([]);
  });
});

describe('RtspFramer', () => {
  const response =
    'RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: 4\r\nWWW-Authenticate: Basic realm="a"\r\nWWW-Authenticate: Digest realm="b"\r\n\r\nv=0\n';
  it('splits responses and interleaved packets, even when cut anywhere', () => {
    const all = Buffer.concat([
      Buffer.from([0x24, 0, 0, 3, 1, 2, 3]),
      Buffer.from(response),
      Buffer.from([0x24, 1, 0, 1, 9]),
    ]);
    for (let cut = 1; cut < all.length; cut++) {
      const f = new RtspFramer();
      const frames = [...f.push(all.subarray(0, cut)), ...f.push(all.subarray(cut))];
      expect(frames.map((x) => x.kind)).toEqual(['interleaved', 'response', 'interleaved']);
      const r = frames[1]!;
      if (r.kind !== 'response') throw new Error('expected a response');
      expect(r.response.status).toBe(200);
      expect(r.response.headers.get('www-authenticate')).toHaveLength(2);
      expect(r.response.body.toString()).toBe('v=0\n');
    }
  });
  it('skips garbage to the next frame and refuses lying lengths', () => {
    const f = new RtspFramer();
    const frames = f.push(
      Buffer.concat([Buffer.from('\x00\x01garbage\xff'), Buffer.from([0x24, 0, 0, 1, 7])]),
    );
    expect(frames).toEqual([{ kind: 'interleaved', channel: 0, data: Buffer.from([7]) }]);
    expect(f.skipped).toBeGreaterThan(0);
    expect(() =>
      new RtspFramer().push(Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n')),
    ).toThrow(/Content-Length/);
    // A header that never ends is skipped as garbage once past 16 KiB: memory stays bounded.
    const endless = new RtspFramer();
    expect(endless.push(Buffer.from(`RTSP/1.0 200 OK\r\nX: ${'a'.repeat(2_000_000)}`))).toEqual([]);
    expect(endless.skipped).toBeGreaterThan(1_900_000);
  });
  it('reports server requests so the client can answer them', () => {
    expect(new RtspFramer().push(Buffer.from('GET_PARAMETER rtsp://x RTSP/1.0\r\nCSeq: 7\r\n\r\n'))).toEqual([
      { kind: 'request', method: 'GET_PARAMETER', cseq: '7' },
    ]);
  });
});

describe('RTP', () => {
  it('parses headers with CSRCs, an extension and padding; refuses what is not RTP v2', () => {
    const p = Buffer.from([
      0xb1, 0xe0, 0, 5, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 2, 0xbe, 0xde, 0, 1, 1, 2, 3, 4, 0x65, 0xaa, 0, 2,
    ]);
    expect(parseRtp(p)).toMatchObject({
      payloadType: 96,
      marker: true,
      sequence: 5,
      timestamp: 9,
      payloadOffset: 24,
      payloadEnd: 26,
    });
    expect(parseRtp(Buffer.from([0x40, 0, 0, 0]))).toBeNull();
    expect(
      parseRtp(Buffer.concat([Buffer.from([0x90, 96]), Buffer.alloc(10), Buffer.from([0, 0, 0, 200])])),
    ).toBeNull();
  });
  it('unwraps 32-bit timestamps across the wrap and tolerates a small step back', () => {
    const u = new TimestampUnwrapper();
    expect(u.unwrap(0xffff_f000)).toBe(0xffff_f000);
    expect(u.unwrap(0x0000_0e00)).toBe(0x1_0000_0e00);
    expect(u.unwrap(0x0000_0d00)).toBe(0x1_0000_0d00);
  });
});
