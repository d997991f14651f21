import { deskZone, type DeskZone } from '@pkk/core';
import type { Db } from '@pkk/platform/db/index';

/** The desk zones of these cameras (those with none are left out); a zone that does not parse is dropped. */
export async function loadZones(db: Db, cameraIds: readonly string[]): Promise<Map<string, DeskZone[]>> {
  const out = new Map<string, DeskZone[]>();
  if (!cameraIds.length) return out;
  const rows = await db.selectFrom('cameras').select(['id', 'zones']).where('id', 'in', cameraIds).execute();
  for (const r of rows) {
    const list = Array.isArray(r.zones) ? r.zones.flatMap((z) => deskZone.safeParse(z).data ?? []) : [];
    if (list.length) out.set(r.id, list);
  }
  return out;
}
