import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { RoomName } from '@pkk/core';
import { findingsStore, liveClient, liveStore } from '@/api/live/index.ts';
import type { FindingsState } from '@/api/findings.ts';

/** The open findings of a room's area, live while mounted; reloaded whenever the socket reconnects. */
export function useOpenFindings(room: RoomName | null): FindingsState | null {
  useEffect(() => {
    if (!room) return undefined;
    const release = liveClient().retain(room);
    void findingsStore.load(room);
    let was = liveStore.getConnection().status;
    const unsubscribe = liveStore.subscribeConnection(() => {
      const now = liveStore.getConnection().status;
      if (now === 'online' && was !== 'online') void findingsStore.load(room);
      was = now;
    });
    return () => {
      unsubscribe();
      release();
    };
  }, [room]);
  const subscribe = useCallback(
    (l: () => void) => (room ? findingsStore.subscribe(room, l) : () => undefined),
    [room],
  );
  const get = useCallback(() => (room ? findingsStore.get(room) : null), [room]);
  return useSyncExternalStore(subscribe, get);
}
