import type { AccessUnit, H264Params } from '../feed.ts';
import { NAL } from '../rtsp/h264-depacketizer.ts';

const START = Buffer.from([0, 0, 0, 1]);

/** A keyframe as an Annex-B elementary stream a decoder reads alone: SPS and PPS first, then its slices. */
export function keyframeAnnexB(params: H264Params, au: AccessUnit): Buffer {
  const parts: Buffer[] = [START, params.sps, START, params.pps];
  for (const n of au.nalus) {
    const t = n[0]! & 0x1f;
    if (t === NAL.SPS || t === NAL.PPS || t === NAL.AUD) continue;
    parts.push(START, n);
  }
  return Buffer.concat(parts);
}
