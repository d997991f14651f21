import { sql, type Kysely } from 'kysely';

/**
 * Findings: what the detectors judged, with their evidence, and their history.
 * - findings: one row per finding. A condition (a desk left alone) has one open row per fingerprint
 *   at a time; an occurrence (a late arrival) one row per fingerprint ever (its fingerprint holds the
 *   day). The two partial unique indexes make a re-run or a second worker unable to duplicate one.
 *   `standing` is set for findings about a person: pending (appeal window), contested, standing,
 *   withdrawn. Only a standing finding may ever reach an allowance.
 * - finding_events: append-only history of each finding: opened, updated, reopened, resolved,
 *   withdrawn, and (later) what people did with it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table findings (
      id bigint generated always as identity primary key,
      kind text not null,
      nature text not null check (nature in ('condition', 'occurrence')),
      fingerprint text not null,
      kelurahan_code text not null references kelurahan(code),
      kecamatan_code text not null references kecamatan(code),
      nip text,
      date date not null,
      subject jsonb not null,
      labels jsonb not null,
      from_at timestamptz not null,
      to_at timestamptz,
      severity text not null check (severity in ('info', 'warning', 'critical')),
      confidence real not null check (confidence between 0 and 1),
      state text not null check (state in ('open', 'resolved')),
      standing text check (standing in ('pending', 'contested', 'standing', 'withdrawn')),
      evidence jsonb not null,
      digest text not null,
      opened_at timestamptz not null,
      updated_at timestamptz not null,
      resolved_at timestamptz
    );
    create unique index findings_open_condition on findings (fingerprint) where nature = 'condition' and state = 'open';
    create unique index findings_occurrence on findings (fingerprint) where nature = 'occurrence';
    create index findings_office_scope on findings (kelurahan_code, date);
    create index findings_office_open on findings (kelurahan_code) where state = 'open';
    create index findings_kecamatan_opened on findings (kecamatan_code, opened_at desc);
    create index findings_person on findings (nip, date) where nip is not null;

    create table finding_events (
      id bigint generated always as identity primary key,
      finding_id bigint not null references findings(id),
      at timestamptz not null,
      action text not null,
      actor_user_id bigint references users(id),
      detail jsonb not null default '{}'
    );
    create index finding_events_finding on finding_events (finding_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table finding_events; drop table findings;`.execute(db);
}
