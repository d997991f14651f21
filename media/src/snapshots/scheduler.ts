import type { Clock, StreamKind } from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';
import type { CameraFeed } from '../feed.ts';
import { keyframeAnnexB } from './annexb.ts';
import { keyframeToJpeg } from './jpeg.ts';
import { Limiter } from './limiter.ts';
import type { SnapshotStore } from './store.ts';
import type { LatestPictures } from './pictures.ts';

export interface SnapshotCamera {
  cameraId: string;
  stream: StreamKind;
}

export interface SnapshotSchedulerOptions {
  store: SnapshotStore;
  /** The cameras to take, and the running feed of one (null: not pulled now; an idle camera is not woken for a snapshot). */
  cameras(): Iterable<SnapshotCamera>;
  feedOf(cameraId: string, stream: StreamKind): CameraFeed | null;
  intervalMs: number;
  retentionMs: number;
  /** Stamps the snapshot (taken_at, file name): the process's clock. */
  clock: Clock;
  /** Real time, for the schedule itself (intervals are real seconds, as the cameras run in real time). */
  realNow?: () => number;
  log: Logger;
  /** ffmpeg decodes at once; more wait (2 by default). */
  concurrency?: number;
  onResult?(result: 'ok' | 'no_picture' | 'failed'): void;
  /** The node's running decoders (shared with detection); without them, ffmpeg is spawned per snapshot. */
  pictures?: LatestPictures;
}

/**
 * A JPEG of every pulled camera every interval, from its latest keyframe (no second connection to
 * the camera). Cameras are spread over the interval by a hash of their id, so 107 cameras are not
 * decoded in the same second; retention is enforced every few minutes.
 */
export class SnapshotScheduler {
  private readonly lastSlot = new Map<string, number>();
  private readonly limiter: Limiter;
  private timer: NodeJS.Timeout | null = null;
  private lastPurge = 0;
  private readonly realNow: () => number;

  constructor(private readonly opts: SnapshotSchedulerOptions) {
    this.limiter = new Limiter(opts.concurrency ?? 2);
    this.realNow = opts.realNow ?? Date.now;
  }

  start(): void {
    if (this.opts.intervalMs <= 0) return;
    this.timer = setInterval(() => this.tick(), Math.min(1_000, this.opts.intervalMs / 4));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Takes every camera whose slot came up; returns the snapshots started (tests await them). */
  tick(): Promise<void>[] {
    const now = this.realNow();
    const started: Promise<void>[] = [];
    for (const c of this.opts.cameras()) {
      const slot = Math.floor((now - staggerOffset(c.cameraId, this.opts.intervalMs)) / this.opts.intervalMs);
      const last = this.lastSlot.get(c.cameraId);
      if (last !== undefined && slot <= last) continue;
      this.lastSlot.set(c.cameraId, slot);
      // The first slot seen only sets the phase; a start-up does not decode every camera at once.
      if (last === undefined) continue;
      if (this.limiter.size() >= 8) continue; // far behind: skip this round rather than queue up
      started.push(this.limiter.run(() => this.take(c)));
    }
    if (now - this.lastPurge > 10 * 60_000) {
      this.lastPurge = now;
      void this.opts.store
        .purge(this.opts.clock.now() - this.opts.retentionMs)
        .catch((err) => this.opts.log.warn({ err }, 'snapshot purge failed'));
    }
    return started;
  }

  /** One snapshot of one camera now. */
  async take(c: SnapshotCamera): Promise<void> {
    const feed = this.opts.feedOf(c.cameraId, c.stream);
    const params = feed?.params();
    const key = feed?.keyframeCache()[0];
    if (!params || !key) return this.opts.onResult?.('no_picture');
    try {
      const shared = this.opts.pictures?.of(feed!);
      const jpeg = shared ? (await shared.picture).jpeg : await keyframeToJpeg(keyframeAnnexB(params, key));
      await this.opts.store.save(c.cameraId, this.opts.clock.now(), jpeg);
      this.opts.onResult?.('ok');
    } catch (err) {
      this.opts.log.warn({ err: (err as Error).message, camera: c.cameraId }, 'snapshot failed');
      this.opts.onResult?.('failed');
    }
  }
}

/** Where in the interval a camera's snapshot falls: FNV-1a of its id, so it stays put across restarts. */
export function staggerOffset(cameraId: string, intervalMs: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < cameraId.length; i++) h = Math.imul(h ^ cameraId.charCodeAt(i), 0x01000193) >>> 0;
  return h % Math.max(1, intervalMs);
}
