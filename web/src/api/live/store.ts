import type { DetailPatch, FindingChange, KelurahanDetail, KelurahanSummary, RoomName } from '@pkk/core';
import { statusWithFinding } from '../../lib/finding-status.ts';
import { TICKER_LENGTH, diffSummary, type TickerEntry } from '../../lib/ticker.ts';

export type RoomError = { code: string; message: string };

interface RoomBase {
  /** loading until the first snapshot; error when the server refused the room. */
  phase: 'loading' | 'ready' | 'error';
  error: RoomError | null;
  /** Browser time (Date.now) of the last snapshot or change. */
  receivedAt: number | null;
}
export interface SummaryRoomState extends RoomBase {
  kind: 'summaries';
  items: ReadonlyMap<string, KelurahanSummary>;
}
export interface DetailRoomState extends RoomBase {
  kind: 'detail';
  detail: KelurahanDetail | null;
}
export type RoomState = SummaryRoomState | DetailRoomState;

/** What changed in a room: every office (a snapshot) or these ones. */
export type RoomChange = { all: true } | { all: false; items: KelurahanSummary[] };

export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'offline' | 'unauthorized';
export interface ConnectionState {
  status: ConnectionStatus;
  /** Browser time the status last changed. */
  since: number;
  /** Browser time up to which the data shown is known current: now when online, else when the link went down. */
  currentAt: number | null;
  /** Failed attempts since the last good connection. */
  attempt: number;
  nextRetryAt: number | null;
}

const isDetailRoom = (room: RoomName) => room.startsWith('kelurahan:');

function emptyRoom(room: RoomName): RoomState {
  return isDetailRoom(room)
    ? { kind: 'detail', phase: 'loading', error: null, receivedAt: null, detail: null }
    : { kind: 'summaries', phase: 'loading', error: null, receivedAt: null, items: new Map() };
}

type Listener = () => void;

/**
 * Live state by room, read by views through useSyncExternalStore. Every room has its own listeners so
 * that a message re-renders only what shows that room; the map listens to per-office changes instead
 * and restyles only the polygons that changed. Messages are applied in arrival order (socket.io keeps
 * order per connection); a snapshot replaces a room, so a reconnect catches up in one step.
 */
export class LiveStore {
  private rooms = new Map<RoomName, RoomState>();
  private roomListeners = new Map<RoomName, Set<Listener>>();
  private changeListeners = new Map<RoomName, Set<(c: RoomChange) => void>>();
  private tickers = new Map<RoomName, readonly TickerEntry[]>();
  private tickerListeners = new Map<RoomName, Set<Listener>>();
  private connection: ConnectionState = {
    status: 'idle',
    since: Date.now(),
    currentAt: null,
    attempt: 0,
    nextRetryAt: null,
  };
  private connectionListeners = new Set<Listener>();
  private tickerSeq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  // --- reading ---------------------------------------------------------------------------------

  room(room: RoomName): RoomState {
    let s = this.rooms.get(room);
    if (!s) {
      s = emptyRoom(room);
      this.rooms.set(room, s);
    }
    return s;
  }

  subscribeRoom(room: RoomName, l: Listener): () => void {
    return addTo(this.roomListeners, room, l);
  }

  subscribeChanges(room: RoomName, l: (c: RoomChange) => void): () => void {
    return addTo(this.changeListeners, room, l);
  }

  ticker(room: RoomName): readonly TickerEntry[] {
    return this.tickers.get(room) ?? EMPTY;
  }

  subscribeTicker(room: RoomName, l: Listener): () => void {
    return addTo(this.tickerListeners, room, l);
  }

  getConnection = (): ConnectionState => this.connection;

  subscribeConnection = (l: Listener): (() => void) => {
    this.connectionListeners.add(l);
    return () => this.connectionListeners.delete(l);
  };

  // --- writing (the socket client calls these) -------------------------------------------------

  setConnection(patch: Partial<ConnectionState>): void {
    const next = { ...this.connection, ...patch };
    if (patch.status && patch.status !== this.connection.status) next.since = this.now();
    if (next.status === 'online') next.currentAt = this.now();
    // Going down: what is shown was current until this moment.
    else if (this.connection.status === 'online') next.currentAt = this.now();
    this.connection = next;
    for (const l of this.connectionListeners) l();
  }

  /** Marks the data current (while online, any message proves it). */
  private touch(): void {
    if (this.connection.status === 'online') this.connection = { ...this.connection, currentAt: this.now() };
  }

  snapshotSummaries(room: RoomName, items: KelurahanSummary[]): void {
    this.set(room, {
      kind: 'summaries',
      phase: 'ready',
      error: null,
      receivedAt: this.now(),
      items: new Map(items.map((s) => [s.code, s])),
    });
    this.emitChange(room, { all: true });
  }

  snapshotDetail(room: RoomName, detail: KelurahanDetail): void {
    this.set(room, { kind: 'detail', phase: 'ready', error: null, receivedAt: this.now(), detail });
    this.emitChange(room, { all: true });
  }

  applySummaries(room: RoomName, items: KelurahanSummary[], serverNow: number): void {
    const prev = this.room(room);
    if (prev.kind !== 'summaries' || !items.length) return;
    const next = new Map(prev.items);
    const facts: TickerEntry[] = [];
    for (const s of items) {
      const fact = diffSummary(next.get(s.code), s);
      if (fact) facts.push({ ...fact, id: ++this.tickerSeq, at: serverNow, code: s.code, status: s.status });
      next.set(s.code, s);
    }
    this.set(room, { ...prev, phase: 'ready', receivedAt: this.now(), items: next });
    this.emitChange(room, { all: false, items });
    if (facts.length) this.pushTicker(room, facts);
  }

  applyDetail(room: RoomName, patch: DetailPatch, serverNow: number): void {
    const prev = this.room(room);
    if (prev.kind !== 'detail' || !prev.detail) return;
    const old = prev.detail.summary;
    const detail: KelurahanDetail = { ...prev.detail, ...patch };
    this.set(room, { ...prev, receivedAt: this.now(), detail });
    this.emitChange(room, { all: false, items: [patch.summary] });
    const fact = diffSummary(old, patch.summary);
    if (fact)
      this.pushTicker(room, [
        {
          ...fact,
          id: ++this.tickerSeq,
          at: serverNow,
          code: patch.summary.code,
          status: patch.summary.status,
        },
      ]);
  }

  /** Findings that opened (warnings and worse) join the room's ticker, in the colour they give the office (as on the map). */
  applyFindings(room: RoomName, changes: FindingChange[], serverNow: number): void {
    const prev = this.room(room);
    const statusOf = (code: string) =>
      prev.kind === 'summaries'
        ? prev.items.get(code)?.status
        : prev.detail?.summary.code === code
          ? prev.detail.summary.status
          : undefined;
    const facts: TickerEntry[] = changes
      .filter((c) => c.action === 'opened' && c.finding.severity !== 'info')
      .map((c) => ({
        kind: 'finding' as const,
        finding: c.finding.kind,
        severity: c.finding.severity,
        id: ++this.tickerSeq,
        at: c.finding.openedAt || serverNow,
        code: c.finding.subject.kelurahan,
        status: statusWithFinding(statusOf(c.finding.subject.kelurahan), c.finding.severity),
      }));
    if (facts.length) this.pushTicker(room, facts);
  }

  fail(room: RoomName, error: RoomError): void {
    this.set(room, { ...this.room(room), phase: 'error', error });
  }

  /** Forgets a room nobody watches any more. */
  drop(room: RoomName): void {
    this.rooms.delete(room);
    this.tickers.delete(room);
  }

  /** Signing out: nothing of the last user stays in memory. */
  reset(): void {
    const rooms = [...this.rooms.keys()];
    this.rooms.clear();
    this.tickers.clear();
    for (const r of rooms) notify(this.roomListeners.get(r));
    this.setConnection({ status: 'idle', currentAt: null, attempt: 0, nextRetryAt: null });
  }

  private set(room: RoomName, state: RoomState): void {
    this.rooms.set(room, state);
    this.touch();
    notify(this.roomListeners.get(room));
  }

  private emitChange(room: RoomName, change: RoomChange): void {
    for (const l of this.changeListeners.get(room) ?? []) l(change);
  }

  private pushTicker(room: RoomName, entries: TickerEntry[]): void {
    const list = [...entries.reverse(), ...(this.tickers.get(room) ?? [])].slice(0, TICKER_LENGTH);
    this.tickers.set(room, list);
    notify(this.tickerListeners.get(room));
  }
}

const EMPTY: readonly TickerEntry[] = Object.freeze([]);

function addTo<K, L>(map: Map<K, Set<L>>, key: K, l: L): () => void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(l);
  return () => {
    set.delete(l);
  };
}

function notify(set: Set<Listener> | undefined): void {
  if (set) for (const l of set) l();
}
