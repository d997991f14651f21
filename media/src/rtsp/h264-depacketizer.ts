import type { AccessUnit } from '../feed.ts';
import { parseRtp, TimestampUnwrapper } from './rtp.ts';

export const NAL = { IDR: 5, SEI: 6, SPS: 7, PPS: 8, AUD: 9, STAP_A: 24, FU_A: 28 } as const;

/** A picture larger than this is a lying camera or a broken stream: dropped, not buffered. */
const MAX_AU_BYTES = 4 * 1024 * 1024;
const MAX_AU_NALS = 512;

export interface DepacketizerEvents {
  onAccessUnit(au: AccessUnit): void;
  /** SPS or PPS seen in-band (the pull updates its parameters when they change). */
  onParameterSet?(nal: Buffer): void;
  /** A reason the current picture was dropped (loss, oversize, bad packet): counted, not thrown. */
  onDrop?(reason: string): void;
}

/**
 * RTP H.264 (RFC 6184) to access units: single NAL units, STAP-A and FU-A; a picture ends at the
 * marker bit or when the timestamp changes (a camera that never sets the marker). After a lost
 * packet the pictures until the next keyframe are dropped, so a decoder is never fed a broken
 * reference chain.
 */
export class H264Depacketizer {
  private readonly unwrapper = new TimestampUnwrapper();
  private nalus: Buffer[] = [];
  private bytes = 0;
  private ts: number | null = null;
  private fu: Buffer[] | null = null;
  private fuBytes = 0;
  private lastSeq: number | null = null;
  private broken = false;
  private waitKeyframe = true;

  constructor(
    private readonly payloadType: number,
    private readonly events: DepacketizerEvents,
    private readonly now: () => number,
  ) {}

  push(packet: Buffer): void {
    const h = parseRtp(packet);
    if (!h) return this.events.onDrop?.('not an RTP packet');
    if (h.payloadType !== this.payloadType) return;
    const lost = this.lastSeq !== null && h.sequence !== ((this.lastSeq + 1) & 0xffff);
    this.lastSeq = h.sequence;
    // A lost packet may belong to the picture before or to this one: both are dropped.
    if (lost) this.lose('packet loss');
    if (this.ts !== null && h.timestamp !== this.ts) this.flush();
    if (lost) this.broken = true;
    this.ts = h.timestamp;
    const payload = packet.subarray(h.payloadOffset, h.payloadEnd);
    if (payload.length > 0) this.payload(payload);
    if (h.marker) this.flush();
  }

  /** A new session (reconnect): forget sequence numbers and half-built pictures. */
  reset(): void {
    this.nalus = [];
    this.bytes = 0;
    this.ts = null;
    this.fu = null;
    this.lastSeq = null;
    this.broken = false;
    this.waitKeyframe = true;
    this.unwrapper.reset();
  }

  private payload(p: Buffer): void {
    const type = p[0]! & 0x1f;
    if (type >= 1 && type <= 23) return this.nal(p);
    if (type === NAL.STAP_A) {
      let i = 1;
      while (i + 2 <= p.length) {
        const size = p.readUInt16BE(i);
        i += 2;
        if (size === 0 || i + size > p.length) return this.lose('STAP-A size beyond the packet');
        this.nal(p.subarray(i, i + size));
        i += size;
      }
      return;
    }
    if (type === NAL.FU_A) {
      if (p.length < 3) return this.lose('FU-A too short');
      const start = (p[1]! & 0x80) !== 0;
      const end = (p[1]! & 0x40) !== 0;
      if (start) {
        this.fu = [Buffer.from([(p[0]! & 0xe0) | (p[1]! & 0x1f)])];
        this.fuBytes = 1;
      } else if (!this.fu) return; // a fragment whose start we missed: the loss is already counted
      this.fu.push(p.subarray(2));
      this.fuBytes += p.length - 2;
      if (this.fuBytes > MAX_AU_BYTES) return this.lose('FU-A larger than 4 MiB');
      if (end) {
        const nal = Buffer.concat(this.fu, this.fuBytes);
        this.fu = null;
        this.nal(nal);
      }
      return;
    }
    this.events.onDrop?.(`unsupported NAL/packet type ${type}`);
  }

  private nal(n: Buffer): void {
    const type = n[0]! & 0x1f;
    if (type === NAL.SPS || type === NAL.PPS) this.events.onParameterSet?.(Buffer.from(n));
    if (this.nalus.length >= MAX_AU_NALS || this.bytes + n.length > MAX_AU_BYTES)
      return this.lose('picture too large');
    // Packets are subarrays of the socket's buffer: copy so the picture outlives it.
    this.nalus.push(Buffer.from(n));
    this.bytes += n.length;
  }

  private lose(reason: string): void {
    this.broken = true;
    this.fu = null;
    this.events.onDrop?.(reason);
  }

  private flush(): void {
    const nalus = this.nalus;
    const ts = this.ts;
    this.nalus = [];
    this.bytes = 0;
    this.fu = null;
    const broken = this.broken;
    this.broken = false;
    if (!nalus.length || ts === null) return;
    const keyframe = nalus.some((n) => (n[0]! & 0x1f) === NAL.IDR);
    const pts90k = this.unwrapper.unwrap(ts);
    if (broken) {
      this.waitKeyframe = true;
      return;
    }
    if (this.waitKeyframe && !keyframe) return;
    this.waitKeyframe = false;
    this.events.onAccessUnit({ nalus, pts90k, keyframe, receivedAt: this.now() });
  }
}
