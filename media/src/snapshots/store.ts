import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@pkk/platform/db/index';
import { purgeSnapshots } from '@pkk/platform/media/snapshot-retention';

/**
 * Snapshots on disk (VAR_DIR/snapshots/<cameraId>/<epochMs>.jpg) with a camera_snapshots row each
 * (SHA-256 of the file, evidence for findings), and their removal past the retention, except those a
 * finding refers to (platform/src/media/snapshot-retention.ts).
 */
export class SnapshotStore {
  constructor(
    private readonly db: Db,
    private readonly dir: string,
  ) {}

  async save(cameraId: string, takenAt: number, jpeg: Buffer): Promise<{ path: string; sha256: Buffer }> {
    const folder = path.join(this.dir, cameraId);
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, `${takenAt}.jpg`);
    const sha256 = createHash('sha256').update(jpeg).digest();
    await writeFile(file, jpeg);
    await this.db
      .insertInto('camera_snapshots')
      .values({
        camera_id: cameraId,
        taken_at: new Date(takenAt),
        sha256,
        path: path.relative(this.dir, file),
        bytes: jpeg.length,
      })
      .onConflict((oc) => oc.columns(['camera_id', 'taken_at']).doNothing())
      .execute();
    return { path: file, sha256 };
  }

  /** Deletes rows and files older than `before` (epoch ms) that nothing refers to; returns how many files went. */
  async purge(before: number): Promise<number> {
    return (await purgeSnapshots(this.db, this.dir, before)).files;
  }
}
