/**
 * The few RTP header facts forwarding needs (RFC 3550 §5.1), read without allocating, and the one
 * way a packet for a viewer is built: a fresh buffer with our own header, so nothing the camera sent
 * (its SSRC, CSRCs, header extensions with ids the browser never negotiated, padding) leaks through,
 * and the shared packet of the feed is never mutated.
 */
export interface RtpView {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  /** The payload without CSRCs, extension and padding. */
  payload: Buffer;
}

/** Null when the bytes are not an RTP version 2 packet with a payload. */
export function readRtp(raw: Buffer): RtpView | null {
  if (raw.length < 12 || raw[0]! >> 6 !== 2) return null;
  const b0 = raw[0]!;
  let offset = 12 + (b0 & 0x0f) * 4;
  if (b0 & 0x10) {
    if (raw.length < offset + 4) return null;
    offset += 4 + raw.readUInt16BE(offset + 2) * 4;
  }
  let end = raw.length;
  if (b0 & 0x20) end -= raw[raw.length - 1]!;
  if (end <= offset) return null;
  return {
    marker: (raw[1]! & 0x80) !== 0,
    payloadType: raw[1]! & 0x7f,
    sequence: raw.readUInt16BE(2),
    timestamp: raw.readUInt32BE(4),
    payload: raw.subarray(offset, end),
  };
}

export interface RtpOut {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
}

export function buildRtp(h: RtpOut, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(12 + payload.length);
  out[0] = 0x80;
  out[1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  out.writeUInt16BE(h.sequence & 0xffff, 2);
  out.writeUInt32BE(h.timestamp >>> 0, 4);
  out.writeUInt32BE(h.ssrc >>> 0, 8);
  payload.copy(out, 12);
  return out;
}

export const u16 = (n: number) => ((n % 0x10000) + 0x10000) % 0x10000;
export const u32 = (n: number) => ((n % 0x100000000) + 0x100000000) % 0x100000000;
