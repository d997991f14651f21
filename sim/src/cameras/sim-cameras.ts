import type { KelurahanEntry } from '@pkk/core';
import type { Log } from '../http/client.ts';
import type { Anomaly } from '../scenario/schema.ts';
import type { TruthEntry } from '../truth.ts';
import { ensureClips } from './clips.ts';
import { CameraOutages, planCameraOutages, type CameraDay, type DownSwitch } from './outages.ts';
import { clipSpecOf, planCameras, type SimCamera } from './plan.ts';
import { startCameraServer, type CameraServer } from './rtsp-server.ts';

/**
 * The simulator's cameras as one piece: the camera plan, the RTSP server, the clips (made in the
 * background at start, one at a time under nice, every office's first camera first; each camera is
 * served once its clip is there, cached clips at once) and the outages played on the sim clock.
 */

export interface SimCamerasOptions {
  seed: string;
  offices: Pick<KelurahanEntry, 'code' | 'name'>[];
  port: number;
  host?: string;
  /** Clip cache, `${VAR_DIR}/sim/cameras/clips`. */
  clipDir: string;
  log: Log;
  /** Clips made at a time (default 1: the machine is shared). */
  concurrency?: number;
  /** Niceness of ffmpeg making clips (default 10). */
  nice?: number;
  /** Clip length (default DEFAULT_CLIP.seconds); tests use short ones. */
  clipSeconds?: number;
  /** A camera is served from now on (its clip made and mounted): the simulator registers it then. */
  onMounted?: (camera: SimCamera) => void;
}

export interface ClipsDone {
  made: number;
  cached: number;
  failed: number;
  ms: number;
}

export class SimCameras {
  readonly outages: CameraOutages;
  /** Settles when every clip is made and mounted (or failed, logged). */
  readonly clipsDone: Promise<ClipsDone>;
  private readonly mounted = new Set<string>();
  /** Outage state asked for a mount whose clip is not there yet: applied when it is mounted. */
  private readonly pending = new Map<string, boolean>();
  private readonly abort = new AbortController();

  private constructor(
    readonly cameras: SimCamera[],
    readonly server: CameraServer,
    private readonly opts: SimCamerasOptions,
  ) {
    const sw: DownSwitch = {
      setDown: async (path, down) => {
        if (!this.mounted.has(path)) return void this.pending.set(path, down);
        await this.server.setDown(path, down);
      },
    };
    this.outages = new CameraOutages(sw, opts.log);
    this.clipsDone = this.makeClips();
  }

  static async start(opts: SimCamerasOptions): Promise<SimCameras> {
    const cameras = planCameras(opts.seed, opts.offices);
    const server = await startCameraServer({
      port: opts.port,
      ...(opts.host ? { host: opts.host } : {}),
      mounts: [],
      log: opts.log,
    });
    opts.log(
      'info',
      `camera RTSP server on ${server.url('/')} for ${cameras.length} cameras of ${opts.offices.length} offices`,
    );
    return new SimCameras(cameras, server, opts);
  }

  url(path: string): string {
    return this.server.url(path);
  }

  private async makeClips(): Promise<ClipsDone> {
    const { log } = this.opts;
    // Every office's first camera first, so that each office has a picture early.
    const order = [...this.cameras].sort((a, b) => a.n - b.n);
    const r = await ensureClips(
      order.map((c) => ({ key: c, spec: clipSpecOf(c, this.opts.clipSeconds) })),
      {
        dir: this.opts.clipDir,
        concurrency: this.opts.concurrency ?? 1,
        nice: this.opts.nice ?? 10,
        log,
        signal: this.abort.signal,
        onReady: async (c, files) => {
          if (this.abort.signal.aborted) return;
          await this.server.addMounts([
            { path: c.mainPath, file: files.main, fps: clipSpecOf(c, this.opts.clipSeconds).fps },
            { path: c.subPath, file: files.sub, fps: clipSpecOf(c, this.opts.clipSeconds).fps },
          ]);
          for (const p of [c.mainPath, c.subPath]) {
            this.mounted.add(p);
            if (this.pending.get(p)) await this.server.setDown(p, true);
            this.pending.delete(p);
          }
          this.opts.onMounted?.(c);
        },
      },
    ).catch((err: Error) => {
      log('error', `camera clips: ${err.message}`);
      return { made: 0, cached: 0, failed: this.cameras.length, ms: 0 };
    });
    if (!this.abort.signal.aborted)
      log(
        'info',
        `camera clips ready: ${r.made} made, ${r.cached} cached, ${r.failed} failed, in ${(r.ms / 1000).toFixed(1)} s`,
      );
    return r;
  }

  /** One day's outages of the given offices' cameras: queued for playing, their truth returned. */
  planDay(
    day: CameraDay,
    offices: ReadonlySet<string>,
    anomalies: Anomaly[],
  ): { truth: TruthEntry[]; warnings: string[] } {
    const mine = this.cameras.filter((c) => offices.has(c.kelurahanCode));
    const r = planCameraOutages(day, mine, anomalies);
    this.outages.add(r.outages);
    this.outages.forgetBefore(Date.parse(`${day.date}T00:00:00Z`) - 2 * 86_400_000);
    return { truth: r.truth, warnings: r.warnings };
  }

  /** Plays the outages due at `now` (simulated epoch ms); call it on every loop of the simulator. */
  tick(now: number): void {
    void this.outages.apply(now);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.server.stop();
  }
}
