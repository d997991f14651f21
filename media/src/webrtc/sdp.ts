/**
 * What the WHEP handler reads from a browser's offer before werift sees it, and the one edit made
 * for werift: werift keeps every H.264 payload type the browser offers and sends with the first,
 * whatever its profile, so the offer is narrowed to the one payload type that matches what the
 * camera sends (no transcoding: a wrong profile would be a black picture).
 */

export interface OfferedH264 {
  payloadType: number;
  profileLevelId: string;
}

export type OfferCheck =
  | { ok: true; h264: OfferedH264; videoMid: string | null }
  | {
      ok: false;
      reason: 'not_sdp' | 'no_video' | 'no_h264' | 'no_matching_profile';
      message: string;
      offered?: string[];
    };

interface Section {
  kind: string;
  payloadTypes: number[];
  lines: string[];
}

function sections(sdp: string): { session: string[]; media: Section[] } {
  const session: string[] = [];
  const media: Section[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line === '') continue;
    if (line.startsWith('m=')) {
      const [kind = '', , , ...pts] = line.slice(2).split(' ');
      media.push({ kind, payloadTypes: pts.map(Number).filter(Number.isInteger), lines: [line] });
    } else if (media.length > 0) media[media.length - 1]!.lines.push(line);
    else session.push(line);
  }
  return { session, media };
}

/**
 * The profile a profile-level-id names (RFC 6184 §8.1, as libwebrtc groups them): a decoder of
 * Baseline also decodes Constrained Baseline, otherwise profiles must be equal; the level may differ
 * (browsers offer level-asymmetry-allowed).
 */
export function h264Profile(profileLevelId: string): string {
  if (!/^[0-9a-f]{6}$/i.test(profileLevelId)) return 'unknown';
  const v = Number.parseInt(profileLevelId.slice(0, 4), 16);
  const idc = v >> 8;
  const iop = v & 0xff;
  if ((idc === 0x42 || idc === 0x4d || idc === 0x58) && (iop & 0x40) !== 0) return 'constrained-baseline';
  if (idc === 0x42) return 'baseline';
  if (idc === 0x4d) return 'main';
  if (idc === 0x64) return (iop & 0x0c) === 0x0c ? 'constrained-high' : 'high';
  return `idc-${idc}`;
}

function decodes(offered: string, camera: string): boolean {
  const o = h264Profile(offered);
  const c = h264Profile(camera);
  return o === c || (o === 'baseline' && c === 'constrained-baseline');
}

function fmtpOf(s: Section, pt: number): Map<string, string> {
  const line = s.lines.find((l) => l.startsWith(`a=fmtp:${pt} `));
  const params = new Map<string, string>();
  for (const kv of (line?.slice(line.indexOf(' ') + 1) ?? '').split(';')) {
    const eq = kv.indexOf('=');
    if (eq > 0) params.set(kv.slice(0, eq).trim().toLowerCase(), kv.slice(eq + 1).trim());
  }
  return params;
}

/** Finds the offered H.264 payload type (packetization-mode=1) that can carry the camera's stream. */
export function checkOffer(sdp: string, cameraProfileLevelId: string): OfferCheck {
  if (!sdp.startsWith('v=0')) return { ok: false, reason: 'not_sdp', message: 'body is not an SDP offer' };
  const { media } = sections(sdp);
  const video = media.find(
    (m) => m.kind === 'video' && !m.lines.some((l) => l === 'a=inactive' || l === 'a=sendonly'),
  );
  if (!video)
    return { ok: false, reason: 'no_video', message: 'the offer has no video section that can receive' };
  const h264 = video.payloadTypes.filter((pt) =>
    video.lines.some((l) => new RegExp(`^a=rtpmap:${pt} H264/90000`, 'i').test(l)),
  );
  const mode1 = h264.filter((pt) => fmtpOf(video, pt).get('packetization-mode') === '1');
  if (mode1.length === 0)
    return { ok: false, reason: 'no_h264', message: 'the offer has no H.264 with packetization-mode=1' };
  const offered = mode1.map((pt) => fmtpOf(video, pt).get('profile-level-id') ?? '42001f');
  const exact = offered.findIndex((p) => h264Profile(p) === h264Profile(cameraProfileLevelId));
  const index = exact >= 0 ? exact : offered.findIndex((p) => decodes(p, cameraProfileLevelId));
  if (index < 0) {
    return {
      ok: false,
      reason: 'no_matching_profile',
      message: `the camera sends H.264 ${h264Profile(cameraProfileLevelId)} (${cameraProfileLevelId}), which the offer does not include`,
      offered,
    };
  }
  const mid = video.lines.find((l) => l.startsWith('a=mid:'))?.slice(6) ?? null;
  return { ok: true, h264: { payloadType: mode1[index]!, profileLevelId: offered[index]! }, videoMid: mid };
}

/** The offer with its first receiving video section narrowed to one payload type (rtx and others dropped). */
export function narrowOffer(sdp: string, payloadType: number): string {
  const { session, media } = sections(sdp);
  const video = media.find(
    (m) => m.kind === 'video' && !m.lines.some((l) => l === 'a=inactive' || l === 'a=sendonly'),
  );
  const out = [...session];
  for (const m of media) {
    if (m !== video) {
      out.push(...m.lines);
      continue;
    }
    const [head = ''] = m.lines;
    out.push(head.split(' ').slice(0, 3).concat(String(payloadType)).join(' '));
    for (const line of m.lines.slice(1)) {
      const pt = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)[ ]/.exec(line)?.[1];
      if (pt === undefined || Number(pt) === payloadType) out.push(line);
    }
  }
  return out.join('\r\n') + '\r\n';
}
