export interface RtpHeader {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** Offset of the payload in the packet (after CSRCs and the extension header). */
  payloadOffset: number;
  /** End of the payload (before padding). */
  payloadEnd: number;
}

/** Parses an RTP header (RFC 3550); null when the packet is not RTP version 2 or its lengths lie. */
export function parseRtp(p: Buffer): RtpHeader | null {
  if (p.length < 12 || p[0]! >> 6 !== 2) return null;
  const csrc = p[0]! & 0x0f;
  let offset = 12 + csrc * 4;
  if (p[0]! & 0x10) {
    if (p.length < offset + 4) return null;
    offset += 4 + p.readUInt16BE(offset + 2) * 4;
  }
  let end = p.length;
  if (p[0]! & 0x20) end -= p[p.length - 1]!;
  if (offset > end) return null;
  return {
    payloadType: p[1]! & 0x7f,
    marker: (p[1]! & 0x80) !== 0,
    sequence: p.readUInt16BE(2),
    timestamp: p.readUInt32BE(4),
    ssrc: p.readUInt32BE(8),
    payloadOffset: offset,
    payloadEnd: end,
  };
}

/** Unwraps 32-bit RTP timestamps into a monotonic-ish number: each step is the signed 32-bit difference. */
export class TimestampUnwrapper {
  private lastRaw: number | null = null;
  private value = 0;

  unwrap(raw: number): number {
    if (this.lastRaw === null) this.value = raw;
    else {
      let d = (raw - this.lastRaw) >>> 0;
      if (d >= 0x80000000) d -= 0x100000000;
      this.value += d;
    }
    this.lastRaw = raw;
    return this.value;
  }

  reset(): void {
    this.lastRaw = null;
  }
}
