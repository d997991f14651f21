import type { AccessUnit, H264Params } from '../feed.ts';
import { NAL } from '../rtsp/h264-depacketizer.ts';
import { box, fullBox, u16, u32, u64 } from './boxes.ts';

export const TIMESCALE = 90_000;
const TRACK_ID = 1;
/** 3×3 unity matrix of tkhd/mvhd (16.16 and 2.30 fixed point). */
const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);
const SYNC_FLAGS = 0x02000000; // sample_depends_on = 2 (an I picture)
const NON_SYNC_FLAGS = 0x01010000; // depends_on = 1, is_non_sync_sample

/** ftyp + moov for one H.264 track with the camera's SPS/PPS in avcC: what MSE's SourceBuffer is created from. */
export function initSegment(p: H264Params): Buffer {
  const ftyp = box('ftyp', Buffer.from('iso5'), u32(512), Buffer.from('iso5iso6avc1mp41'));
  const mvhd = fullBox(
    'mvhd',
    0,
    0,
    u32(0, 0, 1000, 0, 0x00010000),
    u16(0x0100, 0),
    u32(0, 0),
    MATRIX,
    Buffer.alloc(24),
    u32(TRACK_ID + 1),
  );
  const tkhd = fullBox(
    'tkhd',
    0,
    3,
    u32(0, 0, TRACK_ID, 0, 0, 0, 0),
    u16(0, 0, 0, 0),
    MATRIX,
    u32(p.width << 16, p.height << 16),
  );
  const mdhd = fullBox('mdhd', 0, 0, u32(0, 0, TIMESCALE, 0), u16(0x55c4, 0)); // language 'und'
  const hdlr = fullBox(
    'hdlr',
    0,
    0,
    u32(0),
    Buffer.from('vide'),
    u32(0, 0, 0),
    Buffer.from('VideoHandler\0'),
  );
  const vmhd = fullBox('vmhd', 0, 1, u16(0, 0, 0, 0));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const stbl = box(
    'stbl',
    fullBox('stsd', 0, 0, u32(1), avc1(p)),
    fullBox('stts', 0, 0, u32(0)),
    fullBox('stsc', 0, 0, u32(0)),
    fullBox('stsz', 0, 0, u32(0, 0)),
    fullBox('stco', 0, 0, u32(0)),
  );
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', vmhd, dinf, stbl)));
  const mvex = box('mvex', fullBox('trex', 0, 0, u32(TRACK_ID, 1, 0, 0, 0)));
  return Buffer.concat([ftyp, box('moov', mvhd, trak, mvex)]);
}

function avc1(p: H264Params): Buffer {
  const avcC = box(
    'avcC',
    Buffer.from([1, p.sps[1]!, p.sps[2]!, p.sps[3]!, 0xff, 0xe1]), // 4-byte lengths, one SPS
    u16(p.sps.length),
    p.sps,
    Buffer.from([1]),
    u16(p.pps.length),
    p.pps,
  );
  const compressor = Buffer.alloc(32);
  return box(
    'avc1',
    Buffer.alloc(6),
    u16(1), // data reference index
    Buffer.alloc(16),
    u16(p.width, p.height),
    u32(0x00480000, 0x00480000, 0), // 72 dpi, reserved
    u16(1), // frame count
    compressor,
    u16(0x0018, 0xffff), // depth, pre-defined
    avcC,
  );
}

/**
 * One moof+mdat holding one access unit: decode time `dts` (90 kHz, the viewer's own timeline) and
 * its expected duration. AUD, SPS and PPS are left out of the sample: the parameter sets are in
 * avcC, and a changed SPS comes as a new init segment.
 */
export function fragment(seq: number, au: AccessUnit, dts: number, duration: number): Buffer {
  const nalus = au.nalus.filter((n) => {
    const t = n[0]! & 0x1f;
    return t !== NAL.AUD && t !== NAL.SPS && t !== NAL.PPS;
  });
  const size = nalus.reduce((s, n) => s + 4 + n.length, 0);
  const trunLength = 8 + 4 + 4 + 4 + 12; // header, flags, count, data offset, one sample
  const moofLength = 8 + 16 + (8 + 16 + 20 + trunLength);
  const trun = fullBox(
    'trun',
    0,
    0x000701,
    u32(1, moofLength + 8),
    u32(Math.max(1, Math.round(duration)), size, au.keyframe ? SYNC_FLAGS : NON_SYNC_FLAGS),
  );
  const traf = box(
    'traf',
    fullBox('tfhd', 0, 0x020000, u32(TRACK_ID)),
    fullBox('tfdt', 1, 0, u64(dts)),
    trun,
  );
  const moof = box('moof', fullBox('mfhd', 0, 0, u32(seq)), traf);
  if (moof.length !== moofLength) throw new Error('fMP4: moof length miscounted');
  const body: Buffer[] = [];
  for (const n of nalus) body.push(u32(n.length), n);
  return Buffer.concat([moof, box('mdat', ...body)]);
}
