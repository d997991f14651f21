import { describe, expect, it } from 'vitest';
import { fixtureDetection } from '../testing.ts';
import {
  EMPTY_CONFIDENCE,
  boxShareInZone,
  judgeZone,
  lumaStats,
  meanAbsDiff,
  needsInference,
  viewProblem,
  zoneRect,
  type Polygon,
} from './occupancy.ts';

const cfg = fixtureDetection.vision;
const square: Polygon = [
  [0.25, 0.25],
  [0.75, 0.25],
  [0.75, 0.75],
  [0.25, 0.75],
];
const flat = (v: number) => new Uint8Array(32 * 24).fill(v);
const textured = () => Uint8Array.from({ length: 32 * 24 }, (_, i) => (i * 37) % 200);

describe('desk zone occupancy', () => {
  it('widens the zone rectangle and clamps it to the image', () => {
    expect(zoneRect(square, 640, 360)).toEqual({ x: 128, y: 72, w: 384, h: 216 });
    expect(
      zoneRect(
        [
          [0, 0],
          [1, 0],
          [1, 1],
        ],
        640,
        360,
      ),
    ).toEqual({ x: 0, y: 0, w: 640, h: 360 });
  });

  it('measures how much of a box lies in the zone', () => {
    expect(boxShareInZone({ x1: 200, y1: 100, x2: 400, y2: 250, score: 1 }, square, 640, 360)).toBe(1);
    expect(boxShareInZone({ x1: 0, y1: 0, x2: 100, y2: 80, score: 1 }, square, 640, 360)).toBe(0);
    expect(boxShareInZone({ x1: 80, y1: 100, x2: 240, y2: 200, score: 1 }, square, 640, 360)).toBe(0.5);
  });

  it('is occupied with a person mostly inside, its confidence growing with the score', () => {
    const j = judgeZone(
      {
        boxes: [{ x1: 200, y1: 100, x2: 400, y2: 250, score: 0.7 }],
        polygon: square,
        width: 640,
        height: 360,
        problem: null,
      },
      cfg,
    );
    expect(j.state).toBe('occupied');
    expect(j.confidence).toBe(0.85);
    expect(j.people).toHaveLength(1);
  });

  it('is empty when the only person stands outside the zone or scores below the threshold', () => {
    const outside = { x1: 0, y1: 0, x2: 100, y2: 80, score: 0.9 };
    const weak = { x1: 200, y1: 100, x2: 400, y2: 250, score: cfg.scoreThreshold - 0.01 };
    const j = judgeZone(
      { boxes: [outside, weak], polygon: square, width: 640, height: 360, problem: null },
      cfg,
    );
    expect(j).toEqual({ state: 'empty', confidence: EMPTY_CONFIDENCE, reason: null, people: [] });
  });

  it('is unknown, with no confidence, when the view is dark, blocked or frozen', () => {
    expect(viewProblem(flat(5), 0, cfg)).toBe('dark');
    expect(viewProblem(flat(128), 0, cfg)).toBe('blocked');
    expect(viewProblem(textured(), cfg.frozenAfterSeconds * 1000, cfg)).toBe('frozen');
    expect(viewProblem(textured(), 1000, cfg)).toBeNull();
    const j = judgeZone(
      {
        boxes: [{ x1: 200, y1: 100, x2: 400, y2: 250, score: 0.9 }],
        polygon: square,
        width: 640,
        height: 360,
        problem: 'dark',
      },
      cfg,
    );
    expect(j).toEqual({ state: 'unknown', confidence: 0, reason: 'dark', people: [] });
  });

  it('infers a zone again only when it changed or is due for a re-check', () => {
    const a = textured();
    const b = a.map((v) => v + 1);
    const c = a.map((v) => v + 10);
    expect(lumaStats(flat(50))).toEqual({ mean: 50, spread: 0 });
    expect(meanAbsDiff(a, b)).toBe(1);
    expect(needsInference({ lastThumb: null, lastInferredAt: null }, a, 0, cfg)).toBe(true);
    expect(needsInference({ lastThumb: a, lastInferredAt: 0 }, b, 10_000, cfg)).toBe(false);
    expect(needsInference({ lastThumb: a, lastInferredAt: 0 }, c, 10_000, cfg)).toBe(true);
    expect(
      needsInference({ lastThumb: a, lastInferredAt: 0 }, b, cfg.recheckUnchangedSeconds * 1000, cfg),
    ).toBe(true);
  });
});
