import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * One long-lived ffmpeg decodes the keyframes of every camera stream of one picture size, for
 * snapshots and for detection alike: a keyframe (Annex-B, SPS and PPS first) goes in on stdin, its
 * picture comes out twice, raw RGB on stdout and a JPEG on fd 3. Spawning ffmpeg per snapshot cost
 * 322-376 ms of CPU a picture; a running decoder takes 25-47 ms. Keyframes of different cameras of
 * the same size go through the same process one after another (each is an IDR picture with its own
 * parameter sets: it needs nothing before it). ffmpeg hands a picture out only once the input after it
 * has arrived (its parser and start-up probe look ahead), so each keyframe is followed by a copy of
 * itself as a filler, and by more copies every 200 ms while its picture has not come: every input
 * gives exactly one output, in order, and the outputs of fillers are dropped.
 */
export interface DecodedPicture {
  width: number;
  height: number;
  rgb: Uint8Array;
  jpeg: Buffer;
}

interface Pending {
  /** Null for a filler, whose picture is dropped. */
  resolve: ((p: DecodedPicture) => void) | null;
  reject(e: Error): void;
  timer: NodeJS.Timeout | null;
}

const FILLER_EVERY_MS = 200;

class SizedDecoder {
  private proc: ChildProcess | null = null;
  private pending: Pending[] = [];
  private raw: Buffer[] = [];
  private rawBytes = 0;
  private jpegBuf: Buffer = Buffer.alloc(0);
  private rgbDone: Uint8Array[] = [];
  private jpegDone: Buffer[] = [];
  lastUsed = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly timeoutMs: number,
  ) {}

  decode(annexB: Buffer, now: number): Promise<DecodedPicture> {
    this.lastUsed = now;
    const proc = this.proc ?? this.start();
    return new Promise((resolve, reject) => {
      let waiting = true;
      const filler = () => {
        if (!waiting || this.proc !== proc) return clearInterval(push);
        this.pending.push({ resolve: null, reject: () => undefined, timer: null });
        proc.stdin!.write(annexB);
      };
      const push = setInterval(filler, FILLER_EVERY_MS);
      const timer = setTimeout(() => this.fail(new Error('ffmpeg gave no picture in time')), this.timeoutMs);
      this.pending.push({
        resolve: (p) => {
          waiting = false;
          clearInterval(push);
          resolve(p);
        },
        reject: (e) => {
          waiting = false;
          clearInterval(push);
          reject(e);
        },
        timer,
      });
      proc.stdin!.write(annexB);
      filler();
    });
  }

  private start(): ChildProcess {
    const proc = spawn(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-threads',
        '1',
        '-probesize',
        '32',
        '-analyzeduration',
        '0',
        '-fflags',
        'nobuffer',
        '-flags',
        'low_delay',
        '-f',
        'h264',
        '-i',
        'pipe:0',
        '-map',
        '0:v',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        '-flush_packets',
        '1',
        'pipe:1',
        '-map',
        '0:v',
        '-f',
        'mjpeg',
        '-q:v',
        '4',
        '-flush_packets',
        '1',
        'pipe:3',
      ],
      { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] },
    );
    this.proc = proc;
    const frameBytes = this.width * this.height * 3;
    proc.stdout!.on('data', (d: Buffer) => {
      this.raw.push(d);
      this.rawBytes += d.length;
      while (this.rawBytes >= frameBytes) {
        const all = Buffer.concat(this.raw);
        this.rgbDone.push(new Uint8Array(all.subarray(0, frameBytes)));
        const rest = all.subarray(frameBytes);
        this.raw = rest.length ? [rest] : [];
        this.rawBytes = rest.length;
      }
      this.settle();
    });
    (proc.stdio[3] as Readable).on('data', (d: Buffer) => {
      this.jpegBuf = this.jpegBuf.length ? Buffer.concat([this.jpegBuf, d]) : d;
      // A JPEG ends with FF D9; inside the entropy-coded data every FF is followed by 00 (stuffing).
      for (let end = this.jpegBuf.indexOf(EOI); end >= 0; end = this.jpegBuf.indexOf(EOI)) {
        this.jpegDone.push(Buffer.from(this.jpegBuf.subarray(0, end + 2)));
        this.jpegBuf = this.jpegBuf.subarray(end + 2);
      }
      this.settle();
    });
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-500)));
    proc.stdin!.on('error', () => undefined); // its exit says why
    proc.once('error', (e) => {
      if (this.proc === proc) this.fail(new Error(`cannot run ffmpeg: ${e.message}`));
    });
    proc.once('close', (code, signal) => {
      if (this.proc !== proc) return; // stopped on purpose; its waiters were told already
      this.proc = null;
      this.fail(new Error(`ffmpeg decoder ended (${signal ?? code}): ${err.trim()}`));
    });
    return proc;
  }

  private settle(): void {
    while (this.rgbDone.length && this.jpegDone.length && this.pending.length) {
      const p = this.pending.shift()!;
      const rgb = this.rgbDone.shift()!;
      const jpeg = this.jpegDone.shift()!;
      if (p.timer) clearTimeout(p.timer);
      p.resolve?.({ width: this.width, height: this.height, rgb, jpeg });
    }
  }

  /** Everything waiting fails and the process goes (the next keyframe starts a fresh one): outputs are never paired wrongly. */
  private fail(e: Error): void {
    const pending = this.pending;
    this.pending = [];
    this.raw = [];
    this.rawBytes = 0;
    this.jpegBuf = Buffer.alloc(0);
    this.rgbDone = [];
    this.jpegDone = [];
    for (const p of pending) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(e);
    }
    this.stop();
  }

  stop(): void {
    const proc = this.proc;
    this.proc = null;
    if (proc && proc.exitCode === null) {
      proc.stdin?.end();
      proc.kill('SIGKILL');
    }
  }
}

const EOI = Buffer.from([0xff, 0xd9]);

/** The decoders of one media process, one per picture size, stopped after `idleMs` unused. */
export class KeyframeDecoders {
  private readonly bySize = new Map<string, SizedDecoder>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly opts: { timeoutMs?: number; idleMs?: number; now?: () => number } = {}) {
    this.timer = setInterval(() => this.reap(), 30_000);
    this.timer.unref();
  }

  /** The keyframe's picture (Annex-B with SPS and PPS; its size from the camera's SPS). */
  decode(annexB: Buffer, width: number, height: number): Promise<DecodedPicture> {
    const key = `${width}x${height}`;
    let d = this.bySize.get(key);
    if (!d) this.bySize.set(key, (d = new SizedDecoder(width, height, this.opts.timeoutMs ?? 10_000)));
    return d.decode(annexB, (this.opts.now ?? Date.now)());
  }

  private reap(): void {
    const now = (this.opts.now ?? Date.now)();
    for (const [key, d] of this.bySize) {
      if (now - d.lastUsed > (this.opts.idleMs ?? 5 * 60_000)) {
        d.stop();
        this.bySize.delete(key);
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
    for (const d of this.bySize.values()) d.stop();
    this.bySize.clear();
  }
}
