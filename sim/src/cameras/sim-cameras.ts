import type { KelurahanEntry, LocalDate } from '@pkk/core';
import type { Log } from '../http/client.ts';
import type { Interval } from '../plan/types.ts';
import type { Anomaly } from '../scenario/schema.ts';
import type { TruthEntry } from '../truth.ts';
import { occupancyEntries, occupiedAt, type OccupancyEntry } from './occupancy.ts';
import { CameraOutages, planCameraOutages, type CameraDay, type DownSwitch } from './outages.ts';
import { planCameras, type SimCamera } from './plan.ts';
import { startCameraServer, type CameraServer } from './rtsp-server.ts';
import { SCENE_FPS, SceneClips, stateOf, zonesOf, type SceneClip } from './scene.ts';

/**
 * The simulator's cameras as one piece: the camera plan, the RTSP server, the scene clips (scene.ts:
 * real people at the desks, made once in the background at start under nice and shared by every
 * office; each camera is served once its clips are there) and, played on the sim clock, the outages
 * and who sits at which desk: a desk camera switches to the clip of its desks' state at the next
 * keyframe when an officer comes or goes.
 */

export interface SimCamerasOptions {
  seed: string;
  offices: Pick<KelurahanEntry, 'code' | 'name'>[];
  /** The desk codes of an office, in order: its desk camera shows them left to right. */
  desksOf: (kelurahanCode: string) => string[];
  port: number;
  host?: string;
  /** Clip cache, `${VAR_DIR}/sim/cameras/clips`. */
  clipDir: string;
  log: Log;
  /** Niceness of ffmpeg making clips (default 10). */
  nice?: number;
  /** The pedestrian video the people are cut from (default opencv-doc's vtest.avi). */
  video?: string;
  /** A camera is served from now on (its clip made and mounted): the simulator registers it then. */
  onMounted?: (camera: SimCamera) => void;
}

export interface ClipsDone {
  made: number;
  failed: number;
  ms: number;
}

interface DeskView {
  camera: SimCamera;
  desks: string[];
  /** Clips by state (a bit per desk), filled in as they are made. */
  clips: SceneClip[];
  /** The state shown. */
  state: number;
}

export class SimCameras {
  readonly outages: CameraOutages;
  /** Settles when every clip is made and mounted (or failed, logged). */
  readonly clipsDone: Promise<ClipsDone>;
  private readonly mounted = new Set<string>();
  /** Outage state asked for a mount whose clip is not there yet: applied when it is mounted. */
  private readonly pending = new Map<string, boolean>();
  private readonly abort = new AbortController();
  private readonly views = new Map<string, DeskView>();
  /** Per office and day, who sits at each desk (the day plans' attended spans). */
  private readonly occupancy = new Map<string, Map<string, Interval[]>>();

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

  /** The desk zones of a camera: where the scene draws each desk's person (none for other cameras). */
  zonesOf(c: SimCamera) {
    return c.placement === 'desks' ? zonesOf(this.opts.desksOf(c.kelurahanCode)) : [];
  }

  private async mount(c: SimCamera, clip: SceneClip): Promise<void> {
    await this.server.addMounts([
      { path: c.mainPath, file: clip.main, fps: SCENE_FPS },
      { path: c.subPath, file: clip.sub, fps: SCENE_FPS },
    ]);
    for (const p of [c.mainPath, c.subPath]) {
      this.mounted.add(p);
      if (this.pending.get(p)) await this.server.setDown(p, true);
      this.pending.delete(p);
    }
    this.opts.onMounted?.(c);
  }

  /**
   * Makes the clips and mounts the cameras: first every desk camera with its all-empty clip and the
   * hall and entrance cameras (every camera served early on a first run, which makes the clips under
   * nice on a busy machine), then the other desk states; until a state's clip is there, a desk
   * camera keeps showing the state it has.
   */
  private async makeClips(): Promise<ClipsDone> {
    const { log } = this.opts;
    const started = Date.now();
    const scene = new SceneClips({
      dir: this.opts.clipDir,
      nice: this.opts.nice ?? 10,
      log,
      ...(this.opts.video ? { video: this.opts.video } : {}),
    });
    const tally = { made: 0, failed: 0 };
    const aborted = () => this.abort.signal.aborted;
    // Desk cameras by their number of desks, the commonest first; one clip list per number, shared.
    const byCount = new Map<number, { cams: SimCamera[]; clips: SceneClip[] }>();
    for (const c of this.cameras.filter((c) => c.placement === 'desks')) {
      const n = this.opts.desksOf(c.kelurahanCode).length;
      const g = byCount.get(n) ?? { cams: [], clips: [] };
      g.cams.push(c);
      byCount.set(n, g);
    }
    const counts = [...byCount].sort((a, b) => b[1].cams.length - a[1].cams.length);
    const serve = async (cams: SimCamera[], clip: () => Promise<SceneClip>, view?: SceneClip[]) => {
      if (aborted() || !cams.length) return;
      let first: SceneClip;
      try {
        first = await clip();
      } catch (err) {
        tally.failed += cams.length;
        log('error', `camera clips for ${cams.length} cameras: ${(err as Error).message}`);
        return;
      }
      for (const c of cams) {
        if (aborted()) return;
        try {
          await this.mount(c, first);
          tally.made++;
          if (view)
            this.views.set(c.kelurahanCode, {
              camera: c,
              desks: this.opts.desksOf(c.kelurahanCode),
              clips: view,
              state: 0,
            });
        } catch (err) {
          tally.failed++;
          log('error', `camera ${c.mainPath}: ${(err as Error).message}`);
        }
      }
    };
    for (const [n, g] of counts)
      await serve(g.cams, async () => (g.clips[0] = await scene.ensureDesk(n, 0)), g.clips);
    for (const kind of ['hall', 'entrance'] as const)
      await serve(
        this.cameras.filter((c) => c.placement === kind),
        () => scene.ensureWalk(kind),
      );
    if (!aborted())
      log(
        'info',
        `cameras served: ${tally.made}, ${tally.failed} failed, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    for (const [n, g] of counts)
      for (let state = 1; state < 1 << n && !aborted(); state++) {
        try {
          g.clips[state] = await scene.ensureDesk(n, state);
        } catch (err) {
          log('error', `desk camera clip (${n} desks, state ${state}): ${(err as Error).message}`);
        }
      }
    const r = { ...tally, ms: Date.now() - started };
    if (!aborted())
      log(
        'info',
        `camera clips ready: ${r.made} cameras served, ${r.failed} failed, in ${(r.ms / 1000).toFixed(1)} s`,
      );
    return r;
  }

  /**
   * Who sits at which desk on a day (the day plans' attended spans per office and desk): played by
   * `tick`, and handed back as the occupancy ground truth of the offices' desk cameras.
   */
  planOccupancy(
    date: LocalDate,
    zone: string,
    attended: ReadonlyMap<string, ReadonlyMap<string, Interval[]>>,
  ): OccupancyEntry[] {
    const out: OccupancyEntry[] = [];
    for (const [code, desks] of attended) {
      const mine = this.occupancy.get(code) ?? new Map<string, Interval[]>();
      for (const [desk, spans] of desks) {
        // Spans of days long gone are dropped; two days are kept (a night spans the date line).
        const keep = (mine.get(desk) ?? []).filter(
          (s) => s.to > Date.parse(`${date}T00:00:00Z`) - 2 * 86_400_000,
        );
        mine.set(desk, [...keep, ...spans]);
      }
      this.occupancy.set(code, mine);
      const cam = this.cameras.find((c) => c.kelurahanCode === code && c.placement === 'desks');
      if (cam) out.push(...occupancyEntries(code, cam.n, this.opts.desksOf(code), date, zone, desks));
    }
    return out;
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
    for (const [code, view] of this.views) {
      const spans = this.occupancy.get(code);
      const state = stateOf(view.desks.map((d) => occupiedAt(spans?.get(d), now)));
      // A state whose clip is not made yet (a first run) waits: the camera keeps what it shows.
      if (state === view.state || !view.clips[state]) continue;
      view.state = state;
      const clip = view.clips[state]!;
      void Promise.all([
        this.server.switchClip(view.camera.mainPath, clip.main),
        this.server.switchClip(view.camera.subPath, clip.sub),
      ]).catch((err: Error) => this.opts.log('warn', `camera ${view.camera.mainPath}: ${err.message}`));
    }
  }

  /** The state a desk camera shows now (a bit per desk), for tests; null for other cameras. */
  stateOf(kelurahanCode: string): number | null {
    return this.views.get(kelurahanCode)?.state ?? null;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.server.stop();
  }
}
