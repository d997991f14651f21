import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Log } from '../http/client.ts';

/**
 * The simulated cameras' clips: per camera a main and a sub H.264 clip made once by ffmpeg, looped
 * by the RTSP server (rtsp-server.ts) without re-encoding. Constrained Baseline level 3.1 (what
 * browsers decode over WebRTC, profile-level-id 42e01f), one keyframe a second, an access unit
 * delimiter before every frame (the server splits frames there), the kelurahan and camera names
 * and a running clock burned in. A clip is cached under `dir/<hash of its parameters>/`, so a second
 * run finds it; a change of any parameter (or of CLIP_VERSION) makes a new one.
 *
 * Cost, measured on the shared 2-core machine (load average 11-17 from other work): about 1.3 s of
 * CPU per camera for 6 s at 1280x720 + 640x360, 15 fps, x264 superfast CRF 28 (one ffmpeg making
 * both), ~250 KB on disk. 226 cameras (the seed-1 plan of 107 offices) took 295 s of CPU and 9.5 min
 * of wall time at nice 10, too long for setup: the simulator makes them in the background at start, one at a time under nice 10,
 * every office's first camera first, and serves each camera as soon as its clip is there. Later runs
 * find them all in the cache at once.
 */

/** Bump when the picture changes in a way neither the parameters nor ffmpeg's arguments say (the text files). */
export const CLIP_VERSION = 1;

export interface ClipSpec {
  /** Burned in, first line: the kelurahan. */
  title: string;
  /** Burned in, second line: the camera. */
  subtitle: string;
  main: { width: number; height: number };
  sub: { width: number; height: number };
  fps: number;
  /** Clip length; a whole number of keyframe intervals so the loop seam lands on a keyframe. */
  seconds: number;
  /** Varies the background plate between cameras. */
  tint: number;
}

export const DEFAULT_CLIP: Omit<ClipSpec, 'title' | 'subtitle' | 'tint'> = {
  main: { width: 1280, height: 720 },
  sub: { width: 640, height: 360 },
  fps: 15,
  seconds: 6,
};

export interface ClipFiles {
  main: string;
  sub: string;
  /** Whether both were on disk already. */
  cached: boolean;
  /** Time spent making them (0 when cached). */
  ms: number;
}

export class ClipError extends Error {
  override name = 'ClipError';
}

const FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf',
];

export function clipFont(): string {
  const f = FONTS.find((p) => existsSync(p));
  if (!f)
    throw new ClipError(
      `no font for the camera clips: install fonts-dejavu-core or fonts-noto-core (looked for ${FONTS.join(', ')})`,
    );
  return f;
}

/** The cache key: the parameters, the font and ffmpeg's exact arguments, so any change makes a new clip. */
export function clipKey(spec: ClipSpec): string {
  const args = clipArgs(spec, clipFont(), { main: 'main.h264', sub: 'sub.h264' });
  return createHash('sha256')
    .update(JSON.stringify({ v: CLIP_VERSION, spec, args }))
    .digest('hex')
    .slice(0, 20);
}

function checkSpec(s: ClipSpec): void {
  const even = (n: number) => Number.isInteger(n) && n >= 16 && n <= 4096 && n % 2 === 0;
  if (![s.main.width, s.main.height, s.sub.width, s.sub.height].every(even))
    throw new ClipError(
      `clip sizes must be even whole numbers of pixels: ${JSON.stringify({ main: s.main, sub: s.sub })}`,
    );
  if (!Number.isInteger(s.fps) || s.fps < 1 || s.fps > 60)
    throw new ClipError(`clip fps ${s.fps}: expected 1..60`);
  if (!Number.isInteger(s.seconds) || s.seconds < 1 || s.seconds > 120)
    throw new ClipError(`clip length ${s.seconds} s: expected whole seconds 1..120`);
}

/** ffmpeg's arguments for one camera's pair of clips, run in a folder holding title.txt, subtitle.txt and clock.txt. */
export function clipArgs(s: ClipSpec, font: string, out: { main: string; sub: string }): string[] {
  const { width: w, height: h } = s.main;
  const wall = plateColor(s.tint);
  const plate = [
    // Floor, a counter and a doorway: enough shape for a viewer to tell it is a picture.
    `drawbox=x=0:y=ih*0.62:w=iw:h=ih*0.38:color=0x3b3a36:t=fill`,
    `drawbox=x=iw*0.12:y=ih*0.5:w=iw*0.56:h=ih*0.2:color=0x6b4f33:t=fill`,
    `drawbox=x=iw*0.78:y=ih*0.18:w=iw*0.14:h=ih*0.44:color=0x22282e:t=fill`,
    `drawtext=fontfile=${font}:textfile=title.txt:x=w*0.03:y=h*0.04:fontsize=h/16:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=8`,
    `drawtext=fontfile=${font}:textfile=subtitle.txt:x=w*0.03:y=h*0.13:fontsize=h/24:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=6`,
    `drawtext=fontfile=${font}:textfile=clock.txt:x=w*0.03:y=h*0.9:fontsize=h/18:fontcolor=yellow:box=1:boxcolor=black@0.55:boxborderw=6`,
  ].join(',');
  const enc = [
    '-c:v',
    'libx264',
    '-profile:v',
    'baseline',
    '-level:v',
    '3.1',
    '-preset',
    'superfast',
    '-crf',
    '28',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(s.fps),
    '-keyint_min',
    String(s.fps),
    '-sc_threshold',
    '0',
    '-bf',
    '0',
    '-x264-params',
    'aud=1',
    '-an',
    '-f',
    'h264',
  ];
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=${wall}:s=${w}x${h}:r=${s.fps}:d=${s.seconds}`,
    '-filter_complex',
    `${plate},split[m][t];[t]scale=${s.sub.width}:${s.sub.height}[s]`,
    '-map',
    '[m]',
    ...enc,
    out.main,
    '-map',
    '[s]',
    ...enc,
    out.sub,
  ];
}

/**
 * The clips of one camera, made unless cached. Written under a temporary name and renamed, so a run
 * killed half-way leaves no clip that looks whole.
 */
export async function ensureClip(
  spec: ClipSpec,
  opts: { dir: string; nice?: number; ffmpeg?: string; timeoutMs?: number },
): Promise<ClipFiles> {
  checkSpec(spec);
  const dir = path.join(opts.dir, clipKey(spec));
  const files = { main: path.join(dir, 'main.h264'), sub: path.join(dir, 'sub.h264') };
  const whole = (f: string) => existsSync(f) && statSync(f).size > 0;
  if (whole(files.main) && whole(files.sub)) return { ...files, cached: true, ms: 0 };

  const started = Date.now();
  const work = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  mkdirSync(work, { recursive: true });
  try {
    writeFileSync(path.join(work, 'title.txt'), oneLine(spec.title));
    writeFileSync(path.join(work, 'subtitle.txt'), oneLine(spec.subtitle));
    writeFileSync(path.join(work, 'clock.txt'), '%{pts:hms}');
    await runFfmpeg(clipArgs(spec, clipFont(), { main: 'main.h264', sub: 'sub.h264' }), {
      ...opts,
      cwd: work,
    });
    mkdirSync(dir, { recursive: true });
    renameSync(path.join(work, 'main.h264'), files.main);
    renameSync(path.join(work, 'sub.h264'), files.sub);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { ...files, cached: false, ms: Date.now() - started };
}

/**
 * Makes the clips of many cameras, `concurrency` at a time (default 1: the machine is shared),
 * calling `onReady` as each camera's pair is there. A camera whose clip fails is logged and skipped.
 */
export async function ensureClips<T>(
  items: { key: T; spec: ClipSpec }[],
  opts: {
    dir: string;
    concurrency?: number;
    nice?: number;
    log?: Log;
    signal?: AbortSignal;
    onReady?: (key: T, files: ClipFiles) => void | Promise<void>;
  },
): Promise<{ made: number; cached: number; failed: number; ms: number }> {
  const started = Date.now();
  const tally = { made: 0, cached: 0, failed: 0 };
  removeStale(opts.dir);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !opts.signal?.aborted) {
      const item = items[next++]!;
      try {
        const files = await ensureClip(item.spec, opts);
        if (files.cached) tally.cached++;
        else tally.made++;
        await opts.onReady?.(item.key, files);
      } catch (err) {
        tally.failed++;
        opts.log?.(
          'error',
          `camera clip for ${item.spec.title} / ${item.spec.subtitle}: ${(err as Error).message}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));
  return { ...tally, ms: Date.now() - started };
}

/** The wall colour: a muted hue from the tint, so neighbouring cameras do not look alike. */
export function plateColor(tint: number): string {
  const h = (((tint % 360) + 360) % 360) / 60;
  const [c, m] = [70, 40];
  const x = Math.round(c * (1 - Math.abs((h % 2) - 1)));
  const [r, g, b] =
    h < 1
      ? [c, x, 0]
      : h < 2
        ? [x, c, 0]
        : h < 3
          ? [0, c, x]
          : h < 4
            ? [0, x, c]
            : h < 5
              ? [x, 0, c]
              : [c, 0, x];
  return '0x' + [r, g, b].map((v) => (v + m).toString(16).padStart(2, '0')).join('');
}

/** Work folders of runs that were killed half-way (their process is gone). */
function removeStale(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /\.tmp-(\d+)-/.exec(name);
    if (!m) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH')
        rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

/** Text for drawtext: one line, no expansion sequences of its own. */
function oneLine(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 120)
    .replace(/\\/g, '\\\\')
    .replace(/%/g, '\\%');
}

/** Runs ffmpeg in `cwd` (under `nice` when asked), rejecting with its last words when it fails. */
export function runFfmpeg(
  args: string[],
  opts: { cwd: string; nice?: number; ffmpeg?: string; timeoutMs?: number },
): Promise<void> {
  const ffmpeg = opts.ffmpeg ?? 'ffmpeg';
  const nice = opts.nice ?? 0;
  const [cmd, argv] =
    nice > 0 && existsSync('/usr/bin/nice')
      ? ['/usr/bin/nice', ['-n', String(nice), ffmpeg, ...args]]
      : [ffmpeg, args];
  return run(cmd, argv, opts.cwd, opts.timeoutMs ?? 120_000);
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = '';
    let child;
    try {
      child = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      return reject(new ClipError(`cannot run ${cmd}: ${(e as Error).message}`));
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new ClipError(
          e.code === 'ENOENT'
            ? `${cmd} not found: run scripts/setup.sh (installs ffmpeg)`
            : `cannot run ${cmd}: ${e.message}`,
        ),
      );
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new ClipError(`ffmpeg failed (${signal ?? `exit ${code}`}): ${err.trim() || 'no output'}`));
    });
  });
}
