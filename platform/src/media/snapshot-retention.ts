import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Snapshots older than `before` (epoch ms) go, rows and files, except those something refers to
 * (snapshot_references: a finding's evidence), which stay for as long as the reference does. The
 * rows go first; then a file older than the cutoff is removed only when no row names it any more, so
 * whatever keeps a row keeps its picture. Files live under `dir/<cameraId>/<epochMs>.jpg`.
 */
export async function purgeSnapshots(
  db: Db,
  dir: string,
  before: number,
): Promise<{ rows: number; files: number }> {
  const cutoff = new Date(before);
  const deleted = await db
    .deleteFrom('camera_snapshots as s')
    .where('s.taken_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('snapshot_references as r')
            .select(sql`1`.as('one'))
            .whereRef('r.camera_id', '=', 's.camera_id')
            .whereRef('r.taken_at', '=', 's.taken_at'),
        ),
      ),
    )
    .executeTakeFirst();
  let files = 0;
  const cameras = await readdir(dir).catch(() => [] as string[]);
  for (const cam of cameras) {
    if (!UUID.test(cam)) continue;
    const old = (await readdir(path.join(dir, cam)).catch(() => [] as string[]))
      .map((f) => ({ f, at: Number(/^(\d+)\.jpg$/.exec(f)?.[1]) }))
      .filter((x) => Number.isFinite(x.at) && x.at < before);
    if (!old.length) continue;
    const kept = new Set(
      (
        await db
          .selectFrom('camera_snapshots')
          .select('taken_at')
          .where('camera_id', '=', cam)
          .where('taken_at', '<', cutoff)
          .execute()
      ).map((r) => r.taken_at.getTime()),
    );
    for (const { f, at } of old) {
      if (kept.has(at)) continue;
      await rm(path.join(dir, cam, f), { force: true });
      files += 1;
    }
  }
  return { rows: Number(deleted.numDeletedRows), files };
}
