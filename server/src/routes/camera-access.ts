import type { Selectable } from 'kysely';
import {
  officeInScope,
  officeScope,
  ownerOf,
  type Camera,
  type CameraHealth,
  type DeskZone,
  type MediaNode,
  type Principal,
  type Role,
} from '@pkk/core';
import type { Context } from '@pkk/platform/context';
import type { CamerasTable } from '@pkk/platform/db/schema';
import { ApiError } from '../http/errors.ts';

/** Roles that watch cameras (within their area): those who watch offices. */
export const CAMERA_VIEWERS: Role[] = ['walikota', 'operator', 'admin', 'camat', 'lurah'];
/** Roles that add, change and remove cameras. */
export const CAMERA_MANAGERS: Role[] = ['operator', 'admin'];

export type CameraRow = Selectable<CamerasTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A camera id from the path, or a 400 naming it. */
export function cameraIdOf(raw: string): string {
  if (!UUID.test(raw))
    throw ApiError.badRequest('invalid camera id', [{ field: 'id', reason: 'expected a UUID' }]);
  return raw.toLowerCase();
}

/**
 * The camera named in the path, if this principal may watch it. A camera outside the caller's area
 * reads as absent (404), as findings do: its existence is not the caller's to know.
 */
export async function visibleCamera(ctx: Context, p: Principal, rawId: string): Promise<CameraRow> {
  const id = cameraIdOf(rawId);
  const row = await ctx.db.selectFrom('cameras').selectAll().where('id', '=', id).executeTakeFirst();
  const office = row ? ctx.registry.get(row.kelurahan_code) : undefined;
  if (!row || !office || !officeInScope(officeScope(p), office)) throw ApiError.notFound(`no camera ${id}`);
  return row;
}

export const snapshotUrlOf = (cameraId: string) => `/api/v1/cameras/${cameraId}/snapshot`;

/**
 * Cameras as replies show them: health from camera_status (none yet: connecting, or idle for a
 * camera that is not pulled all the time, with the node that will own it), the latest snapshot.
 */
export async function toCameras(
  ctx: Context,
  rows: readonly CameraRow[],
  nodes: readonly MediaNode[],
): Promise<Camera[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [statuses, snapshots] = await Promise.all([
    ctx.db.selectFrom('camera_status').selectAll().where('camera_id', 'in', ids).execute(),
    ctx.db
      .selectFrom('camera_snapshots')
      .select(['camera_id', 'taken_at'])
      .distinctOn('camera_id')
      .where('camera_id', 'in', ids)
      .orderBy('camera_id')
      .orderBy('taken_at', 'desc')
      .execute(),
  ]);
  const status = new Map(statuses.map((s) => [s.camera_id, s]));
  const latest = new Map(snapshots.map((s) => [s.camera_id, s.taken_at.getTime()]));
  const nodeIds = nodes.map((n) => n.id);
  return rows.map((r) => {
    const s = status.get(r.id);
    const health: CameraHealth = s
      ? {
          state: s.state,
          lastFrameAt: s.last_frame_at?.getTime() ?? null,
          since: s.since.getTime(),
          bitrateKbps: s.bitrate_kbps,
          reconnects: s.reconnects,
          lastError: s.last_error,
          node: s.node,
        }
      : {
          state: r.enabled && r.pull_mode === 'always' ? 'connecting' : 'idle',
          lastFrameAt: null,
          since: null,
          bitrateKbps: null,
          reconnects: 0,
          lastError: null,
          node: ownerOf(r.id, nodeIds),
        };
    const at = latest.get(r.id) ?? null;
    return {
      id: r.id,
      kelurahanCode: r.kelurahan_code,
      kecamatanCode: ctx.registry.get(r.kelurahan_code)?.kecamatanCode ?? r.kelurahan_code.slice(0, 8),
      name: r.name,
      placement: r.placement,
      pullMode: r.pull_mode,
      enabled: r.enabled,
      hasSubStream: r.rtsp_sub !== null,
      zones: (r.zones ?? []) as DeskZone[],
      health,
      snapshotUrl: at === null ? null : snapshotUrlOf(r.id),
      snapshotAt: at,
    };
  });
}
