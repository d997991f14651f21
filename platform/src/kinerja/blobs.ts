import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EvidenceMime } from '@pkk/core';
import type { Db } from '../db/index.ts';

/**
 * Evidence files, content-addressed: VAR_DIR/evidence/<first two hex>/<sha256>. The same bytes are
 * stored once whoever uploads them and however often; a file is written under a temporary name and
 * renamed into place, so a reader never sees half a file and two uploads of the same bytes at once
 * leave one. Every api node must see the same directory (a shared volume beyond one machine).
 */
export function blobPath(root: string, sha256: string): string {
  return path.join(root, 'evidence', sha256.slice(0, 2), sha256);
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function exists(file: string, size: number): Promise<boolean> {
  try {
    return (await stat(file)).size === size;
  } catch {
    return false;
  }
}

/** Stores the bytes (once) and their row; `deduplicated` when they were there already. */
export async function storeBlob(
  db: Db,
  root: string,
  bytes: Uint8Array,
  sha256: string,
  mime: EvidenceMime,
  now: number,
): Promise<{ deduplicated: boolean }> {
  const file = blobPath(root, sha256);
  let deduplicated = await exists(file, bytes.length);
  if (!deduplicated) {
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
  const inserted = await db
    .insertInto('kinerja_blobs')
    .values({ sha256, mime, size: bytes.length, stored_at: new Date(now) })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .returning('sha256')
    .executeTakeFirst();
  if (!inserted) deduplicated = true;
  return { deduplicated };
}
