import type { ServerToClientEvents } from '@pkk/core';
import { session } from '../session.ts';
import { LiveClient } from './client.ts';
import { ServerClock } from './clock.ts';
import { LiveStore } from './store.ts';
import { FindingsStore } from '../findings.ts';
import { camerasStore } from '../cameras-store.ts';
import { ReadinessMonitor } from '../readiness.ts';

export { LiveStore } from './store.ts';
export type { ConnectionState, RoomChange, RoomState, SummaryRoomState, DetailRoomState } from './store.ts';

/** The live state of this tab: one store, one server clock, one connection (opened on first use). */
export const liveStore = new LiveStore();
export const serverClock = new ServerClock();
export const findingsStore = new FindingsStore();
/** Whether the api's PostgreSQL and Redis answer (/readyz), polled while a banner watches. */
export const readiness = new ReadinessMonitor({ now: () => serverClock.now() });

let client: LiveClient | null = null;
let pushHook: ((event: keyof ServerToClientEvents, items: number) => void) | undefined;

export function liveClient(): LiveClient {
  client ??= new LiveClient({
    store: liveStore,
    clock: serverClock,
    onUnauthorized: () => session.expire(),
    onPush: (e, n) => pushHook?.(e, n),
    onFindings: (room, changes) => {
      findingsStore.apply(room, changes);
      liveStore.applyFindings(room, changes, serverClock.now());
    },
    onCameraHealth: (changes) => camerasStore.applyHealth(changes),
  });
  return client;
}

/** Instrumentation for the browser bench (`?bench=1`): told of every push as it arrives. */
export function setPushHook(hook: (event: keyof ServerToClientEvents, items: number) => void): void {
  pushHook = hook;
}

session.onSignOut(() => {
  client?.close();
  client = null;
  liveStore.reset();
  findingsStore.reset();
});
