/**
 * Decoding of NanoDet's raw outputs into person boxes (pure: arrays in, boxes out).
 *
 * The model (416x416 input) has three heads, strides 8, 16 and 32 (52², 26², 13² cells). Each head
 * gives per cell 80 class scores (sigmoid already applied) and a box as four distance distributions
 * (left, top, right, bottom) over 11 bins (GFL "integral" regression, reg_max 10): the distance is
 * the softmax-weighted mean bin, times the stride, from the cell's centre.
 */
export const NANODET_INPUT = 416;
export const NANODET_CLASSES = 80;
const BINS = 11;
/** COCO class 0. */
const PERSON = 0;

export interface Box {
  /** Pixels of the image the model saw (0..NANODET_INPUT). */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
}

export interface HeadOutput {
  /** cells × 80 scores. */
  scores: Float32Array;
  /** cells × 44 distribution logits. */
  boxes: Float32Array;
  cells: number;
}

/** Person boxes of one head above `threshold`, before non-maximum suppression. */
export function decodeHead(head: HeadOutput, threshold: number, out: Box[] = []): Box[] {
  const side = Math.round(Math.sqrt(head.cells));
  const stride = NANODET_INPUT / side;
  const dist = new Float64Array(4);
  for (let i = 0; i < head.cells; i++) {
    const score = head.scores[i * NANODET_CLASSES + PERSON]!;
    if (!(score >= threshold)) continue;
    const base = i * 4 * BINS;
    for (let s = 0; s < 4; s++) {
      let max = -Infinity;
      for (let b = 0; b < BINS; b++) max = Math.max(max, head.boxes[base + s * BINS + b]!);
      let sum = 0;
      let acc = 0;
      for (let b = 0; b < BINS; b++) {
        const e = Math.exp(head.boxes[base + s * BINS + b]! - max);
        sum += e;
        acc += e * b;
      }
      dist[s] = (acc / sum) * stride;
    }
    const cx = ((i % side) + 0.5) * stride;
    const cy = (Math.floor(i / side) + 0.5) * stride;
    out.push({ x1: cx - dist[0]!, y1: cy - dist[1]!, x2: cx + dist[2]!, y2: cy + dist[3]!, score });
  }
  return out;
}

export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

/** Greedy non-maximum suppression: best first, dropping boxes that overlap a kept one by more than `maxIou`. */
export function nms(boxes: Box[], maxIou = 0.45): Box[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept: Box[] = [];
  for (const b of sorted) if (kept.every((k) => iou(k, b) <= maxIou)) kept.push(b);
  return kept;
}
