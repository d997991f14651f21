import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { RoomName } from '@pkk/core';
import { camerasStore, cameraKey, type CamerasState } from '@/api/cameras-store.ts';
import type { CameraQuery } from '@/api/cameras.ts';
import { liveClient } from '@/api/live/index.ts';

/** The room whose announcements cover the cameras of an area (health changes arrive there). */
export function cameraRoom(q: CameraQuery): RoomName {
  if (q.kelurahan) return `kelurahan:${q.kelurahan}` as RoomName;
  if (q.kecamatan) return `kecamatan:${q.kecamatan}` as RoomName;
  return 'city';
}

/** The cameras of an area, kept current by the socket's health changes while mounted. */
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
  useEffect(
    () => (key ? liveClient().retain(cameraRoom({ kelurahan, kecamatan })) : undefined),
    [key, kelurahan, kecamatan],
  );
  return useSyncExternalStore(subscribe, get);
}
