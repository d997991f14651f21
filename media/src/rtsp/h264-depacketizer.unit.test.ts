import { describe, expect, it } from 'vitest';
import type { AccessUnit } from '../feed.ts';
import { H264Depacketizer } from './h264-depacketizer.ts';

function rtp(seq: number, ts: number, payload: Buffer, marker = false, pt = 96): Buffer {
  const h = Buffer.alloc(12);
  h[0] = 0x80;
  h[1] = (marker ? 0x80 : 0) | pt;
  h.writeUInt16BE(seq & 0xffff, 2);
  h.writeUInt32BE(ts >>> 0, 4);
  h.writeUInt32BE(1234, 8);
  return Buffer.concat([h, payload]);
}
const nal = (type: number, len = 5) =>
  Buffer.concat([Buffer.from([0x60 | type]), Buffer.alloc(len - 1, type)]);
const stapA = (...nals: Buffer[]) =>
  Buffer.concat([
    Buffer.from([0x78]),
    ...nals.flatMap((n) => [Buffer.from([n.length >> 8, n.length & 0xff]), n]),
  ]);
function fuA(n: Buffer, parts: number): Buffer[] {
  const body = n.subarray(1);
  const size = Math.ceil(body.length / parts);
  return Array.from({ length: parts }, (_, i) => {
    const fuHeader = (i === 0 ? 0x80 : 0) | (i === parts - 1 ? 0x40 : 0) | (n[0]! & 0x1f);
    return Buffer.concat([
      Buffer.from([(n[0]! & 0xe0) | 28, fuHeader]),
      body.subarray(i * size, (i + 1) * size),
    ]);
  });
}

function setup() {
  const aus: AccessUnit[] = [];
  const drops: string[] = [];
  const params: number[] = [];
  const d = new H264Depacketizer(
    96,
    {
      onAccessUnit: (a) => aus.push(a),
      onDrop: (r) => drops.push(r),
      onParameterSet: (n) => params.push(n[0]! & 0x1f),
    },
    () => 42,
  );
  return { d, aus, drops, params };
}

describe('H264Depacketizer', () => {
  it('assembles STAP-A parameter sets, FU-A slices and single NAL units into pictures at the marker bit', () => {
    const { d, aus, params } = setup();
    const idr = nal(5, 3000);
    let seq = 65534; // wraps within the test
    d.push(rtp(seq++, 1000, stapA(nal(9, 2), nal(7, 10), nal(8, 4))));
    for (const [i, part] of fuA(idr, 3).entries()) d.push(rtp(seq++, 1000, part, i === 2));
    d.push(rtp(seq++, 4000, nal(1, 50), true));
    expect(aus).toHaveLength(2);
    expect(aus[0]!.keyframe).toBe(true);
    expect(aus[0]!.nalus.map((n) => n[0]! & 0x1f)).toEqual([9, 7, 8, 5]);
    expect(aus[0]!.nalus[3]).toEqual(idr);
    expect(aus[0]!.receivedAt).toBe(42);
    expect(aus[1]!.pts90k - aus[0]!.pts90k).toBe(3000);
    expect(params).toEqual([7, 8]);
  });

  it('ends a picture on a timestamp change when the camera never sets the marker', () => {
    const { d, aus } = setup();
    d.push(rtp(1, 0, nal(5)));
    d.push(rtp(2, 3000, nal(1)));
    d.push(rtp(3, 6000, nal(1)));
    expect(aus.map((a) => a.pts90k)).toEqual([0, 3000]);
  });

  it('waits for a keyframe at the start and after a lost packet', () => {
    const { d, aus, drops } = setup();
    d.push(rtp(1, 0, nal(1), true)); // no keyframe yet
    d.push(rtp(2, 3000, nal(5), true));
    d.push(rtp(4, 6000, nal(1), true)); // seq 3 lost
    d.push(rtp(5, 9000, nal(1), true));
    d.push(rtp(6, 12000, nal(5), true));
    expect(aus.map((a) => a.pts90k)).toEqual([3000, 12000]);
    expect(drops).toContain('packet loss');
  });

  it('survives garbage: other payload types, truncated STAP-A, FU-A without start, non-RTP bytes', () => {
    const { d, aus, drops } = setup();
    d.push(Buffer.from('not rtp at all'));
    d.push(rtp(1, 0, nal(5), false, 97));
    d.push(rtp(2, 0, Buffer.from([0x78, 0xff, 0xff, 1]), true));
    d.push(rtp(3, 3000, Buffer.from([0x7c, 0x05, 1, 2]), true));
    d.push(rtp(4, 3000, Buffer.from([0x7c]), true));
    d.push(rtp(5, 6000, nal(5), true));
    expect(aus.map((a) => a.pts90k)).toEqual([6000]);
    expect(drops.length).toBeGreaterThanOrEqual(3);
  });

  it('drops a picture larger than its bound instead of buffering it', () => {
    const { d, aus, drops } = setup();
    const parts = fuA(nal(5, 5 * 1024 * 1024), 400);
    parts.forEach((p, i) => d.push(rtp(i + 1, 0, p, i === parts.length - 1)));
    expect(aus).toHaveLength(0);
    expect(drops.some((r) => /larger|too large/.test(r))).toBe(true);
  });
});
