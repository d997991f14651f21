import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { varDir } from '@pkk/platform/config/paths';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ApiError } from '../http/errors.ts';
import { CAMERA_VIEWERS, visibleCamera } from './camera-access.ts';
import type { RouteDeps } from './deps.ts';

/**
 * Snapshots (JPEGs the media nodes take) of the cameras a caller may watch: the latest, and one by
 * its time (the evidence a finding links to). Files are served only from VAR_DIR/snapshots, whatever
 * path a row names.
 */
export function cameraSnapshotRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  const root = path.join(varDir(ctx.env.VAR_DIR), 'snapshots');

  const send = async (
    req: Request,
    res: Response,
    row: { path: string; sha256: Buffer; taken_at: Date } | undefined,
    cacheControl: string,
  ) => {
    if (!row) throw ApiError.notFound('no snapshot');
    const file = await insideRoot(root, row.path);
    if (!file) {
      ctx.log.warn(
        { path: row.path, root },
        'snapshot row names a file outside the snapshot directory, or a missing one',
      );
      throw ApiError.notFound('no snapshot');
    }
    const etag = `"${row.sha256.toString('hex')}"`;
    res.set({
      'Cache-Control': cacheControl,
      ETag: etag,
      'Last-Modified': row.taken_at.toUTCString(),
      'X-Content-Type-Options': 'nosniff',
      'X-Snapshot-Taken-At': String(row.taken_at.getTime()),
    });
    if (req.headers['if-none-match']?.split(',').some((t) => t.trim() === etag))
      return void res.status(304).end();
    res.type('image/jpeg').set('Content-Length', String(file.size));
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file.path);
      stream.once('error', (err) => {
        // Headers are sent: the one honest answer left is to cut the reply short.
        ctx.log.warn({ err, path: file.path }, 'snapshot read failed');
        res.destroy(err);
        resolve();
      });
      res.once('finish', resolve).once('close', resolve);
      stream.pipe(res);
    });
  };

  router.get('/:id/snapshot', requireRole(...CAMERA_VIEWERS), async (req: Request<{ id: string }>, res) => {
    const cam = await visibleCamera(ctx, principalOf(req), req.params.id);
    const row = await ctx.db
      .selectFrom('camera_snapshots')
      .select(['path', 'sha256', 'taken_at'])
      .where('camera_id', '=', cam.id)
      .orderBy('taken_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    await send(req, res, row, 'private, max-age=5');
  });

  router.get(
    '/:id/snapshots/:takenAt',
    requireRole(...CAMERA_VIEWERS),
    async (req: Request<{ id: string; takenAt: string }>, res) => {
      const cam = await visibleCamera(ctx, principalOf(req), req.params.id);
      const takenAt = Number(req.params.takenAt);
      if (!/^\d{1,15}$/.test(req.params.takenAt) || !Number.isSafeInteger(takenAt))
        throw ApiError.badRequest('invalid snapshot time', [
          { field: 'takenAt', reason: 'expected epoch milliseconds' },
        ]);
      const row = await ctx.db
        .selectFrom('camera_snapshots')
        .select(['path', 'sha256', 'taken_at'])
        .where('camera_id', '=', cam.id)
        .where('taken_at', '=', new Date(takenAt))
        .executeTakeFirst();
      // A snapshot of a given time never changes.
      await send(req, res, row, 'private, max-age=86400, immutable');
    },
  );
  return router;
}

/** The file a snapshot row names, if it is a regular file inside the root (symlinks resolved); else null. */
export async function insideRoot(
  root: string,
  stored: string,
): Promise<{ path: string; size: number } | null> {
  if (!stored || stored.includes('\0')) return null;
  try {
    const realRoot = await realpath(root);
    const real = await realpath(path.resolve(root, stored));
    const rel = path.relative(realRoot, real);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return null;
    const s = await stat(real);
    return s.isFile() ? { path: real, size: s.size } : null;
  } catch {
    return null;
  }
}
