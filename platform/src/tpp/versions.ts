import { sql } from 'kysely';
import type { Db } from '../db/index.ts';

/**
 * The finding versions a TPP run rests on (tpp_finding_versions): for each finding (id, digest) the
 * evidence as it stood, the SHA-256 of every raw device payload its events came in (punches, queue
 * events, presence observations → raw_payloads.body) and the hash and address of its snapshot. Stored
 * once per version (a later version of the finding is a new row), so a deduction of a locked line
 * still resolves to exactly what it was computed from after the finding changes.
 *
 * Runs inside the run's transaction: the digests are those the month was gathered with.
 */
export async function recordFindingVersions(db: Db, ids: readonly number[], at: Date): Promise<void> {
  const CHUNK = 5_000;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await sql`
      insert into tpp_finding_versions
        (finding_id, digest, nip, kind, date, kelurahan_code, evidence, raw_payloads, snapshot_sha256, snapshot_url, recorded_at)
      select f.id, f.digest, f.nip, f.kind, f.date, f.kelurahan_code, f.evidence,
        coalesce((
          select jsonb_agg(jsonb_build_object('id', rp.id, 'sha256', encode(sha256(rp.body), 'hex')) order by rp.id)
          from raw_payloads rp
          where rp.id in (
            select p.raw_payload_id from jsonb_array_elements(f.evidence->'events') e
              join attendance_punches p on e->>'kind' = 'punch' and p.id = (e->>'id')::bigint
            union
            select q.raw_payload_id from jsonb_array_elements(f.evidence->'events') e
              join queue_events q on e->>'kind' = 'queue' and q.id = (e->>'id')::bigint
            union
            select o.raw_payload_id from jsonb_array_elements(f.evidence->'events') e
              join presence_observations o on e->>'kind' = 'presence' and o.id = (e->>'id')::bigint
          )
        ), '[]'::jsonb),
        f.evidence->'metrics'->>'snapshotSha256',
        f.evidence->>'snapshot',
        ${at}
      from findings f
      where f.id = any(${sql.val(chunk)}::bigint[])
        and not exists (select 1 from tpp_finding_versions v where v.finding_id = f.id and v.digest = f.digest)
      on conflict do nothing
    `.execute(db);
  }
}
