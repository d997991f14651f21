import { JobName, type CameraHealthChange, type Clock } from '@pkk/core';
import type { Db } from '@pkk/platform/db/index';
import type { Logger } from '@pkk/platform/infra/logger';
import type { JobProducer } from '@pkk/platform/jobs/producer';
import type { FeedRegistry } from '../pull/registry.ts';
import type { PullHealth } from '../pull/health.ts';
import { cameraHealth } from './camera-health.ts';

export interface StatusWriterOptions {
  db: Db;
  jobs: Pick<JobProducer, 'enqueue'>;
  registry: FeedRegistry;
  clock: Clock;
  log: Logger;
  nodeId: string;
  /** Rows are refreshed this often even without a change (last frame, bitrate). */
  everyMs?: number;
  /**
   * Told of each state change once its row is written: the api relays it to the screens showing the
   * camera, which then need not poll. A lost message costs a live update only (the row is the record).
   */
  announce?: (change: CameraHealthChange) => Promise<void>;
}

/**
 * Writes this node's view of each camera to camera_status: at once when a camera's state changes,
 * and every `everyMs` for the rest. A state change also asks detection to run for the camera's
 * kelurahan (job detect.office), so a camera_offline finding opens or closes without waiting for
 * the tick, and is announced to the screens. Writes of one camera are serialised, so an older state
 * never overwrites a newer one.
 */
export class StatusWriter {
  private readonly lastState = new Map<string, PullHealth['state']>();
  /** Since when a never-pulled camera (on demand, unwatched) has been idle here. */
  private readonly idleSince = new Map<string, number>();
  private readonly chains = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: StatusWriterOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.writeAll(), this.opts.everyMs ?? 30_000);
    this.timer.unref();
  }

  /** Called by the registry on a stream's state change. */
  changed(cameraId: string): void {
    this.queue(cameraId, true);
  }

  async writeAll(): Promise<void> {
    await Promise.all(this.opts.registry.sources().map((s) => this.queue(s.cameraId, false)));
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.chains.values());
  }

  private queue(cameraId: string, onChange: boolean): Promise<void> {
    const next = (this.chains.get(cameraId) ?? Promise.resolve())
      .then(() => this.write(cameraId, onChange))
      .catch((err) => this.opts.log.warn({ err, camera: cameraId }, 'camera status write failed'));
    this.chains.set(cameraId, next);
    void next.then(() => this.chains.get(cameraId) === next && this.chains.delete(cameraId));
    return next;
  }

  private async write(cameraId: string, onChange: boolean): Promise<void> {
    const source = this.opts.registry.source(cameraId);
    if (!source) return; // left this node: its new owner writes the row
    const entries = [...this.opts.registry.entries()].filter((e) => e.source.cameraId === cameraId);
    const h = cameraHealth(entries.map((e) => e.health)) ?? this.neverPulled(cameraId);
    const previous = this.lastState.get(cameraId);
    if (onChange && previous === h.state) return;
    this.lastState.set(cameraId, h.state);
    const row = {
      state: h.state,
      last_frame_at: h.lastFrameAt === null ? null : new Date(h.lastFrameAt),
      since: new Date(h.since),
      bitrate_kbps: h.bitrateKbps,
      reconnects: h.reconnects,
      last_error: h.lastError?.slice(0, 500) ?? null,
      node: this.opts.nodeId,
      updated_at: new Date(this.opts.clock.now()),
    };
    await this.opts.db
      .insertInto('camera_status')
      .values({ camera_id: cameraId, ...row })
      .onConflict((oc) => oc.column('camera_id').doUpdateSet(row))
      .execute();
    if (previous === h.state) return;
    await this.opts
      .announce?.({
        cameraId,
        kelurahanCode: source.kelurahanCode,
        health: {
          state: h.state,
          lastFrameAt: h.lastFrameAt,
          since: h.since,
          bitrateKbps: h.bitrateKbps,
          reconnects: h.reconnects,
          lastError: row.last_error,
          node: this.opts.nodeId,
        },
      })
      .catch((err: unknown) =>
        this.opts.log.warn(
          { err, camera: cameraId },
          'camera health not announced; screens catch up on their next load',
        ),
      );
    if (previous !== undefined) await this.requestDetection(source.kelurahanCode);
  }

  private neverPulled(cameraId: string): PullHealth {
    let since = this.idleSince.get(cameraId);
    if (since === undefined) this.idleSince.set(cameraId, (since = this.opts.clock.now()));
    return {
      state: 'idle',
      lastFrameAt: null,
      since,
      bitrateKbps: null,
      reconnects: 0,
      lastError: null,
      frames: 0,
      bytes: 0,
    };
  }

  /** One pass per office per real second, like a delivery's (platform/src/jobs/options.ts dedups by bucket). */
  private async requestDetection(kelurahan: string): Promise<void> {
    const real = Date.now();
    await this.opts.jobs.enqueue(JobName.DetectOffice, {
      kelurahan,
      reason: 'ingest',
      bucket: real - (real % 1000) + 1000,
    });
  }
}
