import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { boxAt, coverage, cutSprite, medianBackground, type Box } from './cutout.ts';

/**
 * Real people for the simulated cameras, cut from the pedestrian video that Debian's opencv-doc
 * package ships (vtest.avi: 768x576, 10 fps, 795 frames of people walking past a building, filmed
 * from a first floor). Each person below is a short stretch where one walker is alone in a box that
 * follows them; the stretch is played forwards and back (ping-pong), so the sprite loops without a
 * jump. The stretches were found by background subtraction over the whole video (blobs taller than
 * wide, alone within 30 px for 2 s) and checked by eye; coordinates are in the video's pixels.
 *
 * The sprites are written once as raw RGBA (`<dir>/<name>.rgba`, frames of w x h) for ffmpeg to
 * composite at the desks (scene.ts).
 */

export const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const VW = 768;
const VH = 576;
/** vtest's frame rate: the sprites play at it. */
export const PEOPLE_FPS = 10;

export interface PersonTrack {
  name: string;
  /** First frame of the stretch. */
  from: number;
  /** Frames played forwards (then back, without repeating the ends). */
  frames: number;
  /** The crop at the first frame, and where its top-left corner is at the last. */
  box: Box;
  to: { x: number; y: number };
}

export const PEOPLE: PersonTrack[] = [
  // a man in a dark jacket, near the camera, walking slowly away to the left
  {
    name: 'dark-jacket',
    from: 625,
    frames: 16,
    box: { x: 344, y: 392, w: 84, h: 176 },
    to: { x: 328, y: 370 },
  },
  // a man standing still on the path, waiting
  { name: 'standing', from: 550, frames: 16, box: { x: 618, y: 288, w: 76, h: 136 }, to: { x: 618, y: 288 } },
  // a man in a dark jacket and jeans walking up the path
  { name: 'up-path', from: 505, frames: 16, box: { x: 531, y: 214, w: 76, h: 136 }, to: { x: 472, y: 188 } },
  // a walker on the left edge of the path
  { name: 'left-path', from: 685, frames: 16, box: { x: 112, y: 300, w: 76, h: 150 }, to: { x: 82, y: 262 } },
];

export interface Sprite {
  name: string;
  file: string;
  w: number;
  h: number;
  /** Frames in the file (the ping-pong loop). */
  frames: number;
}

export class PeopleError extends Error {
  override name = 'PeopleError';
}

/** The ping-pong order of a stretch: 0..n-1 then n-2..1, so the loop never repeats a frame at its ends. */
export function pingPong(n: number): number[] {
  const fwd = Array.from({ length: n }, (_, i) => i);
  return [...fwd, ...fwd.slice(1, -1).reverse()];
}

/**
 * Cuts every person of PEOPLE out of the video into `dir` (skipped when the sprites are there).
 * Decodes the video once (about 1-2 s of CPU), keeping 31 evenly spaced frames for the background
 * and the frames of the stretches.
 */
export async function ensureSprites(
  dir: string,
  opts: { video?: string; ffmpeg?: string; nice?: number } = {},
): Promise<Sprite[]> {
  const sprites = PEOPLE.map((p) => ({
    name: p.name,
    file: path.join(dir, `${p.name}-${p.box.w}x${p.box.h}.rgba`),
    w: p.box.w,
    h: p.box.h,
    frames: pingPong(p.frames).length,
  }));
  if (sprites.every((s) => existsSync(s.file))) return sprites;
  const video = opts.video ?? VTEST;
  if (!existsSync(video))
    throw new PeopleError(
      `${video} is missing: the simulated cameras cut their people from it (apt-get install opencv-doc; scripts/setup.sh installs it)`,
    );
  const total = 795;
  const samples = new Set(Array.from({ length: 31 }, (_, k) => Math.floor((k * (total - 1)) / 30)));
  const wanted = new Set(samples);
  for (const p of PEOPLE) for (let i = 0; i < p.frames; i++) wanted.add(p.from + i);
  const frames = await decode(video, wanted, opts);
  const bg = medianBackground(
    [...samples].map((i) => frames.get(i)).filter((f): f is Uint8Array => f !== undefined),
    VW * VH * 3,
  );
  mkdirSync(dir, { recursive: true });
  PEOPLE.forEach((p, k) => {
    const cuts = Array.from({ length: p.frames }, (_, i) => {
      const frame = frames.get(p.from + i);
      if (!frame) throw new PeopleError(`${video} has no frame ${p.from + i}`);
      return cutSprite(frame, bg, VW, VH, boxAt(p.box, p.to, i, p.frames));
    });
    const thin = cuts.findIndex((c) => coverage(c) < 0.08);
    if (thin >= 0) throw new PeopleError(`${p.name}: nobody found in frame ${p.from + thin} of ${video}`);
    const out = sprites[k]!.file;
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat(pingPong(p.frames).map((i) => cuts[i]!)));
    renameSync(tmp, out);
  });
  return sprites;
}

function decode(
  video: string,
  wanted: ReadonlySet<number>,
  opts: { ffmpeg?: string; nice?: number },
): Promise<Map<number, Uint8Array>> {
  const size = VW * VH * 3;
  const args = ['-v', 'error', '-nostdin', '-i', video, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'];
  const ffmpeg = opts.ffmpeg ?? 'ffmpeg';
  const [cmd, argv] =
    (opts.nice ?? 0) > 0 && existsSync('/usr/bin/nice')
      ? ['/usr/bin/nice', ['-n', String(opts.nice), ffmpeg, ...args]]
      : [ffmpeg, args];
  return new Promise((resolve, reject) => {
    const out = new Map<number, Uint8Array>();
    let n = 0;
    // One frame's buffer filled in place: concatenating 64 KB pipe chunks onto it would copy gigabytes.
    let frame = new Uint8Array(size);
    let filled = 0;
    let err = '';
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => {
      let at = 0;
      while (at < d.length) {
        const take = Math.min(size - filled, d.length - at);
        frame.set(d.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled < size) break;
        if (wanted.has(n)) {
          out.set(n, frame);
          frame = new Uint8Array(size);
        }
        filled = 0;
        n++;
      }
    });
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.once('error', (e) => reject(new PeopleError(`cannot run ${cmd}: ${e.message}`)));
    child.once('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new PeopleError(`decoding ${video} failed (exit ${code}): ${err.trim()}`)),
    );
  });
}
