import { spawn } from 'node:child_process';
import net from 'node:net';

/**
 * Small RTSP client tools built on ffmpeg/ffprobe and a bare DESCRIBE, for the camera tests, the
 * latency bench and a quick look by hand (`npx tsx`): what a pull of a mount sees.
 */

export interface ProbedFrame {
  key: boolean;
  /** Presentation time in seconds, as the client computes it. */
  pts: number | null;
  width: number;
  height: number;
}

export interface ProbeResult {
  frames: ProbedFrame[];
  codec: string | null;
  profile: string | null;
  /** ffprobe's warnings and errors (decoder errors at a loop seam would show here). */
  errors: string[];
}

/** Decodes `seconds` of a stream with ffprobe and lists its frames. */
export async function probeStream(
  url: string,
  opts: { transport: 'tcp' | 'udp'; seconds: number; timeoutMs?: number },
): Promise<ProbeResult> {
  const args = [
    '-hide_banner',
    '-loglevel',
    'warning',
    '-rtsp_transport',
    opts.transport,
    '-read_intervals',
    `%+${opts.seconds}`,
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=codec_name,profile:frame=key_frame,pts_time,width,height',
    '-of',
    'json',
    url,
  ];
  const { stdout, stderr, code } = await capture(
    'ffprobe',
    args,
    opts.timeoutMs ?? (opts.seconds + 20) * 1000,
  );
  if (code !== 0)
    throw new Error(`ffprobe ${url} (${opts.transport}) failed with ${code}: ${stderr.trim().slice(-500)}`);
  const j = JSON.parse(stdout) as {
    streams?: { codec_name?: string; profile?: string }[];
    frames?: { key_frame: number; pts_time?: string; width: number; height: number }[];
  };
  return {
    codec: j.streams?.[0]?.codec_name ?? null,
    profile: j.streams?.[0]?.profile ?? null,
    frames: (j.frames ?? []).map((f) => ({
      key: f.key_frame === 1,
      pts: f.pts_time === undefined || f.pts_time === 'N/A' ? null : Number(f.pts_time),
      width: f.width,
      height: f.height,
    })),
    errors: stderr.split('\n').filter((l) => l.trim()),
  };
}

/** Seconds between consecutive keyframes. */
export function keyframeIntervals(frames: ProbedFrame[]): number[] {
  const keys = frames.filter((f) => f.key && f.pts !== null).map((f) => f.pts!);
  return keys.slice(1).map((t, i) => t - keys[i]!);
}

/** The status code of an RTSP DESCRIBE (200, 404, …); rejects when the server cannot be reached. */
export function rtspDescribe(url: string, timeoutMs = 5000): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = net.createConnection({ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 554) });
    let buf = '';
    const timer = setTimeout(
      () => (s.destroy(), reject(new Error(`DESCRIBE ${url}: no answer within ${timeoutMs} ms`))),
      timeoutMs,
    );
    s.once('connect', () =>
      s.write(`DESCRIBE ${url} RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n`),
    );
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const m = /^RTSP\/1\.0 (\d{3})/.exec(buf);
      if (m) {
        clearTimeout(timer);
        s.destroy();
        resolve(Number(m[1]));
      }
    });
    s.once('error', (err) => (clearTimeout(timer), reject(err)));
  });
}

export interface PullHandle {
  /** Resolves with ffmpeg's exit code when the pull ends (server cut, error, or `stop`). */
  exited: Promise<number | null>;
  /** Frames ffmpeg has reported so far (-progress, about twice a second), to tell that media flows. */
  progressFrames(): number;
  stop(): void;
}

/** `ffmpeg -rtsp_transport … -i url -c copy -f null -`: a client that pulls until cut or stopped. */
export function pull(url: string, transport: 'tcp' | 'udp' = 'tcp', extra: string[] = []): PullHandle {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-rtsp_transport',
      transport,
      '-timeout',
      '5000000',
      '-i',
      url,
      ...extra,
      '-c',
      'copy',
      '-f',
      'null',
      '-progress',
      'pipe:1',
      '-',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let frames = 0;
  child.stdout.on('data', (d: Buffer) => {
    for (const m of d.toString().matchAll(/^frame=(\d+)/gm)) frames = Number(m[1]);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  return { exited, progressFrames: () => frames, stop: () => void child.kill('SIGKILL') };
}

/**
 * Pulls a stream decoded to RGBA at `width`x`height` and hands each frame to `onFrame` with the
 * wall-clock ms it arrived; stops after `frames` frames or when `onFrame` returns false.
 */
export function grabRgba(
  url: string,
  opts: { width: number; height: number; frames: number; transport?: 'tcp' | 'udp'; timeoutMs?: number },
  onFrame: (rgba: Buffer, receivedAt: number) => boolean | void,
): Promise<number> {
  const size = opts.width * opts.height * 4;
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-fflags',
      'nobuffer',
      '-flags',
      'low_delay',
      '-probesize',
      '32768',
      '-analyzeduration',
      '0',
      '-rtsp_transport',
      opts.transport ?? 'tcp',
      '-i',
      url,
      '-frames:v',
      String(opts.frames),
      '-vf',
      `scale=${opts.width}:${opts.height}`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // One frame's buffer filled in place: concatenating chunks costs more than the decode at 720p.
  let frame = Buffer.allocUnsafe(size);
  let filled = 0;
  let count = 0;
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-1000)));
  child.stdout.on('data', (d: Buffer) => {
    const at = Date.now();
    for (let off = 0; off < d.length;) {
      const n = Math.min(size - filled, d.length - off);
      d.copy(frame, filled, off, off + n);
      filled += n;
      off += n;
      if (filled < size) break;
      count++;
      const done = frame;
      frame = Buffer.allocUnsafe(size);
      filled = 0;
      if (onFrame(done, at) === false) child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.once('error', (e) => (clearTimeout(timer), reject(e)));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (count > 0 || code === 0) resolve(count);
      else reject(new Error(`ffmpeg grab of ${url} ended (${signal ?? code}) with no frame: ${err.trim()}`));
    });
  });
}

function capture(
  cmd: string,
  args: string[],
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => (clearTimeout(timer), reject(e)));
    child.once('exit', (code) => (clearTimeout(timer), resolve({ stdout, stderr, code })));
  });
}
