import { sql } from 'kysely';
import type { CameraFacts, Detection, FindingEvidence } from '@pkk/core';
import type { Db } from '../db/index.ts';

/**
 * Camera evidence of desk findings: the snapshot of a camera whose zones cover the desk, taken
 * nearest the finding's start (within the window), as its URL in `evidence.snapshot` and its
 * SHA-256 (hex), time and camera in the metrics, so that whoever reads the finding can check the
 * picture is the one that was stored. No camera on the desk, or no snapshot near enough: nothing.
 */
export async function attachDeskSnapshots(
  db: Db,
  detections: Detection[],
  cameras: readonly CameraFacts[],
  windowMs: number,
): Promise<void> {
  for (const d of detections) {
    if ((d.kind !== 'desk_unattended' && d.kind !== 'desk_occupied_no_checkin') || !d.subject.desk) continue;
    const ids = cameras.filter((c) => c.desks.includes(d.subject.desk!)).map((c) => c.id);
    if (!ids.length) continue;
    const from = new Date(d.from);
    const snap = await db
      .selectFrom('camera_snapshots')
      .select(['camera_id', 'taken_at', 'sha256'])
      .where('camera_id', 'in', ids)
      .where('taken_at', '>=', new Date(d.from - windowMs))
      .where('taken_at', '<=', new Date(d.from + windowMs))
      .orderBy(sql`abs(extract(epoch from (taken_at - ${from}::timestamptz)))`)
      .orderBy('taken_at')
      .limit(1)
      .executeTakeFirst();
    if (!snap) continue;
    const at = snap.taken_at.getTime();
    d.evidence = {
      ...d.evidence,
      snapshot: `/api/v1/cameras/${snap.camera_id}/snapshots/${at}`,
      metrics: {
        ...d.evidence.metrics,
        snapshotSha256: snap.sha256.toString('hex'),
        snapshotAt: at,
        snapshotCamera: snap.camera_id,
      },
    };
  }
}

/**
 * Keeps the picture a finding's evidence names for as long as the finding exists (retention by
 * reference, table snapshot_references): the purge skips it. References are only added: a picture
 * that was once a finding's evidence (and went out in a notification with its hash) stays with it.
 */
export async function referenceEvidenceSnapshot(
  db: Db,
  findingId: number,
  evidence: FindingEvidence,
): Promise<void> {
  const camera = evidence.metrics.snapshotCamera;
  const at = evidence.metrics.snapshotAt;
  if (typeof camera !== 'string' || typeof at !== 'number') return;
  await db
    .insertInto('snapshot_references')
    .values({ camera_id: camera, taken_at: new Date(at), finding_id: findingId })
    .onConflict((oc) => oc.columns(['camera_id', 'taken_at', 'finding_id']).doNothing())
    .execute();
}
