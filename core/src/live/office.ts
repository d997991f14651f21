import type { DeskDef, ServiceDef, ThresholdsFile } from '../config/schema.ts';
import type { WorkingDay } from '../calendar/calendar.ts';
import type {
  DeskLive,
  DeviceKind,
  DeviceLive,
  KelurahanDetail,
  LiveEvent,
  KelurahanSummary,
  LeaveKind,
  RosterEntry,
  ServiceLive,
} from '../schemas/live.ts';
import { addDays, epochAt } from '../time/wib.ts';
import { classify, offlineLimitMs } from './status.ts';
import { attendanceOf, countedPunches, insertPunch, lateMinutes } from '../office/attendance.ts';
import {
  applyTicketEvent,
  newTicket,
  phaseOf,
  waitingSince,
  type TicketPhase,
  type TicketState,
} from '../office/tickets.ts';

/**
 * The live state of one office for one day, built only from events. Applying the same event twice
 * leaves the same state (events are facts keyed by their time), so a node that replays events it
 * already saw while catching up stays correct.
 */

export interface OfficerInfo {
  nip: string;
  name: string;
  position: string;
  desk: string | null;
}

export interface DeviceInfo {
  id: number;
  kind: DeviceKind;
  name: string;
  protocol: 'json' | 'adms';
  lastSeenAt: number | null;
}

export type { LiveEvent };

export interface OfficeSetup {
  code: string;
  kecamatanCode: string;
  desks: DeskDef[];
  services: ServiceDef[];
  zone: string;
  punchDebounceMs: number;
  lateGraceMs: number;
  thresholds: ThresholdsFile;
  /**
   * Simulated milliseconds per real millisecond. Devices report on real timers (heartbeat every few
   * real seconds), so a device's silence is judged in real time: the offline window is stretched by
   * the speed of a simulated demo clock. 1 in production.
   */
  clockSpeed?: number;
}

const SERIES_STEP_MS = 60_000;

export class OfficeLive {
  version = 0;
  private officers = new Map<string, OfficerInfo>();
  /** The officers in roster order (by name), sorted once when they are set. */
  private officersByName: OfficerInfo[] = [];
  private leave = new Map<string, LeaveKind>();
  /** Punch times per NIP, ascending, without duplicates. */
  private punches = new Map<string, number[]>();
  /** Per NIP, the punch times the device recorded as check-outs (see attendanceOf). */
  private outs = new Map<string, Set<number>>();
  /** The punches that count (debounced) per NIP, kept until that NIP punches again. */
  private counted = new Map<string, number[]>();
  private tickets = new Map<string, TicketState>();
  /*
   * Aggregates over the tickets, kept up to date as each ticket changes, so that a summary costs the
   * same with 50 or 50,000 tickets of the day behind it (the hub computes one on every flush).
   */
  private waiting = new Set<TicketState>();
  private issuedCount = 0;
  private servedCount = 0;
  private servedByService = new Map<string, number>();
  /** The current day as epoch ms: [dayStart, dayEnd), and the start of its office hours. */
  private dayStart = 0;
  private dayEnd = 0;
  private hoursStart: number | null = null;
  private currentDay!: WorkingDay;
  private deskState = new Map<string, { open: boolean; at: number }>();
  private presence = new Map<string, { present: boolean; at: number }>();
  private devices = new Map<number, DeviceInfo>();
  private series: [number, number][] = [];
  private updatedAt = 0;

  constructor(
    readonly setup: OfficeSetup,
    day: WorkingDay,
  ) {
    this.day = day;
  }

  get day(): WorkingDay {
    return this.currentDay;
  }

  /** Sets the day and the instants derived from it (computing them per event was the hot spot). */
  set day(day: WorkingDay) {
    this.currentDay = day;
    this.dayStart = epochAt(day.date, '00:00', this.setup.zone);
    this.dayEnd = epochAt(addDays(day.date, 1), '00:00', this.setup.zone);
    this.hoursStart = day.hours ? epochAt(day.date, day.hours.start, this.setup.zone) : null;
  }

  get code(): string {
    return this.setup.code;
  }

  /** Starts a new day: events of the previous one no longer count. Registry data is kept. */
  startDay(day: WorkingDay): void {
    this.day = day;
    this.punches.clear();
    this.outs.clear();
    this.counted.clear();
    this.tickets.clear();
    this.waiting.clear();
    this.issuedCount = 0;
    this.servedCount = 0;
    this.servedByService.clear();
    this.deskState.clear();
    this.presence.clear();
    this.leave.clear();
    this.series = [];
    this.version++;
  }

  setOfficers(officers: OfficerInfo[]): void {
    this.officers = new Map(officers.map((o) => [o.nip, o]));
    this.officersByName = [...this.officers.values()].sort((a, b) => a.name.localeCompare(b.name));
    this.version++;
  }

  setLeave(leave: Map<string, LeaveKind>): void {
    this.leave = new Map(leave);
    this.version++;
  }

  setDevices(devices: DeviceInfo[]): void {
    const previous = this.devices;
    this.devices = new Map(
      devices.map((d) => {
        const seen = Math.max(d.lastSeenAt ?? 0, previous.get(d.id)?.lastSeenAt ?? 0);
        return [d.id, { ...d, lastSeenAt: seen || null }];
      }),
    );
    this.version++;
  }

  /** Applies one event; returns false when it belongs to another day and was ignored. */
  apply(event: LiveEvent): boolean {
    if (event.kind === 'device') {
      const d = this.devices.get(event.deviceId);
      if (d && (d.lastSeenAt ?? 0) < event.at) d.lastSeenAt = event.at;
      this.touch(event.at);
      return true;
    }
    // Same as comparing the event's local date with the day's, without a time-zone conversion.
    if (!(event.at >= this.dayStart && event.at < this.dayEnd)) return false;
    switch (event.kind) {
      case 'punch':
        this.applyPunch(event.nip, event.at, event.direction);
        break;
      case 'presence': {
        const p = this.presence.get(event.desk);
        if (!p || p.at <= event.at) this.presence.set(event.desk, { present: event.present, at: event.at });
        break;
      }
      case 'queue':
        this.applyQueue(event);
        break;
    }
    this.touch(event.at);
    return true;
  }

  private touch(at: number): void {
    this.version++;
    if (at > this.updatedAt) this.updatedAt = at;
  }

  private applyPunch(nip: string, at: number, direction: 'in' | 'out' | undefined): void {
    let list = this.punches.get(nip);
    if (!list) this.punches.set(nip, (list = []));
    if (!insertPunch(list, at)) return;
    this.counted.delete(nip);
    if (direction === 'out') {
      const outs = this.outs.get(nip) ?? new Set<number>();
      this.outs.set(nip, outs.add(at));
    }
  }

  private applyQueue(e: Extract<LiveEvent, { kind: 'queue' }>): void {
    if (e.type === 'desk.opened' || e.type === 'desk.closed') {
      if (!e.desk) return;
      const d = this.deskState.get(e.desk);
      if (!d || d.at <= e.at) this.deskState.set(e.desk, { open: e.type === 'desk.opened', at: e.at });
      return;
    }
    if (!e.ticketId) return;
    const t = this.tickets.get(e.ticketId) ?? newTicket(e.service);
    const before = phaseOf(t);
    this.uncount(t, before);
    applyTicketEvent(t, e);
    this.tickets.set(e.ticketId, t);
    const after = phaseOf(t);
    this.count(t, after);
    if (before !== after) this.sample(e.at);
  }

  /** Takes a ticket out of the aggregates before it changes… */
  private uncount(t: TicketState, phase: TicketPhase): void {
    if (phase === 'waiting') this.waiting.delete(t);
    if (t.issuedAt !== null) this.issuedCount--;
    if (t.servedAt !== null) {
      this.servedCount--;
      this.servedByService.set(t.service, this.servedByService.get(t.service)! - 1);
    }
  }

  /** …and puts it back after. */
  private count(t: TicketState, phase: TicketPhase): void {
    if (phase === 'waiting') this.waiting.add(t);
    if (t.issuedAt !== null) this.issuedCount++;
    if (t.servedAt !== null) {
      this.servedCount++;
      this.servedByService.set(t.service, (this.servedByService.get(t.service) ?? 0) + 1);
    }
  }

  /** Records the waiting count for the chart, one point per minute at most. */
  private sample(at: number): void {
    const waiting = this.waiting.size;
    const bucket = at - (at % SERIES_STEP_MS);
    const last = this.series[this.series.length - 1];
    if (last && last[0] === bucket) last[1] = waiting;
    else if (!last || last[0] < bucket) this.series.push([bucket, waiting]);
  }

  /** Read-only: the array is shared until the NIP's next punch (every summary reads every roster). */
  private countedPunches(nip: string): readonly number[] {
    const hit = this.counted.get(nip);
    if (hit) return hit;
    const list = this.punches.get(nip);
    if (!list) return [];
    const counted = countedPunches(list, this.setup.punchDebounceMs);
    this.counted.set(nip, counted);
    return counted;
  }

  roster(): RosterEntry[] {
    const hours = this.day.hours;
    return this.officersByName.map((o) => {
      const punches = this.countedPunches(o.nip);
      const { arrivedAt, leftAt, present } = attendanceOf(punches, this.outs.get(o.nip));
      return {
        nip: o.nip,
        name: o.name,
        position: o.position,
        desk: o.desk,
        arrivedAt,
        lateMinutes:
          arrivedAt !== null && hours
            ? lateMinutes(
                arrivedAt,
                this.hoursStart ?? epochAt(this.day.date, hours.start, this.setup.zone),
                this.setup.lateGraceMs,
              )
            : 0,
        leftAt,
        present,
        leave: this.leave.get(o.nip) ?? null,
      };
    });
  }

  private deviceList(now: number): DeviceLive[] {
    const limit = offlineLimitMs(this.setup.thresholds, this.setup.clockSpeed);
    return [...this.devices.values()]
      .sort((a, b) => a.id - b.id)
      .map((d) => ({ ...d, online: d.lastSeenAt !== null && now - d.lastSeenAt <= limit }));
  }

  private serviceList(): ServiceLive[] {
    const byService = new Map<string, ServiceLive>(
      this.setup.services.map((s) => [
        s.code,
        { code: s.code, name: s.name, waiting: 0, oldestWaitingSince: null, servedToday: 0 },
      ]),
    );
    for (const t of this.waiting) {
      const s = byService.get(t.service);
      if (!s) continue;
      s.waiting++;
      const since = waitingSince(t);
      if (since !== null && (s.oldestWaitingSince === null || since < s.oldestWaitingSince))
        s.oldestWaitingSince = since;
    }
    for (const [code, n] of this.servedByService) {
      const s = byService.get(code);
      if (s) s.servedToday += n;
    }
    return [...byService.values()];
  }

  private deskList(roster: RosterEntry[]): DeskLive[] {
    const byDesk = new Map(roster.filter((r) => r.desk).map((r) => [r.desk!, r]));
    return this.setup.desks.map((d) => {
      const state = this.deskState.get(d.code);
      const officer = byDesk.get(d.code);
      const seen = this.presence.get(d.code);
      return {
        code: d.code,
        name: d.name,
        services: d.services,
        open: state?.open ?? false,
        changedAt: state?.at ?? null,
        officerNip: officer?.nip ?? null,
        officerName: officer?.name ?? null,
        officerPresent: officer?.present ?? false,
        observedPresent: seen?.present ?? null,
        observedAt: seen?.at ?? null,
      };
    });
  }

  detail(now: number): KelurahanDetail {
    const roster = this.roster();
    const devices = this.deviceList(now);
    const services = this.serviceList();
    const desks = this.deskList(roster);
    return {
      summary: this.summarize(now, roster, devices, services, desks),
      desks,
      services,
      roster,
      devices,
      waitingSeries: this.series.map(([t, n]) => [t, n] as [number, number]),
    };
  }

  summary(now: number): KelurahanSummary {
    const roster = this.roster();
    return this.summarize(now, roster, this.deviceList(now), this.serviceList(), this.deskList(roster));
  }

  private summarize(
    now: number,
    roster: RosterEntry[],
    devices: DeviceLive[],
    services: ServiceLive[],
    desks: DeskLive[],
  ): KelurahanSummary {
    const working = this.day.kind === 'working';
    const onLeave = roster.filter((r) => r.leave !== null).length;
    const waiting = services.reduce((n, s) => n + s.waiting, 0);
    const oldest = services.reduce<number | null>(
      (m, s) =>
        s.oldestWaitingSince !== null && (m === null || s.oldestWaitingSince < m) ? s.oldestWaitingSince : m,
      null,
    );
    const servedToday = this.servedCount;
    const issuedToday = this.issuedCount;
    const counts = {
      staffExpected: working ? roster.length - onLeave : 0,
      staffPresent: roster.filter((r) => r.present).length,
      staffLate: roster.filter((r) => r.lateMinutes > 0).length,
      staffOnLeave: onLeave,
      desksOpen: desks.filter((d) => d.open).length,
      desksTotal: desks.length,
      waiting,
      oldestWaitingSince: oldest,
      servedToday,
      issuedToday,
      devicesOnline: devices.filter((d) => d.online).length,
      devicesTotal: devices.length,
    };
    const { status, reasons } = classify(counts, {
      now,
      day: this.day,
      zone: this.setup.zone,
      thresholds: this.setup.thresholds,
    });
    return {
      code: this.setup.code,
      kecamatanCode: this.setup.kecamatanCode,
      version: this.version,
      date: this.day.date,
      status,
      reasons,
      ...counts,
      updatedAt: this.updatedAt,
    };
  }
}
