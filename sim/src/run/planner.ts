import { epochAt, type DeviceKind, type LocalDate, type Registry } from '@pkk/core';
import type { AdminApi } from '../http/admin.ts';
import { officeDevices } from '../plan/devices.ts';
import { planOfficeDay } from '../plan/office-day.ts';
import type { PresenceItem, PunchItem, QueueItem } from '../plan/types.ts';
import { writeTruth, type TruthEntry } from '../truth.ts';
import { writeOccupancy } from '../cameras/occupancy.ts';
import type { Agent } from './agents.ts';
import { provisionLeave } from './provision.ts';
import type { SimCity } from './setup.ts';
import type { SimulatorConfig } from './simulator.ts';

/** The devices of one office, as the planner loads their feeds. */
export interface OfficeAgents {
  attendance: Agent<PunchItem>;
  queue: Agent<QueueItem['event']>;
  presence: Agent<Omit<PresenceItem, 'at'>>;
}

type Say = (level: 'info' | 'warn' | 'error', msg: string) => void;

const RETRY_MS = 10_000;

/**
 * Planning: each day once, for every office, the evening before (or at once for the day the run
 * starts in). Files the day's leave, writes its ground truth and loads the devices' feeds. A day
 * whose planning fails (the api unreachable for a while) is tried again 10 s later.
 */
export class DayPlanner {
  private readonly planned = new Set<LocalDate>();
  private retryAt = 0;
  /** Ground truth of a bounded run, handed back at its end. */
  readonly truth: TruthEntry[] = [];
  readonly truthFiles = new Set<string>();
  readonly warnings: string[] = [];

  constructor(
    private readonly cfg: SimulatorConfig,
    private readonly registry: Registry,
    private readonly admin: AdminApi,
    private readonly city: SimCity,
    private readonly agents: ReadonlyMap<string, OfficeAgents>,
    private readonly say: Say,
    private readonly stopped: () => boolean,
  ) {}

  has(date: LocalDate): boolean {
    return this.planned.has(date);
  }

  /** `plan`, and on failure a note and another try later. */
  async tryPlan(date: LocalDate): Promise<void> {
    if (this.planned.has(date) || Date.now() < this.retryAt) return;
    this.planned.add(date);
    try {
      await this.plan(date);
    } catch (err) {
      if (this.stopped()) return;
      this.planned.delete(date);
      this.retryAt = Date.now() + RETRY_MS;
      this.say('error', `could not plan ${date}: ${(err as Error).message}; trying again in 10 s`);
    }
  }

  private deviceName(code: string, kind: DeviceKind): string {
    return officeDevices(code, this.city.protocols.get(code) ?? 'json').find((d) => d.kind === kind)!.name;
  }

  /** Plans a day for every office, files its leave, writes its ground truth, loads the feeds. */
  private async plan(date: LocalDate): Promise<void> {
    const { cfg, city } = this;
    const zone = cfg.policy.workHours.zone;
    const inputs = {
      seed: cfg.seed,
      policy: cfg.policy,
      registry: this.registry,
      staff: city.staff,
      scenario: cfg.scenario,
      deviceName: (c: string, k: DeviceKind) => this.deviceName(c, k),
    };
    const plans = [];
    for (const code of city.offices) {
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
      city.cameras && hours
        ? city.cameras.planDay(
            {
              seed: cfg.seed,
              date,
              hours,
              zone,
              factor: cfg.scenario.disruptionFactor ?? 1,
              scenario: cfg.scenario.name,
            },
            new Set(city.offices),
            cfg.scenario.anomalies,
          )
        : { truth: [], warnings: [] };
    for (const w of cameraTruth.warnings) this.say('warn', w);
    const truth = [...plans.flatMap((p) => p.truth), ...cameraTruth.truth].filter(
      (e) => Date.parse(e.from) < end,
    );
    this.truthFiles.add(writeTruth(cfg.truthDir, date, new Set(city.offices), truth));
    if (city.cameras) {
      const occupancy = city.cameras.planOccupancy(
        date,
        zone,
        new Map(plans.map((p) => [p.code, p.attended])),
      );
      writeOccupancy(cfg.truthDir, date, new Set(city.offices), occupancy);
    }
    // A bounded run hands its ground truth back; a live run only writes it.
    if (cfg.endAt !== undefined) this.truth.push(...truth);

    const dayStart = epochAt(date, '00:00', zone);
    for (const p of plans) {
      const a = this.agents.get(p.code)!;
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
      for (const agent of [a.attendance, a.queue, a.presence]) {
        // A resumed run delivered these before it stopped: they are not sent again.
        if (cfg.resumeFrom !== undefined) agent.feed.dropBefore(cfg.resumeFrom);
        agent.feed.forgetBefore(dayStart - 86_400_000);
      }
    }
    const kind = plans[0]?.day.kind ?? 'working';
    const citizens = plans.reduce((n, p) => n + p.citizens, 0);
    this.say(
      'info',
      `planned ${date} (${kind}${plans[0]?.day.ramadan ? ', Ramadan hours' : ''}) for ${plans.length} offices: ${citizens} citizens, ${truth.length} ground-truth entries, ${filed} leave records filed`,
    );
  }
}
