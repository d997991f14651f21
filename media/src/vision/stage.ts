import {
  judgeZone,
  meanAbsDiff,
  needsInference,
  viewProblem,
  zoneRect,
  type Clock,
  type DeskZone,
  type PresenceObservation,
  type VisionConfig,
  type ZoneJudgement,
} from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';
import type { CameraFeed } from '../feed.ts';
import type { DecodedPicture } from '../snapshots/decoder.ts';
import type { LatestPictures } from '../snapshots/pictures.ts';
import { greyThumb, type RgbImage } from './image.ts';
import { MOSAIC_MAX, buildMosaic, splitBoxes } from './mosaic.ts';
import type { PersonDetector } from './nanodet.ts';

/**
 * The detection stage of a media node: every round, for each pulled camera with desk zones, the
 * picture of its latest keyframe (decoded once, shared with snapshots; never a second session to the
 * camera), each zone's 32x24 thumbnail for the view checks and the change gate, and ONE inference
 * per four zones that need one, zones of several cameras together. Each zone then reads occupied,
 * empty or unknown with a confidence (core/src/vision/occupancy.ts), with the boxes it rests on.
 */
export interface VisionCamera {
  cameraId: string;
  kelurahanCode: string;
  zones: readonly DeskZone[];
  /** The running feed detection reads (the snapshot stream), null while not pulled. */
  feed: CameraFeed | null;
}

export interface ZoneReading {
  cameraId: string;
  kelurahanCode: string;
  desk: string;
  /** The process clock's time of the judgement. */
  at: number;
  judgement: ZoneJudgement;
  /** Whether the detector ran for this reading (false: the zone had not changed, its last result stands). */
  inferred: boolean;
  /** The picture judged (null when there was none): what evidence frames are drawn on. */
  picture: DecodedPicture | null;
  zone: DeskZone;
}

interface ZoneState {
  lastThumb: Uint8Array | null;
  lastInferredAt: number | null;
  last: ZoneJudgement | null;
}

export interface VisionStageOptions {
  cameras(): Iterable<VisionCamera>;
  pictures: LatestPictures;
  /** Loaded at the first round that has a zone to infer. */
  detector(): Promise<PersonDetector>;
  config: VisionConfig;
  /** Stamps readings (the process's clock, simulated in the demo). */
  clock: Clock;
  /** Real time, for the gate and the schedule (the cameras run in real time). */
  realNow?: () => number;
  log: Logger;
  onReadings?(readings: ZoneReading[]): void | Promise<void>;
}

export class VisionStage {
  private readonly zones = new Map<string, ZoneState>();
  private readonly frames = new Map<string, { thumb: Uint8Array; unchangedSince: number }>();
  private detectorP: Promise<PersonDetector> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ZoneReading[]> | null = null;
  private readonly realNow: () => number;
  inferences = 0;

  constructor(private readonly opts: VisionStageOptions) {
    this.realNow = opts.realNow ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return; // a slow round is not stacked on
      this.running = this.round()
        .then(async (r) => {
          await this.opts.onReadings?.(r);
          return r;
        })
        .catch((err) => {
          this.opts.log.warn({ err: (err as Error).message }, 'vision round failed');
          return [];
        })
        .finally(() => (this.running = null));
    }, this.opts.config.judgeEverySeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    (await this.detectorP?.catch(() => null))?.close();
  }

  /** One judgement of every zone of every camera now. */
  async round(): Promise<ZoneReading[]> {
    const cfg = this.opts.config;
    const now = this.realNow();
    const at = this.opts.clock.now();
    const readings: ZoneReading[] = [];
    const queue: { reading: ZoneReading; frame: RgbImage; state: ZoneState; thumb: Uint8Array }[] = [];
    for (const cam of this.opts.cameras()) {
      if (!cam.zones.length) continue;
      let picture: DecodedPicture | null = null;
      try {
        picture = cam.feed ? ((await this.opts.pictures.of(cam.feed)?.picture) ?? null) : null;
      } catch (err) {
        this.opts.log.debug(
          { camera: cam.cameraId, err: (err as Error).message },
          'no picture for detection',
        );
      }
      if (!picture) {
        for (const zone of cam.zones)
          readings.push({
            cameraId: cam.cameraId,
            kelurahanCode: cam.kelurahanCode,
            desk: zone.desk,
            at,
            judgement: { state: 'unknown', confidence: 0, reason: 'no_picture', people: [] },
            inferred: false,
            picture: null,
            zone,
          });
        continue;
      }
      const frame: RgbImage = { width: picture.width, height: picture.height, data: picture.rgb };
      // Frozen: the whole picture has not changed at all since `unchangedSince`.
      const whole = greyThumb(frame, { x: 0, y: 0, w: frame.width, h: frame.height });
      const seen = this.frames.get(cam.cameraId);
      const unchangedSince = seen && meanAbsDiff(seen.thumb, whole) < 0.5 ? seen.unchangedSince : now;
      this.frames.set(cam.cameraId, { thumb: whole, unchangedSince });
      for (const zone of cam.zones) {
        const key = `${cam.cameraId}/${zone.desk}`;
        let state = this.zones.get(key);
        if (!state) this.zones.set(key, (state = { lastThumb: null, lastInferredAt: null, last: null }));
        const rect = zoneRect(zone.polygon, frame.width, frame.height);
        const thumb = greyThumb(frame, rect);
        const problem = viewProblem(thumb, now - unchangedSince, cfg);
        const reading: ZoneReading = {
          cameraId: cam.cameraId,
          kelurahanCode: cam.kelurahanCode,
          desk: zone.desk,
          at,
          judgement: { state: 'unknown', confidence: 0, reason: problem, people: [] },
          inferred: false,
          picture,
          zone,
        };
        readings.push(reading);
        if (problem) continue;
        if (state.last && !needsInference(state, thumb, now, cfg)) reading.judgement = state.last;
        else queue.push({ reading, frame, state, thumb });
      }
    }
    if (queue.length) {
      this.detectorP ??= this.opts.detector();
      const detector = await this.detectorP;
      for (let i = 0; i < queue.length; i += MOSAIC_MAX) {
        const batch = queue.slice(i, i + MOSAIC_MAX);
        const { canvas, placements } = buildMosaic(
          batch.map((b) => ({
            frame: b.frame,
            region: zoneRect(b.reading.zone.polygon, b.frame.width, b.frame.height),
          })),
        );
        const boxes = splitBoxes(await detector.detect(canvas.data, cfg.scoreThreshold), placements);
        this.inferences++;
        batch.forEach((b, k) => {
          const j = judgeZone(
            {
              boxes: boxes[k]!,
              polygon: b.reading.zone.polygon,
              width: b.frame.width,
              height: b.frame.height,
              problem: null,
            },
            cfg,
          );
          b.reading.judgement = j;
          b.reading.inferred = true;
          b.state.last = j;
          b.state.lastThumb = b.thumb;
          b.state.lastInferredAt = now;
        });
      }
    }
    return readings;
  }
}

/**
 * The presence observations a round gives (the contract outside analytics use too, `source: camera`):
 * one per judged zone; an unknown zone says nothing (desk_unattended then sees no camera reading).
 */
export function presenceObservations(readings: readonly ZoneReading[]): Map<string, PresenceObservation[]> {
  const byOffice = new Map<string, PresenceObservation[]>();
  for (const r of readings) {
    if (r.judgement.state === 'unknown') continue;
    const list = byOffice.get(r.kelurahanCode) ?? [];
    list.push({
      desk: r.desk,
      present: r.judgement.state === 'occupied',
      confidence: r.judgement.confidence,
      source: 'camera',
      camera: r.cameraId,
      time: new Date(r.at).toISOString(),
    });
    byOffice.set(r.kelurahanCode, list);
  }
  return byOffice;
}
