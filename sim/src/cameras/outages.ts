import { epochAt, type DayHours, type LocalDate } from '@pkk/core';
import type { Log } from '../http/client.ts';
import { PARAMS } from '../plan/params.ts';
import { Rng } from '../random.ts';
import type { Anomaly } from '../scenario/schema.ts';
import { isoInZone, MINUTE, toSecond } from '../time.ts';
import type { TruthEntry } from '../truth.ts';
import type { SimCamera } from './plan.ts';

/**
 * Outages of the simulated RTSP cameras: planned per day (a few natural ones, drawn from their own
 * random stream, and those a scenario declares with `camera_down`), written to the ground truth, and
 * played on the camera server by `CameraOutages.apply(now)` on the simulator's (scaled) clock.
 */

export interface CameraOutage {
  kelurahanCode: string;
  n: number;
  /** The camera's mounts (main and sub go down together). */
  paths: string[];
  from: number;
  to: number;
}

const P = PARAMS.disruptions;

export interface CameraDay {
  seed: string;
  date: LocalDate;
  hours: DayHours;
  zone: string;
  /** Scales the natural outages' chances (the scenario's disruptionFactor). */
  factor: number;
  scenario: string;
}

/** One day's outages of the given cameras, and their ground truth. Pure. */
export function planCameraOutages(
  day: CameraDay,
  cameras: SimCamera[],
  anomalies: Anomaly[],
): { outages: CameraOutage[]; truth: TruthEntry[]; warnings: string[] } {
  const outages: CameraOutage[] = [];
  const truth: TruthEntry[] = [];
  const warnings: string[] = [];
  const start = epochAt(day.date, day.hours.start, day.zone);
  const end = epochAt(day.date, day.hours.end, day.zone);
  const add = (
    c: SimCamera,
    from: number,
    to: number,
    extra: Pick<TruthEntry, 'source'> & Partial<TruthEntry>,
  ) => {
    outages.push({ kelurahanCode: c.kelurahanCode, n: c.n, paths: [c.mainPath, c.subPath], from, to });
    truth.push({
      type: 'camera_down',
      kelurahan: c.kelurahanCode,
      device: c.name,
      camera: c.n,
      date: day.date,
      from: isoInZone(from, day.zone),
      to: isoInZone(to, day.zone),
      minutes: Math.round((to - from) / MINUTE),
      ...extra,
    });
  };
  const overlaps = (c: SimCamera, from: number, to: number) =>
    outages.some(
      (o) =>
        o.kelurahanCode === c.kelurahanCode &&
        o.n === c.n &&
        from < o.to + 10 * MINUTE &&
        to > o.from - 10 * MINUTE,
    );

  for (const a of anomalies) {
    if (a.type !== 'camera_down') continue;
    if (a.dates && !a.dates.includes(day.date)) continue;
    const c = cameras.find((x) => x.kelurahanCode === a.kelurahan && x.n === a.camera);
    if (!c) {
      if (cameras.some((x) => x.kelurahanCode === a.kelurahan))
        warnings.push(`${a.kelurahan}: camera_down: the office has no camera ${a.camera}`);
      continue;
    }
    const from = epochAt(day.date, a.at, day.zone);
    add(c, from, from + a.minutes * MINUTE, {
      source: 'scenario',
      scenario: day.scenario,
      ...(a.note ? { note: a.note } : {}),
    });
  }

  for (const c of cameras) {
    const rng = Rng.from(day.seed, 'camera-outage', day.date, c.kelurahanCode, c.n);
    const when = (ms: number) =>
      toSecond(start + rng.float(0, 1) * Math.max(0, end - start - ms - 10 * MINUTE));
    const natural = (ms: number, nearMiss: boolean) => {
      const from = when(ms);
      if (!overlaps(c, from, from + ms))
        add(c, from, from + ms, { source: 'plan', ...(nearMiss ? { nearMiss: true } : {}) });
    };
    if (rng.chance(Math.min(1, P.rtspCameraOutageChance * day.factor)))
      natural(rng.int(...P.rtspCameraOutageMin) * MINUTE, false);
    if (rng.chance(Math.min(1, P.rtspCameraBlipChance * day.factor)))
      natural(rng.int(...P.rtspCameraBlipSec) * 1000, true);
  }
  return { outages, truth, warnings };
}

/** What `CameraOutages` needs of the camera server. */
export interface DownSwitch {
  setDown(path: string, down: boolean): Promise<void>;
}

/**
 * Plays outages on the camera server. State-based: every `apply(now)` computes which mounts should be
 * down at `now` and changes only those that differ, so a clock that jumps, a late call or a failed
 * call (tried again next time) still ends in the right state.
 */
export class CameraOutages {
  private outages: CameraOutage[] = [];
  private readonly down = new Set<string>();
  private readonly known = new Set<string>();
  private busy: Promise<void> | null = null;

  constructor(
    private readonly server: DownSwitch,
    private readonly log: Log,
  ) {}

  add(list: CameraOutage[]): void {
    this.outages.push(...list);
    for (const o of list) for (const p of o.paths) this.known.add(p);
  }

  /** Drops outages that ended before `before` (memory of a long run). */
  forgetBefore(before: number): void {
    this.outages = this.outages.filter((o) => o.to >= before);
  }

  /** Mounts that should be down at `now`. */
  dueDown(now: number): Set<string> {
    const out = new Set<string>();
    for (const o of this.outages) if (o.from <= now && now < o.to) for (const p of o.paths) out.add(p);
    return out;
  }

  /** Brings the server to the state of `now`; one apply at a time (a call while one runs is skipped). */
  apply(now: number): Promise<void> {
    if (this.busy) return this.busy;
    this.busy = this.applyNow(now).finally(() => (this.busy = null));
    return this.busy;
  }

  private async applyNow(now: number): Promise<void> {
    const want = this.dueDown(now);
    for (const p of this.known) {
      const should = want.has(p);
      if (should === this.down.has(p)) continue;
      try {
        await this.server.setDown(p, should);
        if (should) this.down.add(p);
        else this.down.delete(p);
        this.log('info', `camera ${p} ${should ? 'down' : 'back up'}`);
      } catch (err) {
        this.log('warn', `camera ${p}: could not set ${should ? 'down' : 'up'}: ${(err as Error).message}`);
      }
    }
  }
}
