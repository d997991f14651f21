/**
 * Cutting people out of real footage, pure pixel work (no I/O): a median background of sampled
 * frames, then per frame the pixels that differ from it inside a box around the person, cleaned up
 * into one solid silhouette. people.ts feeds it the frames of a video a Debian package ships.
 *
 * Frames are packed RGB (3 bytes a pixel, rows top to bottom); sprites are packed RGBA.
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Per pixel and channel, the median of the samples: the scene without the people walking through it. */
export function medianBackground(samples: readonly Uint8Array[], length: number): Uint8Array {
  if (samples.length === 0) throw new RangeError('median background of no frames');
  const out = new Uint8Array(length);
  const n = samples.length;
  const values = new Uint8Array(n);
  for (let i = 0; i < length; i++) {
    for (let k = 0; k < n; k++) values[k] = samples[k]![i]!;
    values.sort();
    out[i] = values[n >> 1]!;
  }
  return out;
}

/**
 * The person in `box` of `frame` as an RGBA sprite of the box's size: a pixel belongs to the person
 * when it differs from the background by more than `threshold` (sum over the channels); then only
 * the largest connected part is kept (other passers-by, noise), each row is filled between its
 * outermost person pixels (clothes as grey as the asphalt leave holes) and the edge is grown by one
 * pixel. Pixels outside the frame are transparent.
 */
export function cutSprite(
  frame: Uint8Array,
  bg: Uint8Array,
  frameW: number,
  frameH: number,
  box: Box,
  threshold = 60,
): Uint8Array {
  const { w, h } = box;
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const fy = box.y + y;
    if (fy < 0 || fy >= frameH) continue;
    for (let x = 0; x < w; x++) {
      const fx = box.x + x;
      if (fx < 0 || fx >= frameW) continue;
      const p = (fy * frameW + fx) * 3;
      const d =
        Math.abs(frame[p]! - bg[p]!) +
        Math.abs(frame[p + 1]! - bg[p + 1]!) +
        Math.abs(frame[p + 2]! - bg[p + 2]!);
      if (d > threshold) mask[y * w + x] = 1;
    }
  }
  const solid = fillRows(largestPart(mask, w, h), w, h);
  const grown = grow(solid, w, h);
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!grown[i]) continue;
      const p = ((box.y + y) * frameW + box.x + x) * 3;
      out.set([frame[p]!, frame[p + 1]!, frame[p + 2]!, 255], i * 4);
    }
  return out;
}

/** Share of a sprite's pixels that are opaque (a check that a cut found somebody). */
export function coverage(sprite: Uint8Array): number {
  let n = 0;
  for (let i = 3; i < sprite.length; i += 4) if (sprite[i]) n++;
  return n / (sprite.length / 4);
}

/** The box at step `i` of `n` between two boxes of the same size (a walker followed by a moving crop). */
export function boxAt(from: Box, to: { x: number; y: number }, i: number, n: number): Box {
  const f = n <= 1 ? 0 : i / (n - 1);
  return {
    x: Math.round(from.x + (to.x - from.x) * f),
    y: Math.round(from.y + (to.y - from.y) * f),
    w: from.w,
    h: from.h,
  };
}

function largestPart(mask: Uint8Array, w: number, h: number): Uint8Array {
  const label = new Int32Array(w * h);
  let best = 0;
  let bestSize = 0;
  let id = 0;
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (!mask[start] || label[start]) continue;
    id++;
    let size = 0;
    label[start] = id;
    stack.push(start);
    while (stack.length) {
      const q = stack.pop()!;
      size++;
      const x = q % w;
      const y = (q - x) / w;
      for (const [dx, dy] of NEIGHBOURS) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const n = ny * w + nx;
        if (mask[n] && !label[n]) {
          label[n] = id;
          stack.push(n);
        }
      }
    }
    if (size > bestSize) [best, bestSize] = [id, size];
  }
  const out = new Uint8Array(w * h);
  if (best) for (let i = 0; i < w * h; i++) out[i] = label[i] === best ? 1 : 0;
  return out;
}

// Two-pixel reach joins a head to its shoulders across a thin collar of background colour.
const NEIGHBOURS: [number, number][] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [2, 0],
  [-2, 0],
  [0, 2],
  [0, -2],
  [1, 1],
  [-1, -1],
  [1, -1],
  [-1, 1],
];

function fillRows(mask: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(mask);
  for (let y = 0; y < h; y++) {
    let a = -1;
    let b = -1;
    for (let x = 0; x < w; x++)
      if (mask[y * w + x]) {
        if (a < 0) a = x;
        b = x;
      }
    for (let x = a; a >= 0 && x <= b; x++) out[y * w + x] = 1;
  }
  return out;
}

function grow(mask: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(mask);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (mask[y * w + x]) continue;
      if (
        (x > 0 && mask[y * w + x - 1]) ||
        (x < w - 1 && mask[y * w + x + 1]) ||
        (y > 0 && mask[(y - 1) * w + x]) ||
        (y < h - 1 && mask[(y + 1) * w + x])
      )
        out[y * w + x] = 1;
    }
  return out;
}
