import type { DeskZone } from '@pkk/core';

/** Desk zones drawn on a snapshot: points as fractions of the image (0..1), as the api stores them. */
export type Point = [number, number];

export const MIN_POINTS = 3;
export const MAX_POINTS = 32;
export const MAX_ZONES = 16;
/** A click this close (fraction of the image) to the first point closes the polygon. */
export const CLOSE_RADIUS = 0.025;
const DESK_RE = /^[a-z0-9][a-z0-9_-]*$/;

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const round4 = (v: number) => Math.round(v * 10_000) / 10_000;

/** A click on the drawn image (pixels within its box) as a point in fractions. */
export function toPoint(x: number, y: number, width: number, height: number): Point {
  if (width <= 0 || height <= 0) return [0, 0];
  return [round4(clamp01(x / width)), round4(clamp01(y / height))];
}

export type ClickResult =
  { kind: 'add'; points: Point[] } | { kind: 'close'; points: Point[] } | { kind: 'full' };

/** Adds a point to the polygon being drawn, or closes it when the click lands on the first point. */
export function clickPoint(points: readonly Point[], p: Point, radius = CLOSE_RADIUS): ClickResult {
  const first = points[0];
  if (first && points.length >= MIN_POINTS && Math.hypot(p[0] - first[0], p[1] - first[1]) <= radius)
    return { kind: 'close', points: [...points] };
  if (points.length >= MAX_POINTS) return { kind: 'full' };
  return { kind: 'add', points: [...points, p] };
}

/** A desk id as the api accepts it, from what an operator typed ("Loket 1" → "loket-1"). */
export function deskId(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .replace(/-+$/, '')
    .slice(0, 40);
}

export type ZoneProblem = 'tooFewPoints' | 'badDesk' | 'duplicateDesk' | 'tooMany';

/** What stops the zones being saved, or null. */
export function zonesProblem(zones: readonly DeskZone[]): ZoneProblem | null {
  if (zones.length > MAX_ZONES) return 'tooMany';
  const seen = new Set<string>();
  for (const z of zones) {
    if (z.polygon.length < MIN_POINTS || z.polygon.length > MAX_POINTS) return 'tooFewPoints';
    if (!DESK_RE.test(z.desk) || z.desk.length > 40) return 'badDesk';
    if (seen.has(z.desk)) return 'duplicateDesk';
    seen.add(z.desk);
  }
  return null;
}

/** SVG `points` for a polygon drawn in a 0..1 viewBox scaled to `w`×`h`. */
export function svgPoints(points: readonly Point[], w = 1, h = 1): string {
  return points.map(([x, y]) => `${round4(x * w)},${round4(y * h)}`).join(' ');
}
