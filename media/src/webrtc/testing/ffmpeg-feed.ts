import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AccessUnit, CameraFeed, FeedListener, H264Params } from '../../feed.ts';
import { readRtp } from '../rtp.ts';

/**
 * Test harness, not a production component: a CameraFeed over REAL H.264 from ffmpeg (lavfi
 * testsrc, libx264 baseline, zerolatency, AUD inserted, SPS/PPS in band and in the SDP), sent as
 * RTP to a UDP socket here. It stands in for the RTSP pull (built elsewhere) with the same shape of
 * output: the packets as received, access units assembled by timestamp and marker, params from the
 * SDP's sprop-parameter-sets, and the keyframe cache.
 */
export interface FfmpegFeedOptions {
  width?: number;
  height?: number;
  fps?: number;
  gop?: number;
  /** Seconds ffmpeg runs at most, so a test killed before its cleanup leaves no encoder behind. */
  maxSeconds?: number;
  /** Extra ffmpeg output args, e.g. a bitrate. */
  extra?: string[];
  cameraId?: string;
}

export interface FfmpegFeed {
  feed: CameraFeed;
  /** Resolves when params are known and a keyframe has arrived (a warm feed). */
  ready: Promise<void>;
  stats(): { packets: number; units: number; bytes: number };
  stop(): Promise<void>;
}

export async function startFfmpegFeed(o: FfmpegFeedOptions = {}): Promise<FfmpegFeed> {
  const { width = 640, height = 360, fps = 15, gop = 15 } = o;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pkk-ffmpeg-feed-'));
  const sdpFile = path.join(dir, 'stream.sdp');
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  const feed = new AssemblingFeed(o.cameraId ?? '00000000-0000-4000-8000-000000000001');
  socket.on('message', (raw) => feed.push(raw, Date.now()));
  // -re: real time, as a camera; global_header puts sprop-parameter-sets in the SDP and
  // repeat-headers keeps SPS/PPS in band too, as cameras send them.
  // prettier-ignore
  const args = [
    '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${fps}`,
    '-c:v', 'libx264', '-profile:v', 'baseline', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(gop),
    '-pix_fmt', 'yuv420p', '-flags', '+global_header', '-x264-params', 'repeat-headers=1',
    '-bsf:v', 'h264_metadata=aud=insert', '-t', String(o.maxSeconds ?? 300), ...(o.extra ?? []),
    '-f', 'rtp', '-sdp_file', sdpFile, `rtp://127.0.0.1:${port}?pkt_size=1200`,
  ];
  const ff: ChildProcess = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  ff.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => ff.once('exit', () => resolve()));
  const ready = (async () => {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const sdp = await readFile(sdpFile, 'utf8').catch(() => '');
      if (sdp.includes('sprop-parameter-sets')) {
        feed.setParams(paramsFromSdp(sdp, width, height));
        break;
      }
      if (ff.exitCode !== null) throw new Error(`ffmpeg exited: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await feed.keyframe;
  })();
  return {
    feed,
    ready,
    stats: () => feed.stats(),
    stop: async () => {
      ff.kill('SIGTERM');
      await exited;
      await closeSocket(socket);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function closeSocket(s: Socket): Promise<void> {
  return new Promise((resolve) => s.close(() => resolve()));
}

export function paramsFromSdp(sdp: string, width: number, height: number): H264Params {
  const sprop = /sprop-parameter-sets=([^;\s]+)/.exec(sdp)?.[1] ?? '';
  const [sps = '', pps = ''] = sprop.split(',');
  const pli = (/profile-level-id=([0-9a-f]{6})/i.exec(sdp)?.[1] ?? '42e01f').toLowerCase();
  return {
    sps: Buffer.from(sps, 'base64'),
    pps: Buffer.from(pps, 'base64'),
    profileLevelId: pli,
    codecString: `avc1.${pli}`,
    width,
    height,
  };
}

/** Depacketizes (single NAL, STAP-A, FU-A) and assembles pictures; keeps the GOP since the last IDR. */
class AssemblingFeed implements CameraFeed {
  readonly stream = 'main' as const;
  private listeners = new Set<FeedListener>();
  private p: H264Params | null = null;
  private cache: AccessUnit[] = [];
  private nalus: Buffer[] = [];
  private fu: Buffer[] = [];
  private ts: number | null = null;
  private wraps = 0;
  private lastTs: number | null = null;
  private packets = 0;
  private bytes = 0;
  private units = 0;
  private gotKey!: () => void;
  readonly keyframe = new Promise<void>((r) => (this.gotKey = r));

  constructor(readonly cameraId: string) {}

  params() {
    return this.p;
  }
  keyframeCache(): readonly AccessUnit[] {
    return this.cache;
  }
  subscribe(l: FeedListener) {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  }
  stats() {
    return { packets: this.packets, units: this.units, bytes: this.bytes };
  }
  setParams(p: H264Params) {
    this.p = p;
    for (const l of this.listeners) l.onParams?.(p);
  }

  push(raw: Buffer, receivedAt: number) {
    const p = readRtp(raw);
    if (!p) return;
    this.packets++;
    this.bytes += raw.length;
    for (const l of this.listeners) l.onRtp?.({ raw, receivedAt });
    if (this.ts !== null && p.timestamp !== this.ts) this.finish(receivedAt);
    this.ts = p.timestamp;
    const type = p.payload[0]! & 0x1f;
    if (type >= 1 && type <= 23) this.nalus.push(p.payload);
    else if (type === 24) {
      for (let at = 1; at + 2 <= p.payload.length;) {
        const len = p.payload.readUInt16BE(at);
        this.nalus.push(p.payload.subarray(at + 2, at + 2 + len));
        at += 2 + len;
      }
    } else if (type === 28) {
      const fuHeader = p.payload[1]!;
      if (fuHeader & 0x80) this.fu = [Buffer.from([(p.payload[0]! & 0xe0) | (fuHeader & 0x1f)])];
      this.fu.push(p.payload.subarray(2));
      if (fuHeader & 0x40) {
        this.nalus.push(Buffer.concat(this.fu));
        this.fu = [];
      }
    }
    if (p.marker) this.finish(receivedAt);
  }

  private finish(receivedAt: number) {
    if (this.ts === null || this.nalus.length === 0) return;
    if (this.lastTs !== null && this.ts < this.lastTs && this.lastTs - this.ts > 0x80000000) this.wraps++;
    this.lastTs = this.ts;
    const au: AccessUnit = {
      nalus: this.nalus,
      pts90k: this.wraps * 0x100000000 + this.ts,
      keyframe: this.nalus.some((n) => (n[0]! & 0x1f) === 5),
      receivedAt,
    };
    this.nalus = [];
    this.ts = null;
    this.units++;
    if (au.keyframe) {
      this.cache = [au];
      this.gotKey();
    } else if (this.cache.length > 0) this.cache.push(au);
    for (const l of this.listeners) l.onAccessUnit?.(au);
  }
}
