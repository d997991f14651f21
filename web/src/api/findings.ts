import type { Finding, FindingChange, RoomName } from '@pkk/core';
import { api } from './endpoints.ts';

export interface FindingsState {
  phase: 'loading' | 'ready' | 'error';
  /** Open findings of the area, newest first. */
  items: readonly Finding[];
}

type Listener = () => void;
const LOADING: FindingsState = { phase: 'loading', items: [] };

/** The REST filter that gives the open findings of a room's area. */
function queryOf(room: RoomName): string {
  const [kind, code] = room.split(':');
  const area = kind === 'kecamatan' ? `&kecamatan=${code}` : kind === 'kelurahan' ? `&kelurahan=${code}` : '';
  return `state=open&limit=500${area}`;
}

/**
 * The open findings of each watched area, read by the inbox through useSyncExternalStore: loaded
 * from the API, then kept current by the changes the socket brings (opened, updated and reopened
 * are kept, resolved and withdrawn leave). A reload after every reconnect catches up what a drop
 * missed; the table is the record, the socket only the news.
 */
export class FindingsStore {
  private states = new Map<RoomName, FindingsState>();
  private listeners = new Map<RoomName, Set<Listener>>();
  private loads = new Map<RoomName, number>();

  get(room: RoomName): FindingsState {
    return this.states.get(room) ?? LOADING;
  }

  subscribe(room: RoomName, l: Listener): () => void {
    let set = this.listeners.get(room);
    if (!set) this.listeners.set(room, (set = new Set()));
    set.add(l);
    return () => set.delete(l);
  }

  async load(room: RoomName): Promise<void> {
    const seq = (this.loads.get(room) ?? 0) + 1;
    this.loads.set(room, seq);
    try {
      const res = await api.findings(queryOf(room));
      if (this.loads.get(room) === seq) this.set(room, { phase: 'ready', items: res.items });
    } catch {
      if (this.loads.get(room) === seq) this.set(room, { ...this.get(room), phase: 'error' });
    }
  }

  apply(room: RoomName, changes: FindingChange[]): void {
    const prev = this.states.get(room);
    if (!prev || prev.phase !== 'ready') return;
    const byId = new Map(prev.items.map((f) => [f.id, f]));
    for (const c of changes) {
      if (c.finding.state === 'open') byId.set(c.finding.id, c.finding);
      else byId.delete(c.finding.id);
    }
    this.set(room, { phase: 'ready', items: [...byId.values()].sort((a, b) => b.id - a.id) });
  }

  reset(): void {
    this.states.clear();
    for (const set of this.listeners.values()) for (const l of set) l();
  }

  private set(room: RoomName, s: FindingsState): void {
    this.states.set(room, s);
    for (const l of this.listeners.get(room) ?? []) l();
  }
}
