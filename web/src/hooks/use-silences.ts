import { useCallback, useEffect, useState } from 'react';
import type { Silence } from '@pkk/core';
import { api } from '@/api/endpoints.ts';
import { serverClock } from '@/api/live/index.ts';

export interface SilencesState {
  phase: 'loading' | 'ready' | 'error';
  items: readonly Silence[];
  reload(): Promise<void>;
  /** A silence the api returned (created or expired): put in the list at once. */
  upsert(s: Silence): void;
}

/** The silences of the signed-in user's area (the api filters by role): active, pending, expired in the last week. */
export function useSilences(): SilencesState {
  const [phase, setPhase] = useState<SilencesState['phase']>('loading');
  const [items, setItems] = useState<readonly Silence[]>([]);
  const reload = useCallback(async () => {
    try {
      const res = await api.silences();
      // The windows are judged and typed on the server's clock (simulated in a demo).
      serverClock.sync(res.serverNow);
      setItems(res.items);
      setPhase('ready');
    } catch {
      setPhase('error');
    }
  }, []);
  useEffect(() => void reload(), [reload]);
  const upsert = useCallback(
    (s: Silence) => setItems((list) => [s, ...list.filter((x) => x.id !== s.id)]),
    [],
  );
  return { phase, items, reload, upsert };
}
