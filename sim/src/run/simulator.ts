import {
  addDays,
  epochAt,
  localDateOf,
  Registry,
  type Clock,
  type DeviceKind,
  type LocalDate,
  type PolicyConfig,
} from '@pkk/core';
import { provisionCameras } from '../cameras/provision.ts';
import type { SimCamera } from '../cameras/plan.ts';
import { SimCameras } from '../cameras/sim-cameras.ts';
import { AdmsTerminal } from '../devices/adms-terminal.ts';
import { JsonDevice } from '../devices/json-device.ts';
import { AdminApi } from '../http/admin.ts';
import { Http, sleep, type Log } from '../http/client.ts';
import { defaultAttendanceProtocol, officeDevices, type AttendanceProtocol } from '../plan/devices.ts';
import { planOfficeDay } from '../plan/office-day.ts';
import { generateStaff, type SimOfficer } from '../plan/staff.ts';
import type { PresenceItem, PunchItem, QueueItem } from '../plan/types.ts';
import type { Scenario } from '../scenario/schema.ts';
import { writeTruth, type TruthEntry } from '../truth.ts';
import { AdmsAgent, JsonAgent, type Agent } from './agents.ts';
import type { FeedItem } from './feed.ts';
import { paceFor, type Pace } from './pace.ts';
import { provisionDevices, provisionLeave, provisionOfficers, type ProvisionedDevice } from './provision.ts';
import { renderPresence, renderPunch, renderQueue } from './render.ts';
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
/** The next day is planned (and its leave filed) the evening before. */
const PLAN_AHEAD_AT = '20:00';

/**
 * The simulator: plans each office's day, provisions it over the admin API, and plays it out over
 * the device protocols on the shared clock. A client of the api like any device, nothing more.
 */
export class Simulator {
  readonly stats = newStats();
  private readonly http: Http;
  private readonly admin: AdminApi;
  private readonly registry: Registry;
  private readonly zone: string;
  private readonly abort = new AbortController();
  private readonly agents: Agent<unknown>[] = [];
  private readonly byOffice = new Map<
    string,
    {
      attendance: Agent<PunchItem>;
      queue: Agent<QueueItem['event']>;
      presence: Agent<Omit<PresenceItem, 'at'>>;
    }
  >();
  private readonly planned = new Set<LocalDate>();
  private readonly truth: TruthEntry[] = [];
  private readonly truthFiles = new Set<string>();
  private readonly warnings: string[] = [];
  private staff = new Map<string, SimOfficer[]>();
  private offices: string[] = [];
  private protocols = new Map<string, AttendanceProtocol>();
  private admsAvailable = false;
  private stopped = false;
  private clock: Clock | null = null;
  private planning: Promise<void> | null = null;
  private planRetryAt = 0;
  private cameras: SimCameras | null = null;

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

  /** Registry subset, staff, ADMS availability, officers and devices on the server. */
  private async setUp(): Promise<void> {
    const { cfg } = this;
    const all = cfg.policy.kelurahan.map((k) => k.code);
    for (const code of cfg.offices ?? [])
      if (!this.registry.get(code)) throw new Error(`unknown kelurahan ${code}`);
    this.offices = cfg.offices ? all.filter((c) => cfg.offices!.includes(c)) : all;
    this.staff = generateStaff(cfg.seed, this.registry);

    this.admsAvailable =
      cfg.adms === 'off' ? false : cfg.adms === 'on' ? true : await this.admin.admsAvailable();
    if (!this.admsAvailable && cfg.adms !== 'off')
      this.say(
        'warn',
        'the api does not serve /iclock (ADMS): every office reports attendance through the JSON gateway',
      );
    const forcedJson = new Set(cfg.jsonAttendance ?? []);
    all.forEach((code, i) =>
      this.protocols.set(
        code,
        this.admsAvailable && !forcedJson.has(code) ? defaultAttendanceProtocol(i) : 'json',
      ),
    );

    await provisionOfficers(
      this.admin,
      this.offices.flatMap((c) => this.staff.get(c) ?? []),
      cfg.log,
    );
    const tz = cfg.policy.thresholds.devices.admsTimeZoneHours * 60;
    const devices = await provisionDevices(
      this.admin,
      new Map(this.offices.map((c) => [c, officeDevices(c, this.protocols.get(c)!)])),
      tz,
      cfg.log,
    );

    if (cfg.cameras) {
      // Cameras are one part of the simulation: when they cannot start (port taken, GStreamer
      // missing) the rest plays on without them, and the log says why.
      // A camera is registered once it is served (its clip made on a first run takes a while): a
      // camera on the api that the sim cannot serve yet would read as a broken camera, not a new one.
      let batch: SimCamera[] = [];
      let flushing: NodeJS.Timeout | null = null;
      const register = (c: SimCamera) => {
        batch.push(c);
        flushing ??= setTimeout(() => {
          const these = batch;
          batch = [];
          flushing = null;
          void provisionCameras(this.admin, these, (p) => this.cameras!.url(p), cfg.log).catch((err: Error) =>
            this.say('error', `cameras not registered: ${err.message}`),
          );
        }, 500);
      };
      try {
        this.cameras = await SimCameras.start({
          seed: cfg.seed,
          offices: cfg.policy.kelurahan.filter((k) => this.offices.includes(k.code)),
          ...cfg.cameras,
          log: cfg.log,
          onMounted: register,
        });
      } catch (err) {
        this.say('error', `simulated cameras off: ${(err as Error).message}`);
      }
    }

    this.clock = cfg.clock();
    const pace = paceFor(
      this.clock.speed,
      cfg.policy.thresholds.devices.offlineAfterSeconds,
      cfg.minContactMs,
    );
    for (const code of this.offices)
      this.byOffice.set(code, this.makeAgents(code, devices.get(code)!, pace, tz));
  }

  private makeAgents(code: string, devices: ProvisionedDevice[], pace: Pace, tz: number) {
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

  private deviceName(code: string, kind: DeviceKind): string {
    return officeDevices(code, this.protocols.get(code) ?? 'json').find((d) => d.kind === kind)!.name;
  }

  /** `planDay`, and on failure (the api unreachable for a while) a note and another try later. */
  private async tryPlanDay(date: LocalDate): Promise<void> {
    if (this.planned.has(date) || Date.now() < this.planRetryAt) return;
    this.planned.add(date);
    try {
      await this.planDay(date);
    } catch (err) {
      if (this.stopped) return;
      this.planned.delete(date);
      this.planRetryAt = Date.now() + 10_000;
      this.say('error', `could not plan ${date}: ${(err as Error).message}; trying again in 10 s`);
    }
  }

  /** Plans a day for every office, files its leave, writes its ground truth, loads the feeds. */
  private async planDay(date: LocalDate): Promise<void> {
    const { cfg } = this;
    const inputs = {
      seed: cfg.seed,
      policy: cfg.policy,
      registry: this.registry,
      staff: this.staff,
      scenario: cfg.scenario,
      deviceName: (c: string, k: DeviceKind) => this.deviceName(c, k),
    };
    const plans = [];
    for (const code of this.offices) {
      plans.push(planOfficeDay(inputs, code, date));
      // Planning 107 offices takes a moment: let the devices keep talking meanwhile.
      await new Promise((r) => setImmediate(r));
    }
    for (const p of plans) for (const w of p.warnings) this.say('warn', w);
    this.warnings.push(...plans.flatMap((p) => p.warnings));

    const filed = await provisionLeave(
      this.admin,
      date,
      plans.flatMap((p) => p.leave),
      `simulated (${cfg.scenario.name})`,
    );
    const end = cfg.endAt ?? Infinity;
    const hours = plans[0]?.day.hours;
    const cameraTruth =
      this.cameras && hours
        ? this.cameras.planDay(
            {
              seed: cfg.seed,
              date,
              hours,
              zone: this.zone,
              factor: cfg.scenario.disruptionFactor ?? 1,
              scenario: cfg.scenario.name,
            },
            new Set(this.offices),
            cfg.scenario.anomalies,
          )
        : { truth: [], warnings: [] };
    for (const w of cameraTruth.warnings) this.say('warn', w);
    const truth = [...plans.flatMap((p) => p.truth), ...cameraTruth.truth].filter(
      (e) => Date.parse(e.from) < end,
    );
    this.truthFiles.add(writeTruth(cfg.truthDir, date, new Set(this.offices), truth));
    // A bounded run hands its ground truth back; a live run only writes it.
    if (cfg.endAt !== undefined) this.truth.push(...truth);

    const dayStart = epochAt(date, '00:00', this.zone);
    for (const p of plans) {
      const a = this.byOffice.get(p.code)!;
      a.attendance.feed.add(
        p.punches.map((x) => ({ at: x.at, item: x })),
        p.devices.attendance,
      );
      a.queue.feed.add(
        p.queue.map((x) => ({ at: x.at, item: x.event })),
        p.devices.queue,
      );
      a.presence.feed.add(
        p.presence.map(({ at, ...item }) => ({ at, item })),
        p.devices.presence,
      );
      for (const agent of [a.attendance, a.queue, a.presence]) agent.feed.forgetBefore(dayStart - 86_400_000);
    }
    const kind = plans[0]?.day.kind ?? 'working';
    const citizens = plans.reduce((n, p) => n + p.citizens, 0);
    this.say(
      'info',
      `planned ${date} (${kind}${plans[0]?.day.ramadan ? ', Ramadan hours' : ''}) for ${plans.length} offices: ${citizens} citizens, ${truth.length} ground-truth entries, ${filed} leave records filed`,
    );
  }

  private say(level: 'info' | 'warn' | 'error', msg: string): void {
    this.cfg.log(level, msg);
  }

  /** Runs until stopped, or for a bounded run until `endAt` has passed and everything is delivered. */
  async run(): Promise<SimResult> {
    const started = Date.now();
    const { cfg } = this;
    await this.setUp();
    let clock = this.clock!;
    const inflight = new Set<Promise<void>>();
    let lastProgress = Date.now();
    let last = { items: 0, requests: 0, latencyMs: 0 };
    let endedAt: number | null = null;
    const limitOf = (now: number) => (cfg.endAt !== undefined ? Math.min(now, cfg.endAt - 1) : now);

    await this.tryPlanDay(localDateOf(limitOf(clock.now()), this.zone));
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
        const wanted = !this.planned.has(today) ? today : ahead && !this.planned.has(next) ? next : null;
        if (wanted) this.planning = this.tryPlanDay(wanted).finally(() => (this.planning = null));
      }
      this.cameras?.tick(limit);
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
          progressLine(this.stats, now, this.zone, this.offices.length, {
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
    await this.cameras?.stop();
    const limit = limitOf(clock.now());
    const undelivered = this.agents.reduce((n, a) => n + a.feed.dueCount(limit), 0);
    return {
      stats: this.stats,
      truth: this.truth,
      truthFiles: [...this.truthFiles],
      offices: this.offices,
      admsAvailable: this.admsAvailable,
      admsOffices: this.offices.filter((c) => this.protocols.get(c) === 'adms'),
      jsonAttendanceOffices: this.offices.filter((c) => this.protocols.get(c) === 'json'),
      undelivered,
      realMs: Date.now() - started,
      warnings: this.warnings,
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
