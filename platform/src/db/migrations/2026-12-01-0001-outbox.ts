import { sql, type Kysely } from 'kysely';

/**
 * The durable hand-off from ingest to the workers, and what keeps live state honest.
 * - office_sequence: one number per office, raised by every delivery that adds events, in the same
 *   statement; live state knows from a gap (or a periodic comparison) that it missed an announcement.
 * - ingest_outbox: one row per delivery that added events, written in the same statement as the
 *   events; the workers drain it into jobs, so detection sees every committed event at least once,
 *   even when the api dies between COMMIT and the announcement, or Redis drops a message.
 * - job_effects: the keys of job effects already applied, so a job that runs twice (a worker killed
 *   after its effect, before its acknowledgement) changes the data once.
 * - office_intake: what the ingest processor has taken in per office (the workers' view of it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table office_sequence (
      kelurahan_code text primary key references kelurahan(code),
      seq bigint not null
    );
    create table ingest_outbox (
      id bigint generated always as identity primary key,
      kelurahan_code text not null,
      channel text not null,
      raw_payload_id bigint not null,
      seq bigint not null,
      -- the time span of the delivery's items, so that reading them back prunes the month partitions
      from_at timestamptz not null,
      to_at timestamptz not null,
      created_at timestamptz not null default now()
    );
    create table job_effects (
      key text primary key,
      applied_at timestamptz not null default now()
    );
    create table office_intake (
      kelurahan_code text primary key references kelurahan(code),
      last_seq bigint not null,
      events bigint not null,
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table office_intake; drop table job_effects; drop table ingest_outbox; drop table office_sequence;`.execute(
    db,
  );
}
