import { z } from 'zod';
import { kecamatanCode, kelurahanCode } from '../config/codes.ts';
import { cameraHealth } from './cameras.ts';
import type { FindingChange } from './findings.ts';
import type { DetailPatch, KelurahanDetail, KelurahanSummary } from './live.ts';

/** Rooms a client may join: the whole city, one kecamatan, or one kelurahan. */
export const roomName = z.union([
  z.literal('city'),
  z.templateLiteral(['kecamatan:', kecamatanCode]),
  z.templateLiteral(['kelurahan:', kelurahanCode]),
]);
export type RoomName = z.infer<typeof roomName>;

export type Room =
  { kind: 'city' } | { kind: 'kecamatan'; code: string } | { kind: 'kelurahan'; code: string };

export function parseRoom(name: string): Room | null {
  const r = roomName.safeParse(name);
  if (!r.success) return null;
  if (name === 'city') return { kind: 'city' };
  const [kind, code] = name.split(':') as ['kecamatan' | 'kelurahan', string];
  return { kind, code };
}

export const subscribeRequest = z.object({ room: z.string() });

/** Every acknowledgement has one envelope (as Uptime Kuma does): ok, or an error code and message. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

export type SummarySnapshot = { room: RoomName; serverNow: number; items: KelurahanSummary[] };
export type DetailSnapshot = { room: RoomName; serverNow: number; detail: KelurahanDetail };

export interface ServerToClientEvents {
  /** Changed office summaries for a city or kecamatan room. */
  'live:summaries': (msg: { room: RoomName; serverNow: number; items: KelurahanSummary[] }) => void;
  /** Changed sections of one office, for its kelurahan room. */
  'live:detail': (msg: { room: RoomName; serverNow: number; patch: DetailPatch }) => void;
  /** Findings opened, changed or resolved in the room's area, as soon as they are stored. */
  'findings:changed': (msg: { room: RoomName; changes: FindingChange[] }) => void;
  /** Cameras in the room's area whose health changed (a media node saw frames stop or resume). */
  'cameras:health': (msg: { room: RoomName; changes: CameraHealthChange[] }) => void;
}

/** One camera's new health, as a media node wrote it to camera_status. */
export const cameraHealthChange = z.object({
  cameraId: z.string(),
  kelurahanCode: z.string(),
  health: cameraHealth,
});
export type CameraHealthChange = z.infer<typeof cameraHealthChange>;

export interface ClientToServerEvents {
  subscribe: (req: { room: string }, ack: (res: Ack<SummarySnapshot | DetailSnapshot>) => void) => void;
  unsubscribe: (req: { room: string }, ack: (res: Ack<object>) => void) => void;
}
