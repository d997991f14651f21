import { describe, expect, it } from 'vitest';
import type { AccessUnit } from '../feed.ts';
import { packetizeAccessUnit } from './packetize.ts';
import { buildRtp, readRtp, u16, u32 } from './rtp.ts';
import { ViewerStream, startsKeyframe, withParameterSets } from './viewer-stream.ts';

const aud = Buffer.from([0x09, 0xf0]);
const sps = Buffer.from([0x67, 0x42, 0xc0, 0x16, 1, 2]);
const pps = Buffer.from([0x68, 0xce, 0x0f]);
const idr = (n: number) => Buffer.concat([Buffer.from([0x65]), Buffer.alloc(n, 7)]);
const p = (n: number) => Buffer.concat([Buffer.from([0x41]), Buffer.alloc(n, 3)]);
const T0 = 4_294_960_000; // close to the 32-bit wrap on purpose
const unit = (i: number, keyframe = false): AccessUnit => ({
  nalus: keyframe ? [aud, sps, pps, idr(3000)] : [aud, p(200)],
  pts90k: T0 + i * 3000,
  keyframe,
  receivedAt: 0,
});

/** The camera's packets of a picture, as a feed would see them arrive. */
function cameraPackets(au: AccessUnit, seq: number): Buffer[] {
  const payloads = packetizeAccessUnit(au.nalus);
  return payloads.map((pl, i) =>
    buildRtp(
      {
        marker: i === payloads.length - 1,
        payloadType: 96,
        sequence: u16(seq + i),
        timestamp: u32(au.pts90k),
        ssrc: 0xabc,
      },
      pl,
    ),
  );
}

function harness() {
  const sent: ReturnType<typeof readRtp>[] = [];
  const s = new ViewerStream({
    payloadType: 102,
    ssrc: 1,
    send: (b) => sent.push(readRtp(b)),
    random: () => 0.5,
    now: () => 10_000,
  });
  return { s, sent };
}

describe('ViewerStream', () => {
  it('starts with the cache squeezed to 1 ms apart, then switches to camera packets at a picture boundary', () => {
    const { s, sent } = harness();
    const cache = [unit(0, true), unit(1), unit(2)];
    s.start(cache);
    const cacheTs = [...new Set(sent.map((r) => r!.timestamp))];
    expect(cacheTs).toHaveLength(3);
    expect(u32(cacheTs[2]! - cacheTs[0]!)).toBe(180);
    // Live: picture 3 arrives as packets, then as an access unit (the feed assembles after the marker).
    let seq = 500;
    const live = (i: number) => {
      const pk = cameraPackets(unit(i), seq);
      seq += pk.length;
      for (const b of pk) s.onRtp(b, () => cache);
      s.onAccessUnit(unit(i), () => cache);
    };
    live(3);
    live(4);
    live(5);
    const seqs = sent.map((r) => r!.sequence);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(u16(seqs[i - 1]! + 1));
    const ts = sent.map((r) => r!.timestamp);
    // Pictures 3..5 keep the camera's spacing after the squeezed cache.
    expect([...new Set(ts)].slice(3).map((t) => u32(t - cacheTs[2]!))).toEqual([3000, 6000, 9000]);
    expect(sent.every((r) => r!.payloadType === 102)).toBe(true);
  });

  it('answers a PLI with the cache between two live pictures, once per second', () => {
    const { s, sent } = harness();
    const cache = [unit(0, true), unit(1)];
    s.start(cache);
    let seq = 100;
    const live = (i: number) => {
      const pk = cameraPackets(unit(i), seq);
      seq += pk.length;
      for (const b of pk) s.onRtp(b, () => cache);
      s.onAccessUnit(unit(i), () => cache);
    };
    live(2);
    live(3);
    expect(s.requestKeyframe()).toBe(true);
    expect(s.requestKeyframe()).toBe(false);
    const before = sent.length;
    live(4);
    const added = sent.slice(before);
    expect(added.some((r) => startsKeyframe(r!.payload))).toBe(true);
    const ts = added.map((r) => r!.timestamp);
    for (let i = 1; i < ts.length; i++) expect(u32(ts[i]! - ts[i - 1]!)).toBeLessThan(0x80000000);
    const seqs = sent.map((r) => r!.sequence);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(u16(seqs[i - 1]! + 1));
  });

  it('after a feed gap waits for a keyframe and continues its own timeline', () => {
    const { s, sent } = harness();
    s.start([unit(0, true)]);
    s.onGap();
    const n = sent.length;
    s.onAccessUnit({ ...unit(1), pts90k: 77 }, () => []);
    expect(sent).toHaveLength(n);
    s.onAccessUnit({ ...unit(0, true), pts90k: 99 }, () => []);
    expect(sent.length).toBeGreaterThan(n);
    expect(u32(sent.at(-1)!.timestamp - sent[n - 1]!.timestamp)).toBe(3000);
  });
});

describe('withParameterSets', () => {
  it('puts SPS/PPS before the first slice of a keyframe that lacks them', () => {
    const params = {
      sps,
      pps,
      codecString: 'avc1.42c016',
      profileLevelId: '42c016',
      width: 640,
      height: 360,
    };
    expect(withParameterSets([aud, idr(10)], params).map((n) => n[0]! & 0x1f)).toEqual([9, 7, 8, 5]);
    const already = [aud, sps, pps, idr(10)];
    expect(withParameterSets(already, params)).toBe(already);
  });
});

describe('packetizeAccessUnit', () => {
  it('sends small NAL units whole and cuts large ones into FU-A that reassemble', () => {
    const big = idr(2500);
    const out = packetizeAccessUnit([aud, big], 1000);
    expect(out[0]).toEqual(aud);
    const fu = out.slice(1);
    expect(fu.length).toBe(3);
    expect(fu.every((f) => (f[0]! & 0x1f) === 28 && (f[1]! & 0x1f) === 5)).toBe(true);
    expect(fu[0]![1]! & 0x80).toBeTruthy();
    expect(fu[2]![1]! & 0x40).toBeTruthy();
    expect(Buffer.concat([Buffer.from([(fu[0]![0]! & 0xe0) | 5]), ...fu.map((f) => f.subarray(2))])).toEqual(
      big,
    );
  });
});

describe('readRtp', () => {
  it('skips CSRCs, extension and padding, and refuses what is not RTP', () => {
    const pkt = Buffer.from([
      0xb1, 0xe0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 9, 0xbe, 0xde, 0, 1, 1, 2, 3, 4, 0x41, 0xaa, 0, 2,
    ]);
    const r = readRtp(pkt)!;
    expect(r).toMatchObject({ marker: true, payloadType: 0x60, sequence: 1, timestamp: 2 });
    expect([...r.payload]).toEqual([0x41, 0xaa]);
    expect(readRtp(Buffer.from([1, 2, 3]))).toBeNull();
    expect(readRtp(Buffer.alloc(12))).toBeNull();
  });
});
