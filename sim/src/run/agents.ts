import type { DeviceKind } from '@pkk/core';
import type { AdmsTerminal, AttlogRecord } from '../devices/adms-terminal.ts';
import type { JsonDevice } from '../devices/json-device.ts';
import { backoffMs, RetryableError, StoppedError, type Log } from '../http/client.ts';
import type { PunchItem } from '../plan/types.ts';
import { Feed, type FeedItem } from './feed.ts';
import type { Pace } from './pace.ts';
import { addResult, type SimStats } from './stats.ts';

/**
 * One simulated device of one office, polled by the scheduler every ~100 ms of real time. It sends
 * what is due on its feed in batches, keeps the batch and backs off when the server cannot take it,
 * stays silent while its scenario says it is offline, and says "still here" when idle.
 */
export abstract class Agent<T> {
  readonly feed = new Feed<T>();
  protected busy = false;
  protected retryAt = 0;
  protected failures = 0;
  protected nextFlush: number;
  protected lastContact = 0;
  /** The batch taken from the feed and not yet settled (delivered, or put back). */
  protected sending: FeedItem<T>[] = [];

  constructor(
    readonly code: string,
    readonly kind: DeviceKind,
    readonly name: string,
    protected readonly stats: SimStats,
    protected readonly pace: Pace,
    protected readonly log: Log,
  ) {
    // Staggered, so that 300 devices do not all speak in the same instant.
    this.nextFlush = Date.now() + Math.random() * pace.flushMs;
  }

  get idle(): boolean {
    return !this.busy;
  }

  /**
   * The earliest send time of what it has not delivered yet, in flight or waiting (Infinity: none):
   * everything due before it reached the server.
   */
  undeliveredFrom(): number {
    return Math.min(this.sending[0]?.sendAt ?? Infinity, this.feed.nextSendAt());
  }

  /** Takes the next batch off the feed; it counts as undelivered until the turn settles. */
  protected takeBatch(limit: number): FeedItem<T>[] {
    this.sending = this.feed.take(limit, this.pace.batchMax);
    return this.sending;
  }

  /** Whether it still owes the server something it could send by `limit`. */
  owes(limit: number): boolean {
    return this.feed.hasDue(limit);
  }

  /** Starts a turn if one is due; the scheduler keeps the promise. */
  abstract poll(now: number, limit: number, real: number): Promise<void> | null;

  protected run(turn: () => Promise<void>): Promise<void> {
    this.busy = true;
    return turn()
      .catch((err: unknown) => {
        if (err instanceof StoppedError) return;
        // Only unexpected errors get here (a bug, not the network): keep going, say so.
        this.log('error', `${this.code} ${this.name}: ${(err as Error).stack ?? String(err)}`);
        this.retryAt = Date.now() + backoffMs(this.failures++);
      })
      .finally(() => {
        // Delivered, put back, or (an unexpected error) lost: no longer in flight either way.
        this.sending = [];
        this.busy = false;
      });
  }

  /** A delivery failed in a way a retry can fix: keep the batch, wait, try again. */
  protected failed(err: RetryableError, batch: FeedItem<T>[]): void {
    this.feed.putBack(batch);
    if (this.failures === 0) this.log('warn', `${this.code} ${this.name}: ${err.message}; will retry`);
    this.retryAt = Date.now() + backoffMs(this.failures++);
    this.stats.http.retries++;
  }

  protected succeeded(): void {
    if (this.failures > 0)
      this.log('info', `${this.code} ${this.name}: delivering again after ${this.failures} failed attempts`);
    this.failures = 0;
    this.lastContact = Date.now();
  }
}

/** A JSON ingest device: attendance gateway, queue kiosk or camera analytics. */
export class JsonAgent<T> extends Agent<T> {
  constructor(
    code: string,
    name: string,
    private readonly device: JsonDevice,
    private readonly render: (x: FeedItem<T>) => unknown,
    stats: SimStats,
    pace: Pace,
    log: Log,
  ) {
    super(code, device.kind, name, stats, pace, log);
  }

  poll(now: number, limit: number, real: number): Promise<void> | null {
    if (this.busy || real < this.retryAt || this.feed.offline(now)) return null;
    if (real < this.nextFlush && !this.feed.hasDue(limit, this.pace.batchMax)) return null;
    this.nextFlush = real + this.pace.flushMs;
    const batch = this.takeBatch(limit);
    if (!batch.length && real - this.lastContact < this.pace.keepaliveMs) return null;
    return this.run(() => this.deliver(batch));
  }

  private async deliver(batch: FeedItem<T>[]): Promise<void> {
    const channel = this.stats.channels[this.kind];
    try {
      const d = await this.device.post(batch.map(this.render));
      this.succeeded();
      if (!batch.length) this.stats.keepalives++;
      if (d.ok) addResult(channel, batch.length, d.result);
      else {
        channel.dropped += batch.length;
        this.log(
          'error',
          `${this.code} ${this.name}: HTTP ${d.status}, ${batch.length} items dropped: ${d.reason}`,
        );
      }
    } catch (err) {
      if (err instanceof RetryableError) this.failed(err, batch);
      else if (err instanceof StoppedError) this.feed.putBack(batch);
      else throw err;
    }
  }
}

/**
 * An ADMS terminal: handshake at power-on and whenever its link comes back, a heartbeat every
 * `Delay`, punches uploaded as soon as they happen (`Realtime=1`).
 */
export class AdmsAgent extends Agent<PunchItem> {
  private needsHandshake = true;
  private lastHeartbeat: number;

  constructor(
    code: string,
    name: string,
    private readonly terminal: AdmsTerminal,
    stats: SimStats,
    pace: Pace,
    log: Log,
  ) {
    super(code, 'attendance', name, stats, pace, log);
    this.lastHeartbeat = Date.now() - Math.random() * pace.heartbeatMs(10);
  }

  poll(now: number, limit: number, real: number): Promise<void> | null {
    if (this.busy || real < this.retryAt) return null;
    if (this.feed.offline(now)) {
      // Link down: no heartbeat, punches stay in the terminal's memory.
      this.needsHandshake = true;
      return null;
    }
    const heartbeatDue =
      real - this.lastHeartbeat >= this.pace.heartbeatMs(this.terminal.options?.delaySec ?? 10);
    if (!this.needsHandshake && !heartbeatDue && !this.feed.hasDue(limit)) return null;
    return this.run(() => this.turn(limit, heartbeatDue));
  }

  private async turn(limit: number, heartbeatDue: boolean): Promise<void> {
    let batch: FeedItem<PunchItem>[] = [];
    try {
      if (this.needsHandshake) {
        await this.terminal.handshake();
        this.stats.adms.handshakes++;
        this.needsHandshake = false;
      }
      batch = this.takeBatch(limit);
      if (batch.length) {
        const records: AttlogRecord[] = batch.map((x) => ({
          pin: x.item.pin,
          deviceTime: x.deviceTime,
          status: x.item.status,
          verify: x.item.verify,
        }));
        const stored = await this.terminal.upload(records);
        this.stats.adms.linesSent += batch.length;
        this.stats.adms.stored += stored;
        this.stats.channels.attendance.sent += batch.length;
        batch = [];
      }
      if (heartbeatDue) {
        this.stats.adms.commands += await this.terminal.heartbeat();
        this.stats.adms.heartbeats++;
        this.lastHeartbeat = Date.now();
      }
      this.succeeded();
    } catch (err) {
      if (err instanceof RetryableError) this.failed(err, batch);
      else if (err instanceof StoppedError) this.feed.putBack(batch);
      else throw err;
    }
  }
}
