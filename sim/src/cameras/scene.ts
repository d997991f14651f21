import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DeskZone } from '@pkk/core';
import type { Log } from '../http/client.ts';
import { clipFont, ClipError, DEFAULT_CLIP, plateColor, runFfmpeg } from './clips.ts';
import { ensureSprites, PEOPLE, PEOPLE_FPS, VTEST, type Sprite } from './people.ts';

/**
 * What the simulated cameras show: real people (people.ts) at the desks.
 *
 * A desk camera looks at the service counter of its office: one place per desk, left to right in
 * the office's desk order. For every combination of occupied desks ("state", a bit per desk) one clip
 * pair (main 1280x720, sub 640x360) is made once with ffmpeg and shared by every office with the
 * same number of desks: 8 clips for three desks, 16 for four. The RTSP server switches a camera's
 * clip at a keyframe when a desk's officer comes or goes (camera-server.py `switch`), so showing
 * people costs the camera server nothing more than looping one clip.
 *
 * The hall and entrance cameras loop stretches of the pedestrian video itself (real people walking
 * past), the same for every office.
 *
 * The desk zones given to the api (`zonesOf`) are the boxes where a person is drawn: a detector
 * judging them sees exactly what the ground truth says.
 */

/** Bump when the picture changes in a way the ffmpeg arguments do not show. */
export const SCENE_VERSION = 1;

const W = DEFAULT_CLIP.main.width;
const H = DEFAULT_CLIP.main.height;
/**
 * The scene cameras' frame rate: the pedestrian video's own 10 fps (no frame repeated), a keyframe a
 * second as before. Common for CCTV, and the camera server's and the media node's cost goes by frames:
 * 15 fps kept the default demo above one core (issue 21 §6, bench/results/demo-cpu.json).
 */
export const SCENE_FPS = PEOPLE_FPS;
const FPS = SCENE_FPS;
/** A clip lasts two loops of the sprites (16 frames forwards and back at 10 fps: 3 s). */
export const SCENE_SECONDS = 6;
/** A person drawn this tall (feet to head), standing behind the counter. */
const PERSON_H = Math.round(H * 0.78);
const FEET_Y = Math.round(H * 0.98);
/** The counter's top edge: it hides the legs. */
const COUNTER_Y = Math.round(H * 0.7);

export type SceneKind = 'desks' | 'hall' | 'entrance';

export interface SceneClip {
  main: string;
  sub: string;
}

/** The x of a desk's centre, as a fraction of the width. */
function deskCentre(i: number, desks: number): number {
  return (i + 0.5) / desks;
}

/**
 * The desk zones of a desk camera showing `desks` (codes, left to right): per desk the box from
 * above the head to the counter, as fractions of the picture.
 */
export function zonesOf(desks: readonly string[]): DeskZone[] {
  const n = desks.length;
  const r = (v: number) => Math.round(v * 1000) / 1000;
  const top = r((FEET_Y - PERSON_H) / H - 0.04);
  const bottom = r(COUNTER_Y / H + 0.06);
  return desks.map((desk, i) => {
    const c = deskCentre(i, n);
    const half = Math.min(0.4 / n, 0.14);
    const [x0, x1] = [r(Math.max(0, c - half)), r(Math.min(1, c + half))];
    return {
      desk,
      polygon: [
        [x0, top],
        [x1, top],
        [x1, bottom],
        [x0, bottom],
      ],
    };
  });
}

/** Which desks a state shows occupied: bit i for desk i. */
export function stateOf(occupied: readonly boolean[]): number {
  return occupied.reduce((m, o, i) => (o ? m | (1 << i) : m), 0);
}

/** ffmpeg's arguments for the desk camera clip of `desks` desks in `state`, the sprites as inputs. */
export function deskClipArgs(
  desks: number,
  state: number,
  sprites: readonly Sprite[],
  font: string,
  out: SceneClip,
): string[] {
  const inputs: string[] = [
    '-f',
    'lavfi',
    '-i',
    `color=c=${plateColor(200)}:s=${W}x${H}:r=${FPS}:d=${SCENE_SECONDS}`,
  ];
  const chains: string[] = [
    // Wall, a notice board, the back wall's door and the floor.
    `[0:v]drawbox=x=0:y=ih*0.55:w=iw:h=ih*0.45:color=0x4a4640:t=fill,` +
      `drawbox=x=iw*0.04:y=ih*0.12:w=iw*0.16:h=ih*0.2:color=0xd8d2c0:t=fill,` +
      `drawbox=x=iw*0.86:y=ih*0.1:w=iw*0.1:h=ih*0.45:color=0x3a2e24:t=fill[p0]`,
  ];
  let last = 'p0';
  let k = 0;
  for (let i = 0; i < desks; i++) {
    if (!(state & (1 << i))) continue;
    const s = sprites[i % sprites.length]!;
    k++;
    inputs.push(
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      '-s',
      `${s.w}x${s.h}`,
      '-framerate',
      String(PEOPLE_FPS),
      '-stream_loop',
      '-1',
      '-i',
      s.file,
    );
    const x = Math.round(deskCentre(i, desks) * W);
    chains.push(`[${k}:v]scale=-2:${PERSON_H},fps=${FPS}[s${k}]`);
    chains.push(
      `[${last}][s${k}]overlay=x=${x}-overlay_w/2:y=${FEET_Y - PERSON_H}:eof_action=repeat:shortest=0[p${k}]`,
    );
    last = `p${k}`;
  }
  const labels = Array.from({ length: desks }, (_, i) => {
    const x = Math.round(deskCentre(i, desks) * W);
    return `drawtext=fontfile=${font}:text='LOKET ${i + 1}':x=${x}-tw/2:y=${COUNTER_Y + 50}:fontsize=34:fontcolor=0xf0e6c8`;
  });
  chains.push(
    `[${last}]drawbox=x=0:y=${COUNTER_Y}:w=iw:h=ih-${COUNTER_Y}:color=0x6b4f33:t=fill,` +
      `drawbox=x=0:y=${COUNTER_Y}:w=iw:h=10:color=0x8a6a48:t=fill,` +
      `${labels.join(',')},split[m][t]`,
    `[t]scale=${DEFAULT_CLIP.sub.width}:${DEFAULT_CLIP.sub.height}[s]`,
  );
  return [...head(), ...inputs, '-filter_complex', chains.join(';'), ...outputs(out)];
}

/** ffmpeg's arguments for a hall or entrance clip: a stretch of the pedestrian video at the camera's size. */
export function walkClipArgs(kind: 'hall' | 'entrance', video: string, out: SceneClip): string[] {
  const from = kind === 'hall' ? 20 : 45;
  return [
    ...head(),
    '-ss',
    String(from),
    '-t',
    String(SCENE_SECONDS),
    '-i',
    video,
    '-filter_complex',
    // 768x576 cut to 16:9 around the path, then the camera's size and rate.
    `[0:v]crop=768:432:0:96,scale=${W}:${H},fps=${FPS},split[m][t];[t]scale=${DEFAULT_CLIP.sub.width}:${DEFAULT_CLIP.sub.height}[s]`,
    ...outputs(out),
  ];
}

function head(): string[] {
  return ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];
}

function outputs(out: SceneClip): string[] {
  const enc = [
    '-frames:v',
    String(SCENE_SECONDS * FPS),
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
    String(FPS),
    '-keyint_min',
    String(FPS),
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
  return ['-map', '[m]', ...enc, out.main, '-map', '[s]', ...enc, out.sub];
}

/**
 * The scene clips, made once into `dir` and found there afterwards: `clip(kind, desks, state)` answers
 * the files of a clip already made. `ensure…` make what is missing (under nice, one ffmpeg at a time).
 */
export class SceneClips {
  private sprites: Sprite[] | null = null;
  private readonly made = new Map<string, SceneClip>();

  constructor(
    private readonly opts: { dir: string; nice?: number; log?: Log; video?: string; ffmpeg?: string },
  ) {}

  /** The clip of a desk camera with `desks` desks in `state` (a bit per occupied desk), made if missing. */
  async ensureDesk(desks: number, state: number): Promise<SceneClip> {
    if (!Number.isInteger(desks) || desks < 1 || desks > 6)
      throw new ClipError(`a desk camera shows 1 to 6 desks, not ${desks}`);
    if (!Number.isInteger(state) || state < 0 || state >= 1 << desks)
      throw new ClipError(`no state ${state} of ${desks} desks`);
    const sprites = await this.people();
    const font = clipFont();
    return this.make((o) => deskClipArgs(desks, state, sprites, font, o));
  }

  /** Every state's clip of a desk camera with `desks` desks, made if missing. */
  async ensureDesks(desks: number): Promise<SceneClip[]> {
    const out: SceneClip[] = [];
    for (let state = 0; state < 1 << desks; state++) out.push(await this.ensureDesk(desks, state));
    return out;
  }

  async ensureWalk(kind: 'hall' | 'entrance'): Promise<SceneClip> {
    const video = this.opts.video ?? VTEST;
    if (!existsSync(video))
      throw new ClipError(`${video} is missing: apt-get install opencv-doc (scripts/setup.sh installs it)`);
    return this.make((o) => walkClipArgs(kind, video, o));
  }

  private async people(): Promise<Sprite[]> {
    this.sprites ??= await ensureSprites(path.join(this.opts.dir, 'people'), {
      ...(this.opts.video ? { video: this.opts.video } : {}),
      ...(this.opts.nice ? { nice: this.opts.nice } : {}),
    });
    return this.sprites;
  }

  private async make(argsOf: (o: SceneClip) => string[]): Promise<SceneClip> {
    const key = createHash('sha256')
      .update(
        JSON.stringify({ v: SCENE_VERSION, people: PEOPLE, args: argsOf({ main: 'main', sub: 'sub' }) })
          // Where the cache lives is no part of the picture: a copied cache is found again.
          .replaceAll(this.opts.dir, '<dir>'),
      )
      .digest('hex')
      .slice(0, 20);
    const hit = this.made.get(key);
    if (hit) return hit;
    const dir = path.join(this.opts.dir, `scene-${key}`);
    const files = { main: path.join(dir, 'main.h264'), sub: path.join(dir, 'sub.h264') };
    const whole = (f: string) => existsSync(f) && statSync(f).size > 0;
    if (!(whole(files.main) && whole(files.sub))) {
      const work = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
      mkdirSync(work, { recursive: true });
      try {
        const tmp = { main: path.join(work, 'main.h264'), sub: path.join(work, 'sub.h264') };
        await runFfmpeg(argsOf(tmp), {
          cwd: work,
          nice: this.opts.nice ?? 0,
          // Under nice on a busy machine a clip can take minutes of wall time.
          timeoutMs: 900_000,
          ...(this.opts.ffmpeg ? { ffmpeg: this.opts.ffmpeg } : {}),
        });
        mkdirSync(dir, { recursive: true });
        renameSync(tmp.main, files.main);
        renameSync(tmp.sub, files.sub);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
    this.made.set(key, files);
    return files;
  }
}
