import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DeskZone } from '@pkk/core';
import { loadPolicy } from '@pkk/platform/config/policy';
import { createLogger } from '@pkk/platform/infra/logger';
import type { AccessUnit, CameraFeed, H264Params } from '../feed.ts';
import { KeyframeDecoders } from '../snapshots/decoder.ts';
import { LatestPictures } from '../snapshots/pictures.ts';
import { testClock } from '../testing/clock.ts';
import { VTEST_LABELS, readLabels } from './footage.ts';
import { loadNanoDet } from './nanodet.ts';
import { VisionStage, presenceObservations } from './stage.ts';

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const vision = loadPolicy(join(import.meta.dirname, '../../../config')).detection.vision;

/** NAL units of an Annex-B stream, without start codes. */
function nalus(annexB: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = -1;
  for (let i = 0; i + 3 <= annexB.length; i++) {
    if (annexB[i] === 0 && annexB[i + 1] === 0 && annexB[i + 2] === 1) {
      if (start >= 0) out.push(annexB.subarray(start, annexB[i - 1] === 0 ? i - 1 : i));
      start = i + 3;
      i += 2;
    }
  }
  if (start >= 0) out.push(annexB.subarray(start));
  return out;
}

/**
 * A camera whose latest keyframe is a real frame (H.264 by ffmpeg's x264) of a real video: the
 * feed contract a pull fulfils, holding one keyframe.
 */
async function cameraOf(
  cameraId: string,
  frameSource: { video: string; frame: number } | { color: string },
): Promise<CameraFeed> {
  const input =
    'video' in frameSource
      ? ['-i', frameSource.video, '-vf', `select='eq(n\\,${frameSource.frame})'`]
      : ['-f', 'lavfi', '-i', `color=c=${frameSource.color}:s=768x576:r=1`];
  const annexB = execFileSync('ffmpeg', [
    '-v',
    'error',
    ...input,
    '-frames:v',
    '1',
    '-c:v',
    'libx264',
    '-profile:v',
    'baseline',
    '-pix_fmt',
    'yuv420p',
    '-f',
    'h264',
    'pipe:1',
  ]);
  const units = nalus(annexB);
  const sps = units.find((n) => (n[0]! & 0x1f) === 7)!;
  const pps = units.find((n) => (n[0]! & 0x1f) === 8)!;
  const params: H264Params = {
    sps,
    pps,
    codecString: 'avc1.42c01e',
    profileLevelId: '42c01e',
    width: 768,
    height: 576,
  };
  const au: AccessUnit = { nalus: units, pts90k: 0, keyframe: true, receivedAt: 1 };
  return {
    cameraId,
    stream: 'sub',
    params: () => params,
    keyframeCache: () => [au],
    subscribe: () => () => undefined,
  };
}

const rect = (desk: string, x0: number, y0: number, x1: number, y1: number): DeskZone => ({
  desk,
  polygon: [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ],
});

describe('the detection stage on real pictures', () => {
  const decoders = new KeyframeDecoders();
  let stage: VisionStage | null = null;
  afterAll(async () => {
    await stage?.stop();
    decoders.close();
  });

  it('reads a desk with a person as occupied, an empty one as empty, a dark camera as unknown; unchanged zones are not inferred again', async () => {
    const { video } = await readLabels(VTEST_LABELS);
    // vtest.avi frame 0: a man stands at about (268, 265) of 768x576; the lawn below is empty.
    const street = await cameraOf('cam-street', { video, frame: 0 });
    const dark = await cameraOf('cam-dark', { color: 'black' });
    const cameras = [
      {
        cameraId: 'cam-street',
        kelurahanCode: '16.71.01.1001',
        feed: street,
        zones: [rect('loket-1', 0.28, 0.33, 0.42, 0.58), rect('loket-2', 0.05, 0.75, 0.3, 0.95)],
      },
      {
        cameraId: 'cam-dark',
        kelurahanCode: '16.71.01.1002',
        feed: dark,
        zones: [rect('loket-1', 0.2, 0.2, 0.8, 0.8)],
      },
    ];
    let real = 1_000_000;
    stage = new VisionStage({
      cameras: () => cameras,
      pictures: new LatestPictures(decoders),
      detector: () => loadNanoDet(),
      config: vision,
      clock: testClock(),
      realNow: () => real,
      log,
    });
    const first = await stage.round();
    const by = (cam: string, desk: string) => first.find((r) => r.cameraId === cam && r.desk === desk)!;
    expect(by('cam-street', 'loket-1').judgement.state).toBe('occupied');
    expect(by('cam-street', 'loket-1').judgement.confidence).toBeGreaterThanOrEqual(0.7);
    expect(by('cam-street', 'loket-1').judgement.people.length).toBe(1);
    expect(by('cam-street', 'loket-2').judgement.state).toBe('empty');
    expect(by('cam-dark', 'loket-1').judgement).toMatchObject({
      state: 'unknown',
      reason: 'dark',
      confidence: 0,
    });
    // two zones needing the detector: ONE inference
    expect(stage.inferences).toBe(1);

    const obs = presenceObservations(first);
    expect(obs.get('16.71.01.1001')).toEqual([
      expect.objectContaining({ desk: 'loket-1', present: true, source: 'camera', camera: 'cam-street' }),
      expect.objectContaining({ desk: 'loket-2', present: false, source: 'camera' }),
    ]);
    expect(obs.has('16.71.01.1002')).toBe(false);

    // 30 s later, nothing changed: the last results stand without inference
    real += 30_000;
    const second = await stage.round();
    expect(stage.inferences).toBe(1);
    expect(second.filter((r) => r.cameraId === 'cam-street').every((r) => !r.inferred)).toBe(true);
    // after the re-check period, they are inferred again anyway
    real += vision.recheckUnchangedSeconds * 1000;
    await stage.round();
    expect(stage.inferences).toBe(2);
  }, 120_000);
});
