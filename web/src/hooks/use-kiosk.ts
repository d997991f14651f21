import { useEffect, useState } from 'react';

/**
 * Kiosk habits of the wall: the pointer hides after a few idle seconds, and the screen is kept awake
 * where the browser allows it (Screen Wake Lock), asking again when the tab becomes visible.
 */
export function useKiosk(idleMs = 3000): { idle: boolean } {
  // A wall starts clean: the menu shows only once somebody moves the pointer or presses a key.
  const [idle, setIdle] = useState(true);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wake = () => {
      setIdle(false);
      clearTimeout(timer);
      timer = setTimeout(() => setIdle(true), idleMs);
    };
    window.addEventListener('pointermove', wake);
    window.addEventListener('keydown', wake);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointermove', wake);
      window.removeEventListener('keydown', wake);
    };
  }, [idleMs]);

  useEffect(() => {
    const wl = (
      navigator as Navigator & {
        wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> };
      }
    ).wakeLock;
    if (!wl) return;
    let lock: { release(): Promise<void> } | null = null;
    let stopped = false;
    const request = () => {
      if (document.visibilityState !== 'visible') return;
      wl.request('screen').then(
        (l) => {
          if (stopped) void l.release();
          else lock = l;
        },
        () => undefined,
      );
    };
    request();
    document.addEventListener('visibilitychange', request);
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', request);
      void lock?.release().catch(() => undefined);
    };
  }, []);

  return { idle };
}
