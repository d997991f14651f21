import { useCallback, useSyncExternalStore } from 'react';
import { camerasStore, cameraKey, type CamerasState } from '@/api/cameras-store.ts';
import type { CameraQuery } from '@/api/cameras.ts';

/** The cameras of an area (kept current by polling while mounted). */
export function useCameras(q: CameraQuery | null): CamerasState | null {
  const key = q ? cameraKey(q) : null;
  const kelurahan = q?.kelurahan;
  const kecamatan = q?.kecamatan;
  const subscribe = useCallback(
    (l: () => void) => (key ? camerasStore.watch({ kelurahan, kecamatan }, l) : () => undefined),
    [key, kelurahan, kecamatan],
  );
  const get = useCallback(
    () => (key ? camerasStore.get({ kelurahan, kecamatan }) : null),
    [key, kelurahan, kecamatan],
  );
  return useSyncExternalStore(subscribe, get);
}
