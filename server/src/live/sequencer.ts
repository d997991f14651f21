import type { Announcement, LiveEvent } from '@pkk/core';

export interface SequencerHooks {
  /** Applies events to an office's live state; `committedAt`: commit time of new data, null for none. */
  apply(code: string, events: LiveEvent[], committedAt: number | null): void;
  /** Re-reads an office from the database: it missed an announcement (a gap, or behind the database). */
  reload(code: string): void;
  /** Real ms to wait for a missing announcement before re-reading the office. */
  gapWaitMs: number;
}

/**
 * Puts each office's numbered announcements in order. The database numbers every delivery of an
 * office (`office_sequence`); live state applies them one after the other, holds those that arrive
 * ahead of a missing one for a moment, and asks for the office to be re-read when the missing one
 * does not come or when the database is ahead at two checks in a row. Unnumbered news (a device was
 * seen) is applied at once. Announcements that arrive while the city or an office is being re-read
 * wait, and are applied after it.
 */
export class Sequencer {
  /** Per office: the last sequence number applied, announcements that came ahead of a missing one. */
  private seqs = new Map<string, number>();
  private ahead = new Map<string, { list: Announcement[]; timer: NodeJS.Timeout }>();
  /** Offices being re-read, with the announcements that arrived meanwhile. */
  private reloading = new Map<string, Announcement[]>();
  /** Offices behind the database at the last check, and how far the database was. */
  private behind = new Map<string, number>();
  /** Set while the whole city is being re-read: everything waits. */
  private buffering: Announcement[] | null = null;

  constructor(
    private readonly hooks: SequencerHooks,
    private readonly known: (code: string) => boolean,
  ) {}

  /** The last sequence number applied for an office. */
  seqOf(code: string): number {
    return this.seqs.get(code) ?? 0;
  }

  /** Whether the whole city is being re-read. */
  get rebuilding(): boolean {
    return this.buffering !== null;
  }

  /** The whole city is about to be re-read: hold every announcement until `endRebuild`. */
  beginRebuild(): void {
    this.buffering = [];
  }

  /** The city was re-read at these sequence numbers: forget what was held back, apply what arrived meanwhile. */
  endRebuild(seqs: Map<string, number>): void {
    this.seqs = seqs;
    this.clearAhead();
    this.behind.clear();
    const buffered = this.buffering ?? [];
    this.buffering = null;
    for (const a of buffered) this.receive(a);
  }

  /** One office is about to be re-read; false when it is already being re-read. */
  beginReload(code: string): boolean {
    if (this.reloading.has(code)) return false;
    const ahead = this.ahead.get(code);
    if (ahead) clearTimeout(ahead.timer);
    this.ahead.delete(code);
    this.behind.delete(code);
    this.reloading.set(code, []);
    return true;
  }

  /** The office was re-read at `seq` (undefined: the read failed); what arrived meanwhile is applied. */
  endReload(code: string, seq: number | undefined): void {
    if (seq !== undefined) this.seqs.set(code, seq);
    const pending = this.reloading.get(code) ?? [];
    this.reloading.delete(code);
    for (const a of pending) this.receive(a);
  }

  receive(a: Announcement): void {
    if (this.buffering) {
      this.buffering.push(a);
      return;
    }
    const pending = this.reloading.get(a.k);
    if (pending) {
      pending.push(a);
      return;
    }
    if (!this.known(a.k)) return;
    if (a.d?.length) this.hooks.apply(a.k, a.d, null);
    if (!a.e.length) return;
    if (a.s === undefined) return this.hooks.apply(a.k, a.e, a.c);
    const last = this.seqOf(a.k);
    if (a.s <= last) return; // already in live state (read with the office)
    if (a.s === last + 1) {
      this.hooks.apply(a.k, a.e, a.c);
      this.seqs.set(a.k, a.s);
      this.drainAhead(a.k);
      return;
    }
    // One is missing: it may only be late (two deliveries committed close together), or lost.
    let ahead = this.ahead.get(a.k);
    if (!ahead) {
      const timer = setTimeout(() => this.hooks.reload(a.k), this.hooks.gapWaitMs);
      timer.unref();
      ahead = { list: [], timer };
      this.ahead.set(a.k, ahead);
    }
    ahead.list.push(a);
  }

  /** Applies announcements that waited for a missing one, as far as they are now in order. */
  private drainAhead(code: string): void {
    const ahead = this.ahead.get(code);
    if (!ahead) return;
    ahead.list.sort((x, y) => x.s! - y.s!);
    while (ahead.list.length && ahead.list[0]!.s! <= this.seqOf(code) + 1) {
      const next = ahead.list.shift()!;
      if (next.s! === this.seqOf(code) + 1) {
        this.hooks.apply(next.k, next.e, next.c);
        this.seqs.set(code, next.s!);
      }
    }
    if (!ahead.list.length) {
      clearTimeout(ahead.timer);
      this.ahead.delete(code);
    }
  }

  /**
   * Compares every office's sequence number with the database's. An office behind at two checks in
   * a row (not merely overtaken by a commit in flight) missed an announcement: it is re-read.
   */
  checkBehind(db: Map<string, number>): void {
    if (this.buffering) return;
    for (const [code, seq] of db) {
      const mine = this.seqOf(code);
      if (seq <= mine) {
        this.behind.delete(code);
        continue;
      }
      const before = this.behind.get(code);
      if (before !== undefined && mine < before) this.hooks.reload(code);
      else this.behind.set(code, seq);
    }
  }

  private clearAhead(): void {
    for (const a of this.ahead.values()) clearTimeout(a.timer);
    this.ahead.clear();
  }

  stop(): void {
    this.clearAhead();
  }
}
