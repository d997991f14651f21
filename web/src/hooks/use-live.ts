import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { RoomName } from '@pkk/core';
import {
  liveClient,
  liveStore,
  readiness,
  serverClock,
  type ConnectionState,
  type RoomState,
} from '@/api/live/index.ts';
import type { Readiness } from '@/api/readiness.ts';
import type { TickerEntry } from '@/lib/ticker.ts';

const NO_ROOM = () => () => undefined;

/** Watches a room while mounted and returns its live state (null for no room). */
export function useLiveRoom(room: RoomName | null): RoomState | null {
  useEffect(() => (room ? liveClient().retain(room) : undefined), [room]);
  const subscribe = useCallback(
    (l: () => void) => (room ? liveStore.subscribeRoom(room, l) : NO_ROOM()),
    [room],
  );
  const get = useCallback(() => (room ? liveStore.room(room) : null), [room]);
  return useSyncExternalStore(subscribe, get);
}

/** The latest changes seen in a room (the wall's ticker). */
export function useTicker(room: RoomName | null): readonly TickerEntry[] {
  const subscribe = useCallback(
    (l: () => void) => (room ? liveStore.subscribeTicker(room, l) : NO_ROOM()),
    [room],
  );
  const get = useCallback(() => (room ? liveStore.ticker(room) : EMPTY), [room]);
  return useSyncExternalStore(subscribe, get);
}
const EMPTY: readonly TickerEntry[] = [];

export function useConnection(): ConnectionState {
  return useSyncExternalStore(liveStore.subscribeConnection, liveStore.getConnection);
}

/** The server's now (simulated in a demo), advancing once a second. */
export function useServerNow(): number {
  return useSyncExternalStore(serverClock.subscribe, serverClock.getSnapshot);
}

/** The api's dependencies (PostgreSQL, Redis) as /readyz reports them, checked while mounted. */
export function useReadiness(): Readiness {
  return useSyncExternalStore(readiness.subscribe, readiness.get);
}
