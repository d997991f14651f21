import { BitReader, toRbsp } from './bits.ts';

export interface SpsInfo {
  profileIdc: number;
  constraintFlags: number;
  levelIdc: number;
  width: number;
  height: number;
  /** avc1.PPCCLL: profile, constraint flags and level as six hex digits. */
  codecString: string;
  profileLevelId: string;
}

/** Profiles whose SPS carries chroma format, bit depths and scaling matrices (H.264 7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/**
 * Reads what the player needs from a sequence parameter set (with its one-byte NAL header): size
 * after cropping, profile and level. Throws on a truncated or impossible SPS.
 */
export function parseSps(nal: Buffer): SpsInfo {
  if (nal.length < 4 || (nal[0]! & 0x1f) !== 7) throw new Error('not an SPS NAL unit');
  const r = new BitReader(toRbsp(nal.subarray(1)));
  const profileIdc = r.bits(8);
  const constraintFlags = r.bits(8);
  const levelIdc = r.bits(8);
  r.ue(); // seq_parameter_set_id
  let chromaFormatIdc = 1;
  let separateColourPlane = 0;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = r.ue();
    if (chromaFormatIdc > 3) throw new Error(`SPS: chroma_format_idc ${chromaFormatIdc}`);
    if (chromaFormatIdc === 3) separateColourPlane = r.bit();
    r.ue(); // bit_depth_luma_minus8
    r.ue(); // bit_depth_chroma_minus8
    r.bit(); // qpprime_y_zero_transform_bypass_flag
    if (r.bit()) {
      const lists = chromaFormatIdc === 3 ? 12 : 8;
      for (let i = 0; i < lists; i++) if (r.bit()) skipScalingList(r, i < 6 ? 16 : 64);
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) r.ue();
  else if (pocType === 1) {
    r.bit();
    r.se();
    r.se();
    const cycle = r.ue();
    if (cycle > 255) throw new Error('SPS: num_ref_frames_in_pic_order_cnt_cycle > 255');
    for (let i = 0; i < cycle; i++) r.se();
  } else if (pocType !== 2) throw new Error(`SPS: pic_order_cnt_type ${pocType}`);
  r.ue(); // max_num_ref_frames
  r.bit(); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.ue() + 1;
  const heightMapUnits = r.ue() + 1;
  const frameMbsOnly = r.bit();
  if (!frameMbsOnly) r.bit(); // mb_adaptive_frame_field_flag
  r.bit(); // direct_8x8_inference_flag
  let crop = { left: 0, right: 0, top: 0, bottom: 0 };
  if (r.bit()) crop = { left: r.ue(), right: r.ue(), top: r.ue(), bottom: r.ue() };

  const chroma = separateColourPlane ? 0 : chromaFormatIdc;
  const subWidth = chroma === 1 || chroma === 2 ? 2 : 1;
  const subHeight = chroma === 1 ? 2 : 1;
  const cropX = chroma === 0 ? 1 : subWidth;
  const cropY = (chroma === 0 ? 1 : subHeight) * (2 - frameMbsOnly);
  const width = widthMbs * 16 - (crop.left + crop.right) * cropX;
  const height = (2 - frameMbsOnly) * heightMapUnits * 16 - (crop.top + crop.bottom) * cropY;
  if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
    throw new Error(`SPS: impossible size ${width}x${height}`);
  const profileLevelId = [profileIdc, constraintFlags, levelIdc]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return {
    profileIdc,
    constraintFlags,
    levelIdc,
    width,
    height,
    codecString: `avc1.${profileLevelId}`,
    profileLevelId,
  };
}

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}
