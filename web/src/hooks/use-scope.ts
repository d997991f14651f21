import { useMemo } from 'react';
import type { KelurahanSummary } from '@pkk/core';
import type { RoomError } from '@/api/live/store.ts';
import { scopeOf, type Scope } from '@/lib/scope.ts';
import { useLiveRoom } from './use-live.ts';
import { useMe } from './use-session.ts';

export interface ScopeSummaries {
  scope: Scope | null;
  phase: 'loading' | 'ready' | 'error';
  error: RoomError | null;
  items: ReadonlyMap<string, KelurahanSummary>;
}

const NONE: ReadonlyMap<string, KelurahanSummary> = new Map();

/**
 * Live summaries of every office the signed-in user may see: the city room, their kecamatan's room,
 * or (for a lurah) the summary inside their kelurahan's room. Screens never pick rooms themselves.
 */
export function useScopeSummaries(): ScopeSummaries {
  const me = useMe();
  const scope = useMemo(() => scopeOf(me), [me]);
  const room = useLiveRoom(scope?.room ?? null);
  return useMemo(() => {
    if (!scope || !room)
      return {
        scope,
        phase: 'error',
        error: { code: 'forbidden', message: 'no live view for this role' },
        items: NONE,
      };
    if (room.kind === 'summaries') return { scope, phase: room.phase, error: room.error, items: room.items };
    const s = room.detail?.summary;
    return { scope, phase: room.phase, error: room.error, items: s ? new Map([[s.code, s]]) : NONE };
  }, [scope, room]);
}
