import type { AccessUnit, H264Params } from '../feed.ts';
import { packetizeAccessUnit } from './packetize.ts';
import { buildRtp, readRtp, u16, u32 } from './rtp.ts';

/**
 * What one viewer is sent, as RTP packets with the viewer's own sequence numbers and timestamps.
 *
 * A viewer starts with the keyframe cache, so it shows a picture at once instead of waiting up to a
 * GOP. Those pictures are already old; sent with their real timestamps the browser's jitter buffer
 * would play them at their real pace and stay that far behind live for good, so their timestamps are
 * squeezed to 1 ms apart, ending at the newest one, and live pictures continue from there.
 *
 * Then it follows the camera in two phases. Until it is aligned, it sends the feed's access units
 * (packetized here). At the first packet that begins a picture right after the last access unit it
 * sent, it switches to forwarding the camera's packets themselves (copied, renumbered), which is
 * what the feed contract is for: no waiting for a whole picture. If the alignment never shows (the
 * feed's AU and packet timestamps differ), it simply stays on access units.
 *
 * Cameras cannot be asked for a keyframe, so a browser's PLI/FIR is answered by sending the cache
 * again at the next picture boundary, squeezed in between the last picture sent and the next one.
 */
export interface ViewerStreamOptions {
  payloadType: number;
  ssrc: number;
  send(packet: Buffer): void;
  /** SPS/PPS to put before a keyframe that lacks them (cameras that send them only in the SDP). */
  params?: () => H264Params | null;
  now?: () => number;
  /** Random starting points, so viewers' numbers do not reveal the camera's (RFC 3550 §5.1). */
  random?: () => number;
}

/** Timestamp step between squeezed pictures: 1 ms at 90 kHz. */
const SQUEEZE = 90;
/** At most one keyframe resend per second: browsers repeat PLIs until a picture decodes. */
const RESYNC_INTERVAL_MS = 1000;
const FRAME_90K = 3000;

type Phase = 'units' | 'packets';

export class ViewerStream {
  private phase: Phase = 'units';
  private seq: number;
  private tsOffset: number;
  private seqOffset = 0;
  /** Camera timestamp (u32) of the last access unit sent, to find the packet that follows it. */
  private lastUnitTs: number | null = null;
  private prevLive: { marker: boolean; timestamp: number } | null = null;
  private lastOutTs: number | null = null;
  private lastOutMarker = true;
  private resyncPending = false;
  private lastResyncAt = -Infinity;
  /** After a gap in the feed: wait for a keyframe and continue the viewer's timeline from there. */
  private rebase = false;
  sent = 0;

  constructor(private readonly o: ViewerStreamOptions) {
    const random = o.random ?? Math.random;
    this.seq = Math.floor(random() * 0x10000);
    this.tsOffset = Math.floor(random() * 0x100000000);
  }

  /** Sends the keyframe cache; its newest picture keeps its real (offset) timestamp. */
  start(cache: readonly AccessUnit[]): void {
    const n = cache.length;
    const last = cache[n - 1];
    if (!last) return;
    cache.forEach((au, i) => this.sendUnit(au, u32(last.pts90k + this.tsOffset - (n - 1 - i) * SQUEEZE)));
    this.lastUnitTs = u32(last.pts90k);
  }

  onAccessUnit(au: AccessUnit, cache: () => readonly AccessUnit[]): void {
    if (this.phase !== 'units') return;
    if (this.rebase) {
      if (!au.keyframe) return;
      this.tsOffset = u32((this.lastOutTs ?? 0) + FRAME_90K - au.pts90k);
      this.rebase = false;
      this.resyncPending = false;
    }
    if (this.resyncPending && !au.keyframe) {
      const older = cache().filter((c) => c.pts90k < au.pts90k);
      this.sendSqueezed(older, u32(au.pts90k + this.tsOffset));
    }
    if (au.keyframe) this.resyncPending = false;
    this.sendUnit(au, u32(au.pts90k + this.tsOffset));
    this.lastUnitTs = u32(au.pts90k);
  }

  onRtp(raw: Buffer, cache: () => readonly AccessUnit[]): void {
    const p = readRtp(raw);
    if (!p || this.rebase) return;
    if (this.phase === 'units') {
      const prev = this.prevLive;
      this.prevLive = { marker: p.marker, timestamp: p.timestamp };
      const aligned =
        prev !== null && prev.marker && prev.timestamp === this.lastUnitTs && p.timestamp !== this.lastUnitTs;
      if (!aligned) return;
      this.phase = 'packets';
      this.seqOffset = u16(this.seq - p.sequence);
    }
    const ts = u32(p.timestamp + this.tsOffset);
    if (this.resyncPending && this.lastOutMarker && ts !== this.lastOutTs) {
      if (startsKeyframe(p.payload)) this.resyncPending = false;
      else this.seqOffset = u16(this.seqOffset + this.sendSqueezed(cache(), ts));
    }
    const sequence = u16(p.sequence + this.seqOffset);
    this.emit(
      buildRtp(
        { marker: p.marker, payloadType: this.o.payloadType, sequence, timestamp: ts, ssrc: this.o.ssrc },
        p.payload,
      ),
      ts,
      p.marker,
    );
    this.seq = u16(sequence + 1);
  }

  /** A PLI or FIR from the browser. */
  requestKeyframe(): boolean {
    const now = (this.o.now ?? Date.now)();
    if (now - this.lastResyncAt < RESYNC_INTERVAL_MS) return false;
    this.lastResyncAt = now;
    this.resyncPending = true;
    return true;
  }

  /** The feed broke and reconnects: its numbers start over. */
  onGap(): void {
    this.phase = 'units';
    this.prevLive = null;
    this.lastUnitTs = null;
    this.rebase = true;
  }

  /** Sends pictures between the last timestamp sent and `before`; returns the packet count. */
  private sendSqueezed(units: readonly AccessUnit[], before: number): number {
    const first = this.seq;
    const base = this.lastOutTs ?? u32(before - (units.length + 1) * SQUEEZE);
    const room = u32(before - base);
    const step = Math.max(1, Math.min(SQUEEZE, Math.floor(room / (units.length + 1))));
    units.forEach((au, i) => this.sendUnit(au, u32(base + (i + 1) * step)));
    return u16(this.seq - first);
  }

  private sendUnit(au: AccessUnit, timestamp: number): void {
    const payloads = packetizeAccessUnit(
      au.keyframe ? withParameterSets(au.nalus, this.o.params?.() ?? null) : au.nalus,
    );
    payloads.forEach((payload, i) => {
      const marker = i === payloads.length - 1;
      this.emit(
        buildRtp(
          { marker, payloadType: this.o.payloadType, sequence: this.seq, timestamp, ssrc: this.o.ssrc },
          payload,
        ),
        timestamp,
        marker,
      );
      this.seq = u16(this.seq + 1);
    });
  }

  private emit(packet: Buffer, timestamp: number, marker: boolean): void {
    this.lastOutTs = timestamp;
    this.lastOutMarker = marker;
    this.sent++;
    this.o.send(packet);
  }
}

/** Whether an RTP payload begins an IDR picture or its parameter sets (single NAL, STAP-A, FU-A start). */
export function startsKeyframe(payload: Buffer): boolean {
  const type = (payload[0] ?? 0) & 0x1f;
  if (type === 5 || type === 7) return true;
  if (type === 24) return [5, 7].includes((payload[3] ?? 0) & 0x1f);
  if (type === 28) return ((payload[1] ?? 0) & 0x80) !== 0 && [5, 7].includes((payload[1] ?? 0) & 0x1f);
  return false;
}

/** The NAL units of a keyframe with SPS and PPS before its first slice when it carries none. */
export function withParameterSets(nalus: readonly Buffer[], params: H264Params | null): readonly Buffer[] {
  if (!params || nalus.some((n) => ((n[0] ?? 0) & 0x1f) === 7)) return nalus;
  const firstSlice = nalus.findIndex((n) => [1, 5].includes((n[0] ?? 0) & 0x1f));
  const at = firstSlice < 0 ? nalus.length : firstSlice;
  return [...nalus.slice(0, at), params.sps, params.pps, ...nalus.slice(at)];
}
