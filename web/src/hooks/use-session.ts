import { useSyncExternalStore } from 'react';
import type { Me } from '@pkk/core';
import { session, type SessionState } from '@/api/session.ts';

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.get);
}

/** The signed-in user; only for screens behind <RequireSession>. */
export function useMe(): Me {
  const s = useSession();
  if (s.status !== 'authenticated') throw new Error('useMe outside a signed-in screen');
  return s.me;
}
