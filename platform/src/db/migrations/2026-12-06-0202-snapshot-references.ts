import { sql, type Kysely } from 'kysely';

/**
 * Retention by reference: a snapshot that something points to is kept for as long as that thing
 * exists, whatever its age; the rest go after SNAPSHOT_RETENTION_HOURS. One row per (holder,
 * snapshot). Today the holders are findings (a desk finding's picture, `evidence.snapshot`); another
 * holder (an audit entry, a finding's camera frames) adds its own nullable foreign-key column with
 * `on delete cascade`, and widens the check so that every row names exactly one holder.
 *
 * The purge (platform/src/media/snapshot-retention.ts) skips snapshots with a row here through the
 * primary key's (camera_id, taken_at) prefix; the foreign key to camera_snapshots is `restrict`, so
 * no purge, and no cascade from a deleted camera, can take a referenced picture's row away.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table snapshot_references (
      camera_id uuid not null,
      taken_at timestamptz not null,
      finding_id bigint references findings(id) on delete cascade,
      created_at timestamptz not null default now(),
      foreign key (camera_id, taken_at) references camera_snapshots (camera_id, taken_at) on delete restrict,
      check (num_nonnulls(finding_id) = 1)
    );
    create unique index snapshot_references_finding on snapshot_references (camera_id, taken_at, finding_id);
    create index snapshot_references_by_finding on snapshot_references (finding_id);
    -- The purge's range (taken_at < cutoff over every camera) without reading the whole table.
    create index camera_snapshots_taken on camera_snapshots (taken_at);

    -- The findings stored before this table existed keep the pictures their evidence names (where
    -- the picture is still there), as the detection pass does from now on.
    insert into snapshot_references (camera_id, taken_at, finding_id)
    select s.camera_id, s.taken_at, f.id
    from findings f
    join camera_snapshots s
      on s.camera_id::text = f.evidence->'metrics'->>'snapshotCamera'
     and s.taken_at = timestamptz 'epoch'
                      + (f.evidence->'metrics'->>'snapshotAt')::bigint * interval '1 millisecond'
    where f.evidence->'metrics'->>'snapshotAt' ~ '^[0-9]{1,15}$'
    on conflict do nothing;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table snapshot_references; drop index camera_snapshots_taken`.execute(db);
}
