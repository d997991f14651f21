import type { Camera, CameraCreateRequest, DeskZone, LiveView, PlayResponse, StreamKind } from '@pkk/core';
import { request } from './http.ts';

export interface CameraQuery {
  kelurahan?: string;
  kecamatan?: string;
}
export interface CamerasReply {
  serverNow: number;
  items: Camera[];
}
/** A change to a camera: any of the create fields; an RTSP URL only when it is being replaced. */
export type CameraUpdate = Partial<Omit<CameraCreateRequest, 'kelurahanCode' | 'rtspSub'>> & {
  rtspSub?: string | null;
};
export interface LiveViewQuery {
  camera?: string;
  user?: string;
  from?: number;
  to?: number;
  limit?: number;
}

function qs(q: object): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The cameras api (docs/video.md): management, play tokens, snapshots and the viewing audit. */
export const cameraApi = {
  list: (q: CameraQuery = {}, signal?: AbortSignal) =>
    request<CamerasReply>('GET', `/api/v1/cameras${qs(q)}`, undefined, signal),
  create: (body: CameraCreateRequest) => request<{ camera: Camera }>('POST', '/api/v1/cameras', body),
  update: (id: string, body: CameraUpdate) =>
    request<{ camera: Camera }>('PATCH', `/api/v1/cameras/${id}`, body),
  remove: (id: string) => request<void>('DELETE', `/api/v1/cameras/${id}`),
  saveZones: (id: string, zones: DeskZone[]) =>
    request<{ camera: Camera }>('PUT', `/api/v1/cameras/${id}/zones`, { zones }),
  play: (id: string, stream: StreamKind, signal?: AbortSignal) =>
    request<PlayResponse>('POST', `/api/v1/cameras/${id}/play`, { stream }, signal),
  liveViews: (q: LiveViewQuery = {}) =>
    request<{ items: LiveView[]; total: number }>('GET', `/api/v1/live-views${qs(q)}`),
};

/** The latest snapshot of a camera; `at` (its time) busts the browser cache when a new one is taken. */
export function snapshotSrc(camera: Pick<Camera, 'id' | 'snapshotUrl' | 'snapshotAt'>): string | null {
  if (!camera.snapshotUrl) return null;
  const sep = camera.snapshotUrl.includes('?') ? '&' : '?';
  return camera.snapshotAt ? `${camera.snapshotUrl}${sep}at=${camera.snapshotAt}` : camera.snapshotUrl;
}
