import {
  OfficeLive,
  localDateOf,
  workingDay,
  type DetailPatch,
  type DetailSection,
  type KelurahanDetail,
  type KelurahanSummary,
  type LiveEvent,
  type RoomName,
} from '@pkk/core';
import type { Redis } from 'ioredis';
import type { Context } from '@pkk/platform/context';
import { channels } from '@pkk/platform/infra/redis';
import type { Announcement } from '../ingest/announce.ts';
import {
  loadDayEvents,
  loadDevices,
  loadLeave,
  loadOfficers,
  loadSequences,
} from '@pkk/platform/office/load';

/** A change to registry data (officers, leave, devices) of one office, announced by whoever made it. */
export interface RegistryChange {
  kelurahan: string;
  what: 'officers' | 'leave' | 'devices';
}

export interface LiveSink {
  summaries(room: RoomName, items: KelurahanSummary[], serverNow: number): void;
  detail(room: RoomName, patch: DetailPatch, serverNow: number): void;
  /** Whether anybody on this node watches a room (details are computed only for watched offices). */
  watched(room: RoomName): boolean;
}

const SECTIONS: DetailSection[] = ['desks', 'services', 'roster', 'devices', 'waitingSeries'];
const FLUSH_DELAY_MS = 15;
const TICK_MS = 5_000;

/**
 * The live state of every office on this api node. Each node builds it from PostgreSQL, then follows
 * the events ingest announces on Redis, and pushes what changed to its own socket.io clients. Nodes
 * need not talk to each other: they all see the same announcements.
 */
export class LiveHub {
  private offices = new Map<string, OfficeLive>();
  private dirty = new Set<string>();
  private lastSummary = new Map<string, string>();
  private lastSections = new Map<string, Map<DetailSection, string>>();
  private flushTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private buffering: Announcement[] | null = null;
  /** Per office: the last sequence number applied, announcements that came ahead of a missing one. */
  private seqs = new Map<string, number>();
  private ahead = new Map<string, { list: Announcement[]; timer: NodeJS.Timeout }>();
  /** Offices being re-read, with the announcements that arrived meanwhile. */
  private reloading = new Map<string, Announcement[]>();
  /** Offices behind the database at the last reconcile check, and how far the database was. */
  private behind = new Map<string, number>();
  private reconcileTimer: NodeJS.Timeout | null = null;
  /** Offices re-read because live state had missed something (gap or reconcile). */
  reloads = 0;
  private sub: Redis | null = null;
  ready = false;
  /** Latency of the last flush, from commit (in ingest) to push, for metrics and the bench. */
  onFlush: ((commitToPushMs: number[]) => void) | null = null;
  private pendingCommits: number[] = [];

  constructor(
    private readonly ctx: Context,
    private readonly sink: LiveSink,
  ) {
    const zone = ctx.policy.workHours.zone;
    const today = this.dayOf(ctx.clock.now());
    for (const k of ctx.policy.kelurahan) {
      this.offices.set(
        k.code,
        new OfficeLive(
          {
            code: k.code,
            kecamatanCode: k.kecamatanCode,
            desks: ctx.registry.desksOf(k.code),
            services: ctx.registry.servicesOf(k.code),
            zone,
            punchDebounceMs: ctx.policy.workHours.punchDebounceMinutes * 60_000,
            lateGraceMs: ctx.policy.workHours.lateGraceSeconds * 1000,
            thresholds: ctx.policy.thresholds,
            clockSpeed: ctx.clock.speed,
          },
          today,
        ),
      );
    }
  }

  private dayOf(now: number) {
    const zone = this.ctx.policy.workHours.zone;
    return workingDay(localDateOf(now, zone), this.ctx.policy.workHours, this.ctx.policy.holidays);
  }

  /** Subscribes first, then rebuilds, then applies what arrived meanwhile: nothing falls in between. */
  async start(): Promise<void> {
    this.sub = this.ctx.redis.create('subscriber', 'live-sub');
    const prefix = this.ctx.env.REDIS_PREFIX;
    this.sub.on('message', (channel: string, message: string) => {
      if (channel === channels.events(prefix)) this.onAnnouncement(JSON.parse(message) as Announcement);
      else if (channel === channels.registry(prefix))
        void this.onRegistryChange(JSON.parse(message) as RegistryChange);
    });
    let connectedBefore = false;
    this.sub.on('ready', () => {
      // After a lost connection, announcements may have been missed: rebuild from the database.
      if (connectedBefore)
        void this.rebuild().catch((err) => this.ctx.log.error({ err }, 'live rebuild failed'));
      connectedBefore = true;
    });
    await this.sub.subscribe(channels.events(prefix), channels.registry(prefix));
    await this.rebuild();
    this.ready = true;
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
    this.tickTimer.unref();
    this.reconcileTimer = setInterval(
      () => void this.reconcile().catch((err) => this.ctx.log.warn({ err }, 'live reconcile failed')),
      this.ctx.policy.thresholds.live.reconcileSeconds * 1000,
    );
    this.reconcileTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    for (const a of this.ahead.values()) clearTimeout(a.timer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.sub?.quit().catch(() => undefined);
  }

  async rebuild(): Promise<void> {
    this.buffering = [];
    const now = this.ctx.clock.now();
    const day = this.dayOf(now);
    const zone = this.ctx.policy.workHours.zone;
    // One snapshot: the sequence numbers say exactly which deliveries the events include.
    const { officers, leave, devices, events, seqs } = await this.ctx.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => ({
        officers: await loadOfficers(trx),
        leave: await loadLeave(trx, day.date),
        devices: await loadDevices(trx),
        events: await loadDayEvents(trx, day.date, zone, now),
        seqs: await loadSequences(trx),
      }));
    this.seqs = seqs;
    for (const a of this.ahead.values()) clearTimeout(a.timer);
    this.ahead.clear();
    this.behind.clear();
    for (const [code, office] of this.offices) {
      office.startDay(day);
      office.setOfficers(officers.get(code) ?? []);
      office.setLeave(leave.get(code) ?? new Map());
      office.setDevices(devices.get(code) ?? []);
      for (const e of events.get(code) ?? []) office.apply(e);
      this.dirty.add(code);
    }
    const buffered = this.buffering;
    this.buffering = null;
    for (const a of buffered) this.onAnnouncement(a);
    this.scheduleFlush();
  }

  private onAnnouncement(a: Announcement): void {
    if (this.buffering) {
      this.buffering.push(a);
      return;
    }
    const pending = this.reloading.get(a.k);
    if (pending) {
      pending.push(a);
      return;
    }
    if (!this.offices.has(a.k)) return;
    if (a.d?.length) this.applyList(a.k, a.d, null);
    if (!a.e.length) return;
    if (a.s === undefined) return this.applyList(a.k, a.e, a.c);
    const last = this.seqs.get(a.k) ?? 0;
    if (a.s <= last) return; // already in live state (read with the office)
    if (a.s === last + 1) {
      this.applyList(a.k, a.e, a.c);
      this.seqs.set(a.k, a.s);
      this.drainAhead(a.k);
      return;
    }
    // One is missing: it may only be late (two deliveries committed close together), or lost.
    let ahead = this.ahead.get(a.k);
    if (!ahead) {
      const timer = setTimeout(
        () => void this.reloadOffice(a.k),
        this.ctx.policy.thresholds.live.gapWaitMilliseconds,
      );
      timer.unref();
      ahead = { list: [], timer };
      this.ahead.set(a.k, ahead);
    }
    ahead.list.push(a);
  }

  /** `committedAt`: the commit time of new data, for the commit-to-push latency (null: no new data). */
  private applyList(code: string, events: LiveEvent[], committedAt: number | null): void {
    const office = this.offices.get(code)!;
    for (const e of events) office.apply(e);
    this.dirty.add(code);
    if (committedAt !== null) this.pendingCommits.push(committedAt);
    this.scheduleFlush();
  }

  /** Applies announcements that waited for a missing one, as far as they are now in order. */
  private drainAhead(code: string): void {
    const ahead = this.ahead.get(code);
    if (!ahead) return;
    ahead.list.sort((x, y) => x.s! - y.s!);
    while (ahead.list.length && ahead.list[0]!.s! <= (this.seqs.get(code) ?? 0) + 1) {
      const next = ahead.list.shift()!;
      if (next.s! === (this.seqs.get(code) ?? 0) + 1) {
        this.applyList(next.k, next.e, next.c);
        this.seqs.set(code, next.s!);
      }
    }
    if (!ahead.list.length) {
      clearTimeout(ahead.timer);
      this.ahead.delete(code);
    }
  }

  /**
   * Re-reads one office from the database (its day's events and sequence number in one snapshot),
   * when live state knows it missed an announcement; what arrives meanwhile is applied after.
   */
  async reloadOffice(code: string): Promise<void> {
    const office = this.offices.get(code);
    if (!office || this.reloading.has(code)) return;
    const ahead = this.ahead.get(code);
    if (ahead) clearTimeout(ahead.timer);
    this.ahead.delete(code);
    this.behind.delete(code);
    this.reloading.set(code, []);
    this.reloads += 1;
    try {
      const now = this.ctx.clock.now();
      const zone = this.ctx.policy.workHours.zone;
      const { events, seqs, leave } = await this.ctx.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => ({
          events: await loadDayEvents(trx, office.day.date, zone, now, code),
          seqs: await loadSequences(trx, code),
          leave: await loadLeave(trx, office.day.date, code),
        }));
      office.startDay(office.day);
      office.setLeave(leave.get(code) ?? new Map());
      for (const e of events.get(code) ?? []) office.apply(e);
      this.seqs.set(code, seqs.get(code) ?? 0);
      this.dirty.add(code);
      this.scheduleFlush();
      this.ctx.log.info(
        { kelurahan: code, seq: seqs.get(code) ?? 0 },
        'live state of an office re-read after a missed announcement',
      );
    } finally {
      const pending = this.reloading.get(code) ?? [];
      this.reloading.delete(code);
      for (const a of pending) this.onAnnouncement(a);
    }
  }

  /**
   * Compares every office's sequence number with the database's. An office behind at two checks in
   * a row (not merely overtaken by a commit in flight) missed an announcement: it is re-read.
   */
  async reconcile(): Promise<void> {
    if (this.buffering) return;
    const db = await loadSequences(this.ctx.db);
    for (const [code, seq] of db) {
      const mine = this.seqs.get(code) ?? 0;
      if (seq <= mine) {
        this.behind.delete(code);
        continue;
      }
      const before = this.behind.get(code);
      if (before !== undefined && mine < before) void this.reloadOffice(code);
      else this.behind.set(code, seq);
    }
  }

  /** The last sequence number applied for an office (tests, diagnostics). */
  seqOf(code: string): number {
    return this.seqs.get(code) ?? 0;
  }

  /** Called on every registry change announced by any node (e.g. to drop look-up caches). */
  registryListeners: ((change: RegistryChange) => void)[] = [];

  private async onRegistryChange(change: RegistryChange): Promise<void> {
    for (const l of this.registryListeners) l(change);
    const office = this.offices.get(change.kelurahan);
    if (!office) return;
    if (change.what === 'officers')
      office.setOfficers((await loadOfficers(this.ctx.db, change.kelurahan)).get(change.kelurahan) ?? []);
    else if (change.what === 'leave')
      office.setLeave(
        (await loadLeave(this.ctx.db, office.day.date, change.kelurahan)).get(change.kelurahan) ?? new Map(),
      );
    else office.setDevices((await loadDevices(this.ctx.db, change.kelurahan)).get(change.kelurahan) ?? []);
    this.dirty.add(change.kelurahan);
    this.scheduleFlush();
  }

  /** Announces a registry change to every api node (this one included). */
  async announceRegistryChange(change: RegistryChange, redis: Redis): Promise<void> {
    await redis.publish(channels.registry(this.ctx.env.REDIS_PREFIX), JSON.stringify(change));
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, FLUSH_DELAY_MS);
  }

  /** Time-driven changes: a new day, devices going quiet, waits crossing their targets. */
  private tick(): void {
    const now = this.ctx.clock.now();
    const day = this.dayOf(now);
    const first = this.offices.values().next().value;
    if (first && first.day.date !== day.date) {
      void this.rebuild().catch((err) => this.ctx.log.error({ err }, 'day rollover rebuild failed'));
      return;
    }
    for (const code of this.offices.keys()) this.dirty.add(code);
    this.flush();
  }

  private flush(): void {
    const now = this.ctx.clock.now();
    const changed: KelurahanSummary[] = [];
    for (const code of this.dirty) {
      const office = this.offices.get(code)!;
      const room = `kelurahan:${code}` as RoomName;
      if (this.sink.watched(room)) {
        const detail = office.detail(now);
        const summaryChanged = this.summaryChanged(detail.summary);
        const patch = this.diffDetail(code, detail, summaryChanged);
        if (patch) this.sink.detail(room, patch, now);
        if (summaryChanged) changed.push(detail.summary);
      } else {
        this.lastSections.delete(code);
        const summary = office.summary(now);
        if (this.summaryChanged(summary)) changed.push(summary);
      }
    }
    this.dirty.clear();
    if (changed.length) {
      this.sink.summaries('city', changed, now);
      const byKecamatan = new Map<string, KelurahanSummary[]>();
      for (const s of changed)
        byKecamatan.set(s.kecamatanCode, [...(byKecamatan.get(s.kecamatanCode) ?? []), s]);
      for (const [kec, items] of byKecamatan) this.sink.summaries(`kecamatan:${kec}` as RoomName, items, now);
    }
    if (this.pendingCommits.length && this.onFlush) {
      const t = Date.now();
      this.onFlush(this.pendingCommits.map((c) => t - c));
    }
    this.pendingCommits = [];
  }

  /** A summary is pushed when anything but its version and update time changed. */
  private summaryChanged(s: KelurahanSummary): boolean {
    const { version: _v, updatedAt: _u, ...rest } = s;
    const key = JSON.stringify(rest);
    if (this.lastSummary.get(s.code) === key) return false;
    this.lastSummary.set(s.code, key);
    return true;
  }

  private diffDetail(code: string, d: KelurahanDetail, summaryChanged: boolean): DetailPatch | null {
    const last = this.lastSections.get(code) ?? new Map<DetailSection, string>();
    const patch: DetailPatch = { summary: d.summary };
    let any = false;
    for (const s of SECTIONS) {
      const json = JSON.stringify(d[s]);
      if (last.get(s) !== json) {
        last.set(s, json);
        (patch as Record<string, unknown>)[s] = d[s];
        any = true;
      }
    }
    this.lastSections.set(code, last);
    return any || summaryChanged ? patch : null;
  }

  summaries(filter: (s: KelurahanSummary) => boolean = () => true): KelurahanSummary[] {
    const now = this.ctx.clock.now();
    return [...this.offices.values()].map((o) => o.summary(now)).filter(filter);
  }

  detail(code: string): KelurahanDetail | null {
    return this.offices.get(code)?.detail(this.ctx.clock.now()) ?? null;
  }

  /**
   * The snapshot a client gets on joining a kelurahan room. If nobody watched that office before, it
   * also becomes the base of the next diff, so the first push after joining carries only real changes.
   */
  snapshotForJoin(code: string): KelurahanDetail | null {
    const detail = this.detail(code);
    if (detail && !this.lastSections.has(code)) {
      this.lastSections.set(code, new Map(SECTIONS.map((s) => [s, JSON.stringify(detail[s])])));
    }
    return detail;
  }
}
