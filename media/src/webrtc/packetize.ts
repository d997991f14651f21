/**
 * H.264 access unit → RTP payloads (RFC 6184, packetization-mode=1): a NAL unit that fits goes
 * alone, a larger one is cut into FU-A fragments. Used for what the feed only has as access units
 * (the keyframe cache a new viewer starts with, pictures while the viewer is not yet aligned to the
 * camera's packets); live packets are forwarded as the camera sent them.
 */

/** Payload bytes per packet: below the 1200-byte datagram budget browsers and TURN relays are safe with. */
export const MAX_PAYLOAD = 1100;

/** The payloads of one picture in order; the last one carries the marker bit. */
export function packetizeAccessUnit(nalus: readonly Buffer[], maxPayload = MAX_PAYLOAD): Buffer[] {
  const out: Buffer[] = [];
  for (const nalu of nalus) {
    if (nalu.length === 0) continue;
    if (nalu.length <= maxPayload) {
      out.push(nalu);
      continue;
    }
    const header = nalu[0]!;
    const indicator = (header & 0xe0) | 28;
    const type = header & 0x1f;
    const chunk = maxPayload - 2;
    for (let at = 1; at < nalu.length; at += chunk) {
      const end = Math.min(at + chunk, nalu.length);
      const start = at === 1 ? 0x80 : 0;
      const last = end === nalu.length ? 0x40 : 0;
      out.push(Buffer.concat([Buffer.from([indicator, start | last | type]), nalu.subarray(at, end)]));
    }
  }
  return out;
}
