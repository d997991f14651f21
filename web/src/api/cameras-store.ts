import type { Camera, CameraHealthChange } from '@pkk/core';
import { cameraApi, type CameraQuery } from './cameras.ts';

export interface CamerasState {
  phase: 'loading' | 'ready' | 'error';
  items: readonly Camera[];
  /** Server time of the reply (for "snapshot 2 minutes old"). */
  serverNow: number | null;
  error: Error | null;
}

type Listener = () => void;
const LOADING: CamerasState = { phase: 'loading', items: [], serverNow: null, error: null };
/**
 * Health changes arrive over the socket (cameras:health) as the media nodes see them; the list is
 * still reloaded this often, for what the socket does not carry (snapshots, bitrate) and for any
 * announcement lost while the socket was away.
 */
export const CAMERAS_POLL_MS = 60_000;

export function cameraKey(q: CameraQuery): string {
  return `kecamatan=${q.kecamatan ?? ''}&kelurahan=${q.kelurahan ?? ''}`;
}

/**
 * Camera lists per query, shared by every screen that shows them, read with useSyncExternalStore;
 * health patched live from the socket, reloaded slowly while watched and at once after a change.
 */
export class CamerasStore {
  private states = new Map<string, CamerasState>();
  private listeners = new Map<string, Set<Listener>>();
  private loads = new Map<string, Promise<CamerasState>>();
  private timers = new Map<string, ReturnType<typeof setInterval>>();

  get(q: CameraQuery): CamerasState {
    return this.states.get(cameraKey(q)) ?? LOADING;
  }

  /** Subscribes and polls while anyone listens. */
  watch(q: CameraQuery, l: Listener): () => void {
    const key = cameraKey(q);
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(l);
    if (!this.timers.has(key)) {
      void this.load(q);
      this.timers.set(
        key,
        setInterval(() => void this.load(q), CAMERAS_POLL_MS),
      );
    }
    return () => {
      set.delete(l);
      if (!set.size) {
        clearInterval(this.timers.get(key));
        this.timers.delete(key);
      }
    };
  }

  /** Loads (or joins the load under way); resolves with the state. */
  load(q: CameraQuery): Promise<CamerasState> {
    const key = cameraKey(q);
    const running = this.loads.get(key);
    if (running) return running;
    const p = cameraApi
      .list(q)
      .then(
        (r): CamerasState => ({ phase: 'ready', items: r.items, serverNow: r.serverNow, error: null }),
        (e: unknown): CamerasState => ({
          ...this.get(q),
          phase: this.get(q).phase === 'ready' ? 'ready' : 'error',
          error: e instanceof Error ? e : new Error(String(e)),
        }),
      )
      .then((s) => {
        this.loads.delete(key);
        this.set(key, s);
        return s;
      });
    this.loads.set(key, p);
    return p;
  }

  /** A media node saw cameras' health change: every list holding them shows it at once. */
  applyHealth(changes: readonly CameraHealthChange[]): void {
    const next = new Map(changes.map((c) => [c.cameraId, c.health]));
    for (const [key, state] of this.states) {
      if (!state.items.some((c) => next.has(c.id))) continue;
      this.set(key, {
        ...state,
        items: state.items.map((c) => (next.has(c.id) ? { ...c, health: next.get(c.id)! } : c)),
      });
    }
  }

  /** After a create, change or delete: every list reloads. */
  invalidate(): void {
    for (const key of this.states.keys()) {
      const p = new URLSearchParams(key);
      void this.load({
        kecamatan: p.get('kecamatan') || undefined,
        kelurahan: p.get('kelurahan') || undefined,
      });
    }
  }

  private set(key: string, s: CamerasState): void {
    this.states.set(key, s);
    for (const l of this.listeners.get(key) ?? []) l();
  }
}

export const camerasStore = new CamerasStore();
