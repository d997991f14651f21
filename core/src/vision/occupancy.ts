import type { DetectionFile } from '../config/detection.ts';

/**
 * Whether a desk zone is occupied, judged from a person detector's boxes and from the zone's pixels
 * (pure: the media node's vision stage supplies the numbers). A zone is `unknown` when the camera
 * cannot tell: its view is dark, blocked (one flat colour: lens covered or turned to a wall) or frozen
 * (the picture has not changed at all for a long time, a stuck encoder), or no picture came.
 */
export type VisionConfig = DetectionFile['vision'];
export type ZoneState = 'occupied' | 'empty' | 'unknown';
export type UnknownReason = 'dark' | 'blocked' | 'frozen' | 'no_picture';

/** A zone's polygon, as fractions of the image's width and height. */
export type Polygon = readonly (readonly [number, number])[];

export interface PersonBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The zone's bounding rectangle in pixels, widened by `margin` of its size each side (a person leans out). */
export function zoneRect(polygon: Polygon, width: number, height: number, margin = 0.1): Rect {
  const xs = polygon.map((p) => p[0] * width);
  const ys = polygon.map((p) => p[1] * height);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const mx = (x1 - x0) * margin;
  const my = (y1 - y0) * margin;
  const x = Math.max(0, Math.floor(x0 - mx));
  const y = Math.max(0, Math.floor(y0 - my));
  return {
    x,
    y,
    w: Math.max(1, Math.min(width, Math.ceil(x1 + mx)) - x),
    h: Math.max(1, Math.min(height, Math.ceil(y1 + my)) - y),
  };
}

export function pointInPolygon(x: number, y: number, polygon: Polygon): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The share of a box (pixels) inside the zone, sampled on a 10x10 grid. */
export function boxShareInZone(box: PersonBox, polygon: Polygon, width: number, height: number): number {
  const n = 10;
  let inside = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = (box.x1 + ((i + 0.5) * (box.x2 - box.x1)) / n) / width;
      const y = (box.y1 + ((j + 0.5) * (box.y2 - box.y1)) / n) / height;
      if (pointInPolygon(x, y, polygon)) inside++;
    }
  }
  return inside / (n * n);
}

/** Mean and spread (standard deviation) of a greyscale thumbnail. */
export function lumaStats(thumb: Uint8Array): { mean: number; spread: number } {
  let sum = 0;
  for (const v of thumb) sum += v;
  const mean = thumb.length ? sum / thumb.length : 0;
  let sq = 0;
  for (const v of thumb) sq += (v - mean) ** 2;
  return { mean, spread: thumb.length ? Math.sqrt(sq / thumb.length) : 0 };
}

/** Mean absolute difference of two thumbnails of the same size (Infinity when there is no previous one). */
export function meanAbsDiff(a: Uint8Array | null, b: Uint8Array): number {
  if (!a || a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < b.length; i++) d += Math.abs(a[i]! - b[i]!);
  return d / b.length;
}

/**
 * Gating: run the detector on a zone only when its pixels changed since it was last inferred, or it
 * has not been inferred for `recheckUnchangedSeconds` (a person sitting very still is re-confirmed).
 */
export function needsInference(
  zone: { lastThumb: Uint8Array | null; lastInferredAt: number | null },
  thumb: Uint8Array,
  now: number,
  cfg: VisionConfig,
): boolean {
  if (zone.lastInferredAt === null) return true;
  if (now - zone.lastInferredAt >= cfg.recheckUnchangedSeconds * 1000) return true;
  return meanAbsDiff(zone.lastThumb, thumb) > cfg.changeMeanDiff;
}

/** Why the view cannot be judged, or null when it can. `unchangedMs`: how long the whole frame has not changed at all. */
export function viewProblem(thumb: Uint8Array, unchangedMs: number, cfg: VisionConfig): UnknownReason | null {
  if (unchangedMs >= cfg.frozenAfterSeconds * 1000) return 'frozen';
  const { mean, spread } = lumaStats(thumb);
  if (mean < cfg.darkMeanBelow) return 'dark';
  if (spread < cfg.blockedSpreadBelow) return 'blocked';
  return null;
}

export interface ZoneJudgement {
  state: ZoneState;
  /** 0..1: how sure; 0 for unknown. */
  confidence: number;
  reason: UnknownReason | null;
  /** The boxes counted for this desk (pixels of the frame). */
  people: PersonBox[];
}

/**
 * Occupied when a person box at or above the threshold lies mostly in the zone; the confidence then
 * grows from 0.7 at the threshold to 1 at score 1. Empty when the view is fine and nobody is found:
 * 0.85, the detector's measured recall on real footage (it misses about one person in eight).
 */
export const EMPTY_CONFIDENCE = 0.85;

export function judgeZone(
  input: {
    boxes: readonly PersonBox[];
    polygon: Polygon;
    width: number;
    height: number;
    problem: UnknownReason | null;
  },
  cfg: VisionConfig,
): ZoneJudgement {
  if (input.problem) return { state: 'unknown', confidence: 0, reason: input.problem, people: [] };
  const people = input.boxes.filter(
    (b) =>
      b.score >= cfg.scoreThreshold &&
      boxShareInZone(b, input.polygon, input.width, input.height) >= cfg.minBoxInZone,
  );
  if (!people.length) return { state: 'empty', confidence: EMPTY_CONFIDENCE, reason: null, people };
  const best = Math.max(...people.map((p) => p.score));
  const confidence = 0.7 + (0.3 * (best - cfg.scoreThreshold)) / (1 - cfg.scoreThreshold);
  return {
    state: 'occupied',
    confidence: Math.min(1, Math.round(confidence * 100) / 100),
    reason: null,
    people,
  };
}
