import { describe, expect, it } from 'vitest';
import type { AccessUnit } from '../feed.ts';
import { staggerOffset } from '../snapshots/scheduler.ts';
import { fragment, initSegment } from './muxer.ts';
import { ViewerTimeline } from './timeline.ts';

const au = (pts: number, keyframe = false): AccessUnit => ({
  nalus: [Buffer.from([keyframe ? 0x65 : 0x41, 1, 2, 3])],
  pts90k: pts,
  keyframe,
  receivedAt: 0,
});

describe('ViewerTimeline', () => {
  it('compresses the keyframe cache to 1 ms steps, then follows live spacing without holes', () => {
    const t = new ViewerTimeline();
    const cached = t.cached([au(1_000_000, true), au(1_006_000), au(1_012_000)]);
    expect(cached.map(([, dts, d]) => [dts, d])).toEqual([
      [0, 90],
      [90, 90],
      [180, 6000],
    ]);
    expect(t.next(au(1_018_000))).toEqual([6180, 6000]);
    expect(t.next(au(1_021_000))).toEqual([12180, 3000]);
  });
  it('keeps the previous interval when the camera clock jumps', () => {
    const t = new ViewerTimeline();
    t.next(au(0, true));
    t.next(au(3000));
    expect(t.next(au(-5_000_000))).toEqual([6600, 3000]); // the first picture lasted the 25 fps default
    expect(t.next(au(50_000_000))).toEqual([9600, 3000]);
  });
});

describe('fMP4 boxes', () => {
  const sps = Buffer.from('Z0LADdkBQfsBEAAAAwAQAAADAyDxQqSA', 'base64');
  const pps = Buffer.from('aMuDyyA=', 'base64');
  it('builds ftyp+moov with the avcC of the SPS, and moof+mdat without AUD/SPS/PPS in the sample', () => {
    const init = initSegment({
      sps,
      pps,
      codecString: 'avc1.42c00d',
      profileLevelId: '42c00d',
      width: 320,
      height: 240,
    });
    expect(init.subarray(4, 8).toString()).toBe('ftyp');
    expect(init.includes(Buffer.concat([Buffer.from('avcC'), Buffer.from([1, 0x42, 0xc0, 0x0d])]))).toBe(
      true,
    );
    const f = fragment(
      7,
      {
        nalus: [Buffer.from([0x09, 0xf0]), sps, pps, Buffer.from([0x65, 9, 9])],
        pts90k: 0,
        keyframe: true,
        receivedAt: 0,
      },
      123_456,
      3000,
    );
    const moofSize = f.readUInt32BE(0);
    expect(f.subarray(4, 8).toString()).toBe('moof');
    expect(f.subarray(moofSize + 4, moofSize + 8).toString()).toBe('mdat');
    expect(f.subarray(moofSize + 8)).toEqual(Buffer.from([0, 0, 0, 3, 0x65, 9, 9]));
  });
});

describe('snapshot stagger', () => {
  it('spreads cameras over the interval, the same offset on every run', () => {
    const ids = Array.from(
      { length: 107 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const offsets = ids.map((id) => staggerOffset(id, 60_000));
    expect(offsets.every((o) => o >= 0 && o < 60_000)).toBe(true);
    const perTenSeconds = [0, 1, 2, 3, 4, 5].map(
      (b) => offsets.filter((o) => Math.floor(o / 10_000) === b).length,
    );
    expect(Math.max(...perTenSeconds)).toBeLessThan(40);
    expect(staggerOffset(ids[0]!, 60_000)).toBe(offsets[0]);
  });
});
