import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '@pkk/platform/config/policy';
import { buildMosaic, splitBoxes } from './mosaic.ts';
import { loadNanoDet, type PersonDetector } from './nanodet.ts';
import { decodeLabelledFrames, readLabels, type LabelledFootage } from './footage.ts';
import { scoreCounts } from './scoring.ts';
import type { RgbImage } from './image.ts';

/**
 * Real footage from outside the project: every 27th frame of OpenCV's pedestrian video (Debian
 * `opencv-doc`), people counted by eye (testdata/vtest-people.json). The detector sees each frame the
 * way it sees a desk zone in production (the production crop-and-scale into the model's input), at
 * the threshold in config/detection.yaml. The bar: recall ≥ 0.8, false detections ≤ 0.1 a frame.
 */
const threshold = loadPolicy(join(import.meta.dirname, '../../../config')).detection.vision.scoreThreshold;

describe('person detection on real footage (vtest.avi, hand-counted)', () => {
  let detector: PersonDetector;
  let footage: LabelledFootage;
  let frames: RgbImage[];

  beforeAll(async () => {
    footage = await readLabels();
    frames = await decodeLabelledFrames(footage);
    detector = await loadNanoDet();
  }, 120_000);
  afterAll(() => detector?.close());

  it('finds at least 0.8 of the people with at most 0.1 false detections per frame', async () => {
    const rows = [];
    for (const [i, frame] of frames.entries()) {
      const { canvas, placements } = buildMosaic([
        { frame, region: { x: 0, y: 0, w: frame.width, h: frame.height } },
      ]);
      const boxes = splitBoxes(await detector.detect(canvas.data, threshold), placements)[0]!;
      rows.push({ people: footage.frames[i]!.people, detected: boxes.length });
    }
    const score = scoreCounts(rows);
    const said = `vtest.avi at ${threshold}: ${JSON.stringify(score)}`;
    expect(score.frames).toBe(30);
    expect(score.recall, said).toBeGreaterThanOrEqual(0.8);
    expect(score.falsePerFrame, said).toBeLessThanOrEqual(0.1);
  }, 180_000);
});
