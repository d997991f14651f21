import {
  OfficeLive,
  type KelurahanDetail,
  type KelurahanSummary,
  type LiveEvent,
  type RegistryChange,
} from '@pkk/core';
import type { Redis } from 'ioredis';
import type { Context } from '@pkk/platform/context';
import { followBus, publishMessage } from '@pkk/platform/infra/bus';
import { loadDevices, loadLeave, loadOfficers, loadSequences } from '@pkk/platform/office/load';
import { LivePusher, type LiveSink } from './pusher.ts';
import { Sequencer } from './sequencer.ts';
import { dayOf, readCity, readOffice } from './snapshot.ts';

export type { LiveSink, RegistryChange };

const TICK_MS = 5_000;

/**
 * The live state of every office on this api node. Each node builds it from PostgreSQL
 * (./snapshot.ts), then follows the events ingest announces on Redis in each office's order
 * (./sequencer.ts), and pushes what changed to its own socket.io clients (./pusher.ts). Nodes need
 * not talk to each other: they all see the same announcements.
 */
export class LiveHub {
  private offices = new Map<string, OfficeLive>();
  private readonly pusher: LivePusher;
  private readonly sequencer: Sequencer;
  private tickTimer: NodeJS.Timeout | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  /** Offices re-read because live state had missed something (gap or reconcile). */
  reloads = 0;
  private sub: Redis | null = null;
  ready = false;

  constructor(
    private readonly ctx: Context,
    sink: LiveSink,
  ) {
    const zone = ctx.policy.workHours.zone;
    const today = dayOf(ctx, ctx.clock.now());
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
    this.pusher = new LivePusher(sink, this.offices, () => ctx.clock.now());
    this.sequencer = new Sequencer(
      {
        apply: (code, events, committedAt) => this.apply(code, events, committedAt),
        reload: (code) => void this.reloadOffice(code),
        gapWaitMs: ctx.policy.thresholds.live.gapWaitMilliseconds,
      },
      (code) => this.offices.has(code),
    );
  }

  /** Latency of the last flush, from commit (in ingest) to push, for metrics and the bench. */
  set onFlush(f: ((commitToPushMs: number[]) => void) | null) {
    this.pusher.onFlush = f;
  }

  /** Subscribes first, then rebuilds, then applies what arrived meanwhile: nothing falls in between. */
  async start(): Promise<void> {
    this.sub = this.ctx.redis.create('subscriber', 'live-sub');
    let connectedBefore = false;
    this.sub.on('ready', () => {
      // After a lost connection, announcements may have been missed: rebuild from the database.
      if (connectedBefore)
        void this.rebuild().catch((err) => this.ctx.log.error({ err }, 'live rebuild failed'));
      connectedBefore = true;
    });
    await followBus(
      this.sub,
      this.ctx.env.REDIS_PREFIX,
      {
        'live:events': (a) => this.sequencer.receive(a),
        'live:registry': (change) => this.onRegistryChange(change),
      },
      this.ctx.log,
    );
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
    this.sequencer.stop();
    this.pusher.stop();
    await this.sub?.quit().catch(() => undefined);
  }

  /** Builds every office's state of the day from the database. */
  async rebuild(): Promise<void> {
    this.sequencer.beginRebuild();
    const city = await readCity(this.ctx, this.ctx.clock.now());
    for (const [code, office] of this.offices) {
      office.startDay(city.day);
      office.setOfficers(city.officers.get(code) ?? []);
      office.setLeave(city.leave.get(code) ?? new Map());
      office.setDevices(city.devices.get(code) ?? []);
      for (const e of city.events.get(code) ?? []) office.apply(e);
      this.pusher.changed(code);
    }
    this.sequencer.endRebuild(city.seqs);
  }

  /** `committedAt`: the commit time of new data, for the commit-to-push latency (null: no new data). */
  private apply(code: string, events: LiveEvent[], committedAt: number | null): void {
    const office = this.offices.get(code)!;
    for (const e of events) office.apply(e);
    this.pusher.changed(code, committedAt);
  }

  /**
   * Re-reads one office from the database (its day's events and sequence number in one snapshot),
   * when live state knows it missed an announcement; what arrives meanwhile is applied after.
   */
  async reloadOffice(code: string): Promise<void> {
    const office = this.offices.get(code);
    if (!office || !this.sequencer.beginReload(code)) return;
    this.reloads += 1;
    let seq: number | undefined;
    try {
      const read = await readOffice(this.ctx, code, office.day);
      office.startDay(office.day);
      office.setLeave(read.leave);
      for (const e of read.events) office.apply(e);
      seq = read.seq;
      this.pusher.changed(code);
      this.ctx.log.info(
        { kelurahan: code, seq },
        'live state of an office re-read after a missed announcement',
      );
    } finally {
      this.sequencer.endReload(code, seq);
    }
  }

  /** Compares every office's sequence number with the database's; re-reads an office left behind. */
  async reconcile(): Promise<void> {
    if (this.sequencer.rebuilding) return;
    this.sequencer.checkBehind(await loadSequences(this.ctx.db));
  }

  /** The last sequence number applied for an office (tests, diagnostics). */
  seqOf(code: string): number {
    return this.sequencer.seqOf(code);
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
    this.pusher.changed(change.kelurahan);
  }

  /** Announces a registry change to every api node (this one included). */
  async announceRegistryChange(change: RegistryChange, redis: Redis): Promise<void> {
    await publishMessage(redis, this.ctx.env.REDIS_PREFIX, 'live:registry', change);
  }

  /** Time-driven changes: a new day, devices going quiet, waits crossing their targets. */
  private tick(): void {
    const day = dayOf(this.ctx, this.ctx.clock.now());
    const first = this.offices.values().next().value;
    if (first && first.day.date !== day.date) {
      void this.rebuild().catch((err) => this.ctx.log.error({ err }, 'day rollover rebuild failed'));
      return;
    }
    this.pusher.flushAll();
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
    if (detail) this.pusher.baseForJoin(code, detail);
    return detail;
  }
}
