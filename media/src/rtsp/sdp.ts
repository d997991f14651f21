/** What the pull needs from a DESCRIBE answer: the H.264 video track and how to address it. */
export interface SdpVideoTrack {
  /** Absolute control URL to SETUP. */
  controlUrl: string;
  payloadType: number;
  clockRate: number;
  /** From sprop-parameter-sets, when the camera sends them out of band (it may also send them in-band only). */
  sps: Buffer | null;
  pps: Buffer | null;
  profileLevelId: string | null;
  packetizationMode: number;
}

export interface SdpInfo {
  /** Aggregate control URL (for PLAY), resolved against the base. */
  sessionControl: string;
  video: SdpVideoTrack | null;
}

const MAX_SDP_BYTES = 64 * 1024;

/**
 * Parses an SDP (RFC 4566) for its first H.264 video track. `baseUrl` is Content-Base (or
 * Content-Location, or the request URL). Tolerant of what cameras send (LF line ends, extra
 * attributes, tracks in other codecs), strict about size.
 */
export function parseSdp(text: string, baseUrl: string): SdpInfo {
  if (text.length > MAX_SDP_BYTES) throw new Error('SDP larger than 64 KiB');
  let sessionControl: string | null = null;
  const media: { kind: string; formats: number[]; attrs: string[] }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length < 2 || line[1] !== '=') continue;
    const value = line.slice(2);
    if (line[0] === 'm') {
      const [kind = '', , , ...formats] = value.split(/\s+/);
      media.push({ kind, formats: formats.map(Number).filter(Number.isInteger), attrs: [] });
    } else if (line[0] === 'a') {
      const current = media.at(-1);
      if (current) current.attrs.push(value);
      else if (value.startsWith('control:')) sessionControl = value.slice(8).trim();
    }
  }
  const base = sessionControl && sessionControl !== '*' ? resolveControl(baseUrl, sessionControl) : baseUrl;
  for (const m of media.filter((x) => x.kind === 'video')) {
    const track = videoTrack(m.formats, m.attrs, base);
    if (track) return { sessionControl: base, video: track };
  }
  return { sessionControl: base, video: null };
}

function videoTrack(formats: number[], attrs: string[], base: string): SdpVideoTrack | null {
  let control: string | null = null;
  const rtpmap = new Map<number, { codec: string; clockRate: number }>();
  const fmtp = new Map<number, Map<string, string>>();
  for (const a of attrs) {
    if (a.startsWith('control:')) control = a.slice(8).trim();
    let m = /^rtpmap:(\d+)\s+([^/\s]+)\/(\d+)/i.exec(a);
    if (m) rtpmap.set(Number(m[1]), { codec: m[2]!.toUpperCase(), clockRate: Number(m[3]) });
    m = /^fmtp:(\d+)\s+(.*)$/i.exec(a);
    if (m) fmtp.set(Number(m[1]), parseFmtp(m[2]!));
  }
  const pt = formats.find((f) => rtpmap.get(f)?.codec === 'H264');
  if (pt === undefined) return null;
  const params = fmtp.get(pt) ?? new Map<string, string>();
  const [sps, pps] = (params.get('sprop-parameter-sets') ?? '')
    .split(',')
    .map((s) => Buffer.from(s.trim(), 'base64'))
    .filter((b) => b.length > 0);
  const plid = params.get('profile-level-id');
  return {
    controlUrl: control === null || control === '*' ? base : resolveControl(base, control),
    payloadType: pt,
    clockRate: rtpmap.get(pt)!.clockRate,
    sps: sps && (sps[0]! & 0x1f) === 7 ? sps : null,
    pps: pps && (pps[0]! & 0x1f) === 8 ? pps : null,
    profileLevelId: plid && /^[0-9a-f]{6}$/i.test(plid) ? plid.toLowerCase() : null,
    packetizationMode: Number(params.get('packetization-mode') ?? 0),
  };
}

function parseFmtp(s: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of s.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return out;
}

/**
 * A control attribute is an absolute URL or relative to the base. Cameras disagree on whether the
 * base ends with '/', and most expect "base/track1" either way, so this joins rather than doing
 * RFC 3986 resolution (which would drop the base's last segment).
 */
export function resolveControl(base: string, control: string): string {
  if (/^rtsps?:\/\//i.test(control)) return control;
  return base.endsWith('/') ? base + control : `${base}/${control}`;
}
