import type { DeviceConditions, Interval } from '../plan/types.ts';

/** One item on its way out of a device. */
export interface FeedItem<T> {
  /** When it happened (simulated epoch ms). */
  at: number;
  /** When the device can send it: `at`, or the end of the outage it happened in. */
  sendAt: number;
  /** The time the device writes on it: its own clock, which a scenario may set wrong. */
  deviceTime: number;
  item: T;
}

/**
 * What one device still has to send, in order. A device that is offline keeps what happens in the
 * outage and releases it when the link is back, oldest first, as terminals and kiosks do.
 */
export class Feed<T> {
  private items: FeedItem<T>[] = [];
  private head = 0;
  private outages: Interval[] = [];

  add(items: { at: number; item: T }[], conditions: DeviceConditions): void {
    this.outages.push(...conditions.offline);
    const added = items.map((x) => ({
      at: x.at,
      sendAt: this.releaseTime(x.at),
      deviceTime: x.at + conditions.skewMs,
      item: x.item,
    }));
    this.items = [...this.items.slice(this.head), ...added].sort(
      (a, b) => a.sendAt - b.sendAt || a.at - b.at,
    );
    this.head = 0;
  }

  private releaseTime(at: number): number {
    let t = at;
    // Outages may chain: an item released into another outage waits for that one too.
    for (let moved = true; moved;) {
      moved = false;
      for (const o of this.outages) {
        if (t >= o.from && t < o.to) {
          t = o.to;
          moved = true;
        }
      }
    }
    return t;
  }

  offline(now: number): boolean {
    return this.outages.some((o) => now >= o.from && now < o.to);
  }

  /** Takes up to `max` items that can go by `now`. */
  take(now: number, max: number): FeedItem<T>[] {
    const out: FeedItem<T>[] = [];
    while (out.length < max && this.head < this.items.length && this.items[this.head]!.sendAt <= now)
      out.push(this.items[this.head++]!);
    if (this.head > 4096) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** Puts a batch that did not go through back at the front. */
  putBack(batch: FeedItem<T>[]): void {
    this.items = [...batch, ...this.items.slice(this.head)];
    this.head = 0;
  }

  /** Whether at least `n` items (n ≥ 1) could go by `now`. */
  hasDue(now: number, n = 1): boolean {
    const item = this.items[this.head + n - 1];
    return item !== undefined && item.sendAt <= now;
  }

  /** How many items could go by `now` (a full count: for summaries, not for the hot path). */
  dueCount(now: number): number {
    let n = 0;
    for (let i = this.head; i < this.items.length && this.items[i]!.sendAt <= now; i++) n++;
    return n;
  }

  /** When the oldest item still to send can go (simulated epoch ms); Infinity when none is left. */
  nextSendAt(): number {
    return this.items[this.head]?.sendAt ?? Infinity;
  }

  /** Drops the items that could go before `t`: a resumed run delivered them before it stopped. */
  dropBefore(t: number): void {
    this.items = this.items.slice(this.head).filter((x) => x.sendAt >= t);
    this.head = 0;
  }

  get pending(): number {
    return this.items.length - this.head;
  }

  /** Drops outages that ended long ago (the feed lives for many simulated days). */
  forgetBefore(t: number): void {
    this.outages = this.outages.filter((o) => o.to >= t);
  }
}
