import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  CameraHealthChange,
  ClientToServerEvents,
  DetailSnapshot,
  FindingChange,
  RoomName,
  ServerToClientEvents,
  SummarySnapshot,
} from '@pkk/core';
import { backoffDelay } from '../../lib/backoff.ts';
import type { ServerClock } from './clock.ts';
import type { LiveStore } from './store.ts';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Handlers for every server event, typed by the one event map of core: adding an event is adding a line. */
type Handlers = { [E in keyof ServerToClientEvents]: (...args: Parameters<ServerToClientEvents[E]>) => void };

export interface LiveClientOptions {
  store: LiveStore;
  clock: ServerClock;
  /** Told when the server refuses the session (signed out elsewhere, expired). */
  onUnauthorized: () => void;
  /** Told of finding changes in a watched room (the inbox's store). */
  onFindings?: (room: RoomName, changes: FindingChange[]) => void;
  onCameraHealth?: (changes: CameraHealthChange[]) => void;
  /** Browser-side instrumentation (`?bench=1`): called as each push arrives, before it is applied. */
  onPush?: (event: keyof ServerToClientEvents, items: number) => void;
  /** How long a room nobody watches stays joined, so quick navigation does not churn. */
  lingerMs?: number;
  url?: string;
}

/**
 * The socket.io connection: joins rooms while somebody watches them, feeds the store, and keeps
 * trying to reconnect with capped exponential backoff (its own loop, so that refusals and drops are
 * handled alike). On every (re)connect it joins its rooms again; each join answers with a snapshot,
 * which is how a wall catches up after a drop.
 */
export class LiveClient {
  private socket: LiveSocket | null = null;
  private refs = new Map<RoomName, number>();
  private lingering = new Map<RoomName, ReturnType<typeof setTimeout>>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private closed = false;

  constructor(private readonly opts: LiveClientOptions) {}

  /** Watches a room until the returned function is called. */
  retain(room: RoomName): () => void {
    const pending = this.lingering.get(room);
    if (pending) {
      clearTimeout(pending);
      this.lingering.delete(room);
    }
    const n = this.refs.get(room) ?? 0;
    this.refs.set(room, n + 1);
    if (n === 0 && !pending) this.join(room);
    this.ensureSocket();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.refs.get(room) ?? 1) - 1;
      if (left > 0) return void this.refs.set(room, left);
      this.refs.delete(room);
      this.lingering.set(
        room,
        setTimeout(() => {
          this.lingering.delete(room);
          if (this.refs.has(room)) return;
          this.socket?.emit('unsubscribe', { room }, () => undefined);
          this.opts.store.drop(room);
        }, this.opts.lingerMs ?? 10_000),
      );
    };
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const t of this.lingering.values()) clearTimeout(t);
    this.lingering.clear();
    this.refs.clear();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  /** Tries now instead of waiting for the next retry (the banner's button). */
  reconnectNow(): void {
    if (this.closed || this.socket?.connected) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.opts.store.setConnection({ status: 'connecting', nextRetryAt: null });
    this.socket?.connect();
  }

  private ensureSocket(): void {
    if (this.socket || this.closed) return;
    const { store } = this.opts;
    const socket: LiveSocket = io(this.opts.url ?? '', {
      path: '/socket.io',
      transports: ['websocket'],
      withCredentials: true,
      reconnection: false,
    });
    this.socket = socket;
    store.setConnection({ status: 'connecting' });

    socket.on('connect', () => {
      this.attempt = 0;
      store.setConnection({ status: 'online', attempt: 0, nextRetryAt: null });
      for (const room of this.refs.keys()) this.join(room);
      for (const room of this.lingering.keys()) this.join(room);
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') {
        store.setConnection({ status: 'unauthorized', nextRetryAt: null });
        this.opts.onUnauthorized();
        return;
      }
      this.scheduleRetry();
    });
    socket.on('disconnect', (reason) => {
      if (this.closed || reason === 'io client disconnect') return;
      this.scheduleRetry();
    });

    const handlers: Handlers = {
      'live:summaries': (msg) => {
        this.opts.clock.sync(msg.serverNow);
        store.applySummaries(msg.room, msg.items, msg.serverNow);
      },
      'live:detail': (msg) => {
        this.opts.clock.sync(msg.serverNow);
        store.applyDetail(msg.room, msg.patch, msg.serverNow);
      },
      'findings:changed': (msg) => this.opts.onFindings?.(msg.room, msg.changes),
      'cameras:health': (msg) => this.opts.onCameraHealth?.(msg.changes),
    };
    for (const event of Object.keys(handlers) as (keyof Handlers)[]) {
      const handle = handlers[event] as (...args: unknown[]) => void;
      socket.on(event, (...args: unknown[]) => {
        if (this.opts.onPush) this.opts.onPush(event, (args[0] as { items?: unknown[] }).items?.length ?? 1);
        handle(...args);
      });
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const delay = backoffDelay(this.attempt++);
    this.opts.store.setConnection({
      status: 'offline',
      attempt: this.attempt,
      nextRetryAt: Date.now() + delay,
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed) return;
      this.opts.store.setConnection({ status: 'connecting', nextRetryAt: null });
      this.socket?.connect();
    }, delay);
  }

  private join(room: RoomName): void {
    const socket = this.socket;
    if (!socket?.connected) return;
    socket.emit('subscribe', { room }, (res: Ack<SummarySnapshot | DetailSnapshot>) => {
      const { store, clock } = this.opts;
      if (!res.ok) return store.fail(room, res.error);
      clock.sync(res.serverNow);
      if ('detail' in res) store.snapshotDetail(room, res.detail);
      else store.snapshotSummaries(room, res.items);
    });
  }
}
