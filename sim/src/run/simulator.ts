import {
  addDays,
  epochAt,
  localDateOf,
  Registry,
  type Clock,
  type DeviceKind,
  type PolicyConfig,
} from '@pkk/core';
import { writeSimPosition } from '@pkk/platform/demo/position';
import { AdmsTerminal } from '../devices/adms-terminal.ts';
import { JsonDevice } from '../devices/json-device.ts';
import { AdminApi } from '../http/admin.ts';
import { Http, sleep, type Log } from '../http/client.ts';
import { planOrganisation } from '../plan/organisation.ts';
import type { PunchItem } from '../plan/types.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { TruthEntry } from '../truth.ts';
import { AdmsAgent, JsonAgent, type Agent } from './agents.ts';
import type { FeedItem } from './feed.ts';
import { paceFor, type Pace } from './pace.ts';
import { DayPlanner, type OfficeAgents } from './planner.ts';
import { provisionOrganisation, type ProvisionedDevice } from './provision.ts';
import { renderPresence, renderPunch, renderQueue } from './render.ts';
import { setUpCity, type SimCity } from './setup.ts';
import { itemsSent, newStats, type SimStats } from './stats.ts';

export interface SimulatorConfig {
  apiUrl: string;
  /** Admin API token (officers, devices, leave). */
  token: string;
  seed: string;
  policy: PolicyConfig;
  scenario: Scenario;
  /**
   * The shared (possibly scaled) clock every role runs on. A factory, called once provisioning is
   * done and again after the first day is planned, so that a bounded run's simulated time starts
   * when its devices are ready (a shared clock just returns itself).
   */
  clock: () => Clock;
  /** A subset of kelurahan codes; all 107 when absent. */
  offices?: string[];
  /** ADMS for attendance terminals: `auto` uses it when the api serves /iclock. */
  adms?: 'auto' | 'on' | 'off';
  /** Offices that report attendance through the JSON gateway whatever their default. */
  jsonAttendance?: string[];
  /** Where ground-truth files go (`${VAR_DIR}/sim`). */
  truthDir: string;
  log: Log;
  concurrency?: number;
  /** Bounded run: stop once the clock passes this instant (simulated epoch ms) and all is delivered. */
  endAt?: number;
  /** Floor of the interval between two contacts of one device, real ms (see pace.ts). */
  minContactMs?: number;
  /** How often to log progress, real ms (0: never). */
  progressEveryMs?: number;
  /** Real ms to keep trying to deliver after `endAt` before giving up (bounded runs). */
  drainTimeoutMs?: number;
  /** Simulated RTSP cameras (sim/src/cameras): served on `port`, registered over the api; none when absent. */
  cameras?: { port: number; host?: string; clipDir: string };
  /**
   * Resuming a run that stopped: every device item due before this instant (simulated epoch ms) was
   * delivered then, and is not sent again.
   */
  resumeFrom?: number;
  /**
   * Where the run keeps its position (platform/src/demo/position.ts), about once a second and when
   * it stops, so that the next start continues from it; `scenario`: the scenario as the run was asked
   * for it (a name or a path).
   */
  position?: { file: string; scenario: string };
}

export interface SimResult {
  stats: SimStats;
  truth: TruthEntry[];
  truthFiles: string[];
  offices: string[];
  admsAvailable: boolean;
  admsOffices: string[];
  jsonAttendanceOffices: string[];
  /** Items that were due but never delivered (bounded run cut short by a failing server). */
  undelivered: number;
  realMs: number;
  warnings: string[];
}

const LOOP_MS = 100;
const POSITION_EVERY_MS = 1_000;
/** The next day is planned (and its leave filed) the evening before. */
const PLAN_AHEAD_AT = '20:00';

/**
 * The simulator: sets the city up on the server (./setup.ts), plans each office's day (./planner.ts)
 * and plays it out over the device protocols on the shared clock (the run loop, here). A client of
 * the api like any device, nothing more.
 */
export class Simulator {
  readonly stats = newStats();
  private readonly http: Http;
  private readonly admin: AdminApi;
  private readonly registry: Registry;
  private readonly zone: string;
  private readonly abort = new AbortController();
  private readonly agents: Agent<unknown>[] = [];
  private readonly byOffice = new Map<string, OfficeAgents>();
  private city: SimCity | null = null;
  private planner: DayPlanner | null = null;
  private stopped = false;
  private planning: Promise<void> | null = null;

  constructor(private readonly cfg: SimulatorConfig) {
    this.registry = new Registry(cfg.policy);
    this.zone = cfg.policy.workHours.zone;
    this.http = new Http(cfg.apiUrl, { concurrency: cfg.concurrency ?? 16, signal: this.abort.signal });
    this.stats.http = this.http.stats;
    this.admin = new AdminApi(this.http, cfg.token, cfg.log);
  }

  get stopping(): boolean {
    return this.stopped;
  }

  /**
   * Ends a running simulation at once: requests in flight are aborted (a device keeps what it did
   * not deliver; the next run re-sends it, and the server's deduplication absorbs the overlap).
   */
  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  /** The city on the server, then one agent per device on the clock's pace. */
  private async setUp(): Promise<Clock> {
    const { cfg } = this;
    const city = await setUpCity(cfg, this.registry, this.admin, (l, m) => this.say(l, m));
    this.city = city;
    const clock = cfg.clock();
    // The organisation is dated by the simulated month, known once the clock is.
    const month = localDateOf(clock.now(), cfg.policy.workHours.zone).slice(0, 7);
    await provisionOrganisation(
      this.admin,
      planOrganisation(cfg.seed, this.registry, city.offices, city.staff, month),
      cfg.log,
    ).catch((err: Error) => this.say('error', `organisation not provisioned: ${err.message}`));
    const pace = paceFor(clock.speed, cfg.policy.thresholds.devices.offlineAfterSeconds, cfg.minContactMs);
    const tz = cfg.policy.thresholds.devices.admsTimeZoneHours * 60;
    for (const code of city.offices)
      this.byOffice.set(code, this.makeAgents(code, city.devices.get(code)!, pace, tz));
    this.planner = new DayPlanner(
      cfg,
      this.registry,
      this.admin,
      city,
      this.byOffice,
      (l, m) => this.say(l, m),
      () => this.stopped,
    );
    return clock;
  }

  private makeAgents(code: string, devices: ProvisionedDevice[], pace: Pace, tz: number): OfficeAgents {
    const { log } = this.cfg;
    const of = (kind: DeviceKind) => devices.find((d) => d.spec.kind === kind)!;
    const att = of('attendance');
    const jsonAgent = <T>(kind: DeviceKind, render: (x: FeedItem<T>) => unknown) =>
      new JsonAgent(
        code,
        of(kind).spec.name,
        new JsonDevice(this.http, kind, code, of(kind).key!),
        render,
        this.stats,
        pace,
        log,
      );
    const attendance: Agent<PunchItem> =
      att.spec.protocol === 'adms'
        ? new AdmsAgent(
            code,
            att.spec.name,
            new AdmsTerminal(this.http, att.spec.serial!, tz),
            this.stats,
            pace,
            log,
          )
        : jsonAgent('attendance', renderPunch(this.zone));
    const queue = jsonAgent('queue', renderQueue(this.zone));
    const presence = jsonAgent('presence', renderPresence(this.zone));
    this.agents.push(attendance as Agent<unknown>, queue as Agent<unknown>, presence as Agent<unknown>);
    return { attendance, queue, presence };
  }

  /**
   * Where the run stands: the clock, and how far everything due was delivered (the oldest item of
   * any device not yet acknowledged, in flight or waiting). Best effort: a write that fails is said,
   * and the next start then re-sends a little more (the server takes duplicates as duplicates).
   */
  private savePosition(clock: Clock, limit: number): void {
    const { cfg } = this;
    // Until the day is planned its items are in no feed: nothing of it counts as delivered yet.
    if (!cfg.position || !this.planner?.has(localDateOf(limit, this.zone))) return;
    const pending = Math.min(...this.agents.map((a) => a.undeliveredFrom()));
    try {
      writeSimPosition(cfg.position.file, {
        seed: cfg.seed,
        scenario: cfg.position.scenario,
        offices: cfg.offices ?? null,
        speed: clock.speed,
        at: limit,
        deliveredThrough: Math.min(limit, pending),
        savedAt: new Date().toISOString(),
      });
    } catch (err) {
      this.say('warn', `position not saved: ${(err as Error).message}`);
    }
  }

  private say(level: 'info' | 'warn' | 'error', msg: string): void {
    this.cfg.log(level, msg);
  }

  /** Runs until stopped, or for a bounded run until `endAt` has passed and everything is delivered. */
  async run(): Promise<SimResult> {
    const started = Date.now();
    const { cfg } = this;
    let clock = await this.setUp();
    const planner = this.planner!;
    const city = this.city!;
    const inflight = new Set<Promise<void>>();
    let lastProgress = Date.now();
    let last = { items: 0, requests: 0, latencyMs: 0 };
    let endedAt: number | null = null;
    let positionSavedAt = Date.now();
    const limitOf = (now: number) => (cfg.endAt !== undefined ? Math.min(now, cfg.endAt - 1) : now);

    await planner.tryPlan(localDateOf(limitOf(clock.now()), this.zone));
    clock = cfg.clock();
    while (!this.stopped) {
      const now = clock.now();
      const limit = limitOf(now);
      const real = Date.now();
      const today = localDateOf(limit, this.zone);
      if (!this.planning) {
        const next = addDays(today, 1);
        const ahead =
          limit >= epochAt(today, PLAN_AHEAD_AT, this.zone) &&
          epochAt(next, '00:00', this.zone) < (cfg.endAt ?? Infinity);
        const wanted = !planner.has(today) ? today : ahead && !planner.has(next) ? next : null;
        if (wanted) this.planning = planner.tryPlan(wanted).finally(() => (this.planning = null));
      }
      city.cameras?.tick(limit);
      for (const agent of this.agents) {
        const p = agent.poll(now, limit, real);
        if (p) {
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
        }
      }
      if (cfg.progressEveryMs && real - lastProgress >= cfg.progressEveryMs) {
        const h = this.stats.http;
        const cur = { items: itemsSent(this.stats), requests: h.requests, latencyMs: h.latencyMs };
        this.say(
          'info',
          progressLine(this.stats, now, this.zone, city.offices.length, {
            itemsPerSec: ((cur.items - last.items) * 1000) / (real - lastProgress),
            requestsPerSec: ((cur.requests - last.requests) * 1000) / (real - lastProgress),
            latencyMs:
              cur.requests > last.requests
                ? (cur.latencyMs - last.latencyMs) / (cur.requests - last.requests)
                : 0,
            backlog: this.agents.reduce((n, a) => n + a.feed.dueCount(limit), 0),
          }),
        );
        lastProgress = real;
        last = cur;
      }
      if (real - positionSavedAt >= POSITION_EVERY_MS) {
        this.savePosition(clock, limit);
        positionSavedAt = real;
      }
      if (cfg.endAt !== undefined && now >= cfg.endAt) {
        endedAt ??= real;
        const owed = this.agents.some((a) => a.owes(limit));
        if (
          (!owed && inflight.size === 0 && !this.planning) ||
          real - endedAt > (cfg.drainTimeoutMs ?? 30_000)
        )
          break;
      }
      await sleep(LOOP_MS);
    }
    await Promise.allSettled([...inflight, this.planning]);
    await city.cameras?.stop();
    const limit = limitOf(clock.now());
    this.savePosition(clock, limit);
    const undelivered = this.agents.reduce((n, a) => n + a.feed.dueCount(limit), 0);
    return {
      stats: this.stats,
      truth: planner.truth,
      truthFiles: [...planner.truthFiles],
      offices: city.offices,
      admsAvailable: city.admsAvailable,
      admsOffices: city.offices.filter((c) => city.protocols.get(c) === 'adms'),
      jsonAttendanceOffices: city.offices.filter((c) => city.protocols.get(c) === 'json'),
      undelivered,
      realMs: Date.now() - started,
      warnings: planner.warnings,
    };
  }
}

export interface Rates {
  itemsPerSec: number;
  requestsPerSec: number;
  /** Mean request duration since the last line. */
  latencyMs: number;
  /** Items due but not yet delivered: grows when the api cannot keep up. */
  backlog: number;
}

export function progressLine(s: SimStats, now: number, zone: string, offices: number, r: Rates): string {
  const c = s.channels;
  const t = new Date(now).toLocaleString('sv-SE', { timeZone: zone }).slice(0, 16);
  const acc = c.attendance.accepted + c.queue.accepted + c.presence.accepted;
  const dup = c.attendance.duplicates + c.queue.duplicates + c.presence.duplicates;
  const rej = c.attendance.rejected + c.queue.rejected + c.presence.rejected;
  return (
    `${t} · ${offices} offices · sent ${itemsSent(s)} (attendance ${c.attendance.sent}, queue ${c.queue.sent}, presence ${c.presence.sent}), ` +
    `${r.itemsPerSec.toFixed(0)} items/s, backlog ${r.backlog} · json accepted ${acc} dup ${dup} rejected ${rej} · adms ${s.adms.linesSent} lines (OK ${s.adms.stored}), ` +
    `${s.adms.heartbeats} heartbeats · http ${s.http.requests} requests (${r.requestsPerSec.toFixed(0)}/s, ${r.latencyMs.toFixed(0)} ms), ${s.http.failures} failures, ${s.http.retries} retries`
  );
}
