import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RgbImage } from './image.ts';

/** The hand-counted frames of OpenCV's pedestrian video (Debian `opencv-doc`). */
export interface LabelledFootage {
  video: string;
  frames: { frame: number; people: number }[];
}

export const VTEST_LABELS = join(dirname(fileURLToPath(import.meta.url)), 'testdata/vtest-people.json');

export async function readLabels(path = VTEST_LABELS): Promise<LabelledFootage> {
  return JSON.parse(await readFile(path, 'utf8')) as LabelledFootage;
}

/** The labelled frames decoded by ffmpeg at their own size, RGB. */
export async function decodeLabelledFrames(footage: LabelledFootage): Promise<RgbImage[]> {
  const probe = await promisify(execFile)('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    footage.video,
  ]);
  const [width, height] = probe.stdout.trim().split(',').map(Number) as [number, number];
  const select = footage.frames.map((f) => `eq(n\\,${f.frame})`).join('+');
  const { stdout } = await promisify(execFile)(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      footage.video,
      '-vf',
      `select='${select}'`,
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { encoding: 'buffer', maxBuffer: 1 << 30 },
  );
  const size = width * height * 3;
  if (stdout.length !== size * footage.frames.length)
    throw new Error(
      `expected ${footage.frames.length} frames of ${width}x${height} from ${footage.video}, got ${stdout.length} bytes`,
    );
  return footage.frames.map((_, i) => ({
    width,
    height,
    data: new Uint8Array(stdout.buffer, stdout.byteOffset + i * size, size),
  }));
}
