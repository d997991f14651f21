import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@pkk/platform/db/index';

/**
 * Snapshots on disk (VAR_DIR/snapshots/<cameraId>/<epochMs>.jpg) with a camera_snapshots row each
 * (SHA-256 of the file, evidence for findings), and their removal past the retention.
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

  /** Deletes rows and files older than `before` (epoch ms); returns how many files went. */
  async purge(before: number): Promise<number> {
    await this.db.deleteFrom('camera_snapshots').where('taken_at', '<', new Date(before)).execute();
    let removed = 0;
    const cameras = await readdir(this.dir).catch(() => [] as string[]);
    for (const cam of cameras) {
      const files = await readdir(path.join(this.dir, cam)).catch(() => [] as string[]);
      for (const f of files) {
        const at = Number(/^(\d+)\.jpg$/.exec(f)?.[1]);
        if (Number.isFinite(at) && at < before) {
          await rm(path.join(this.dir, cam, f), { force: true });
          removed += 1;
        }
      }
    }
    return removed;
  }
}
