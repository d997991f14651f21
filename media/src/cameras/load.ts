import { ownerOf } from '@pkk/core';
import type { Db } from '@pkk/platform/db/index';
import type { Logger } from '@pkk/platform/infra/logger';
import { openUrl } from '@pkk/platform/media/camera-secrets';
import type { CameraSource } from '../pull/registry.ts';

/**
 * The enabled cameras this node owns (rendezvous hash over the node ids), their URLs opened. A
 * camera whose URL does not open (another key, a row copied across cameras) is left out and logged,
 * never served with a guess.
 */
export async function loadOwnedCameras(
  db: Db,
  opts: { key: Buffer; nodeIds: readonly string[]; nodeId: string; log: Logger },
): Promise<CameraSource[]> {
  const rows = await db
    .selectFrom('cameras')
    .select(['id', 'kelurahan_code', 'pull_mode', 'rtsp_main', 'rtsp_sub'])
    .where('enabled', '=', true)
    .orderBy('id')
    .execute();
  const out: CameraSource[] = [];
  for (const r of rows) {
    if (ownerOf(r.id, opts.nodeIds) !== opts.nodeId) continue;
    try {
      out.push({
        cameraId: r.id,
        kelurahanCode: r.kelurahan_code,
        pullMode: r.pull_mode,
        urls: {
          main: openUrl(opts.key, r.id, r.rtsp_main),
          sub: r.rtsp_sub ? openUrl(opts.key, r.id, r.rtsp_sub) : null,
        },
      });
    } catch (err) {
      opts.log.error(
        { camera: r.id, err: (err as Error).message },
        'camera URL does not open with CAMERA_SECRET_KEY: camera skipped',
      );
    }
  }
  return out;
}
