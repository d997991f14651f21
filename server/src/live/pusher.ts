import type {
  DetailPatch,
  DetailSection,
  KelurahanDetail,
  KelurahanSummary,
  OfficeLive,
  RoomName,
} from '@pkk/core';

export interface LiveSink {
  summaries(room: RoomName, items: KelurahanSummary[], serverNow: number): void;
  detail(room: RoomName, patch: DetailPatch, serverNow: number): void;
  /** Whether anybody on this node watches a room (details are computed only for watched offices). */
  watched(room: RoomName): boolean;
}

const SECTIONS: DetailSection[] = ['desks', 'services', 'roster', 'devices', 'waitingSeries'];
const FLUSH_DELAY_MS = 15;

/**
 * Pushes what changed in live state to this node's socket rooms: offices marked dirty are flushed
 * together a moment later (many events of one delivery, one push), a summary only when it changed,
 * an office's detail only to a room somebody watches and only the sections that changed.
 */
export class LivePusher {
  private dirty = new Set<string>();
  private lastSummary = new Map<string, string>();
  private lastSections = new Map<string, Map<DetailSection, string>>();
  private flushTimer: NodeJS.Timeout | null = null;
  private pendingCommits: number[] = [];
  /** Latency of the last flush, from commit (in ingest) to push, for metrics and the bench. */
  onFlush: ((commitToPushMs: number[]) => void) | null = null;

  constructor(
    private readonly sink: LiveSink,
    private readonly offices: ReadonlyMap<string, OfficeLive>,
    private readonly now: () => number,
  ) {}

  /** An office changed; `committedAt`: the commit time of new data it received, for the latency. */
  changed(code: string, committedAt: number | null = null): void {
    this.dirty.add(code);
    if (committedAt !== null) this.pendingCommits.push(committedAt);
    this.schedule();
  }

  /** Every office is looked at again now (time-driven changes). */
  flushAll(): void {
    for (const code of this.offices.keys()) this.dirty.add(code);
    this.flush();
  }

  private schedule(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, FLUSH_DELAY_MS);
  }

  private flush(): void {
    const now = this.now();
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

  /**
   * The detail a client gets on joining an office's room. If nobody watched that office before, it
   * also becomes the base of the next diff, so the first push after joining carries only real changes.
   */
  baseForJoin(code: string, detail: KelurahanDetail): void {
    if (!this.lastSections.has(code))
      this.lastSections.set(code, new Map(SECTIONS.map((s) => [s, JSON.stringify(detail[s])])));
  }

  stop(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }
}
