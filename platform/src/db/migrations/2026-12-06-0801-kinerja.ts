import { sql, type Kysely } from 'kysely';

/**
 * Kinerja (issue 19 §2, §3): targets, signed evidence, layered verification, ratings and appeals with
 * a decider and a deadline. Nothing here is edited in place once decided: a rejected realisation is
 * corrected by a new row that names the one it supersedes; every decision is a row of its own.
 *
 * - kinerja_keys: an officer's Ed25519 public keys (the private key stays in their browser). A key
 *   verifies what was received while it was valid ([valid_from, valid_to)); revoking or rotating
 *   sets valid_to, so what it signed before still verifies.
 * - kinerja_blobs: evidence files by SHA-256 (stored once under VAR_DIR/evidence, whoever uploads it).
 * - kinerja_evidence: one upload: the file's hash, the signed statement (canonical JSON of the hash
 *   and metadata), the signature and the key; linked to realisations and appeals by the link table.
 * - kinerja_rhk: annual RHK (indicator, unit, annual target, weight), optionally cascaded from the
 *   superior's RHK (parent_id), or an office KPI computed from operations (office_kpi).
 * - kinerja_targets: the monthly rencana aksi target of an RHK.
 * - kinerja_realisations: what was realised against a monthly target, when it was due and whether it
 *   came late (then late_finding_id names its evidence_late finding).
 * - kinerja_decisions: each layer's validation or rejection, with who, when, and whether in time.
 * - kinerja_ratings: the superior's monthly rating of hasil kerja and perilaku (R2.1); the latest counts.
 * - kinerja_appeals: who decides a contested finding, by when, and how often it was escalated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table kinerja_keys (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id),
      nip text not null,
      public_key text not null unique,
      valid_from timestamptz not null,
      valid_to timestamptz,
      revoked boolean not null default false,
      check (valid_to is null or valid_to >= valid_from)
    );
    create index kinerja_keys_user on kinerja_keys (user_id, valid_from desc);

    create table kinerja_blobs (
      sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
      mime text not null check (mime in ('application/pdf', 'image/jpeg', 'image/png')),
      size bigint not null check (size > 0),
      stored_at timestamptz not null
    );

    create table kinerja_evidence (
      id bigint generated always as identity primary key,
      sha256 text not null references kinerja_blobs(sha256),
      purpose text not null check (purpose in ('realisation', 'appeal')),
      filename text not null,
      statement text not null,
      signature text not null,
      key_id bigint not null references kinerja_keys(id),
      nip text not null,
      uploaded_by bigint not null references users(id),
      uploaded_at timestamptz not null
    );
    create index kinerja_evidence_nip on kinerja_evidence (nip, uploaded_at desc);

    create table kinerja_rhk (
      id bigint generated always as identity primary key,
      nip text not null references officers(nip),
      year integer not null check (year between 2000 and 2100),
      indicator text not null,
      unit text not null,
      annual_target bigint not null check (annual_target > 0),
      weight integer not null check (weight between 1 and 10000),
      parent_id bigint references kinerja_rhk(id),
      office_kpi text check (office_kpi in ('wait_sla', 'desk_coverage', 'attendance_rate', 'ack_median')),
      created_by bigint not null references users(id),
      created_at timestamptz not null
    );
    create index kinerja_rhk_nip on kinerja_rhk (nip, year);

    create table kinerja_targets (
      id bigint generated always as identity primary key,
      rhk_id bigint not null references kinerja_rhk(id),
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      target bigint not null check (target > 0),
      set_by bigint not null references users(id),
      set_at timestamptz not null,
      unique (rhk_id, month)
    );

    create table kinerja_realisations (
      id bigint generated always as identity primary key,
      target_id bigint not null references kinerja_targets(id),
      nip text not null,
      month text not null,
      activity_date date not null,
      realised bigint not null check (realised >= 0),
      note text not null default '',
      status text not null check (status in ('submitted', 'validated', 'verified', 'rejected')),
      submitted_by bigint not null references users(id),
      submitted_at timestamptz not null,
      due_at timestamptz not null,
      late boolean not null,
      late_finding_id bigint references findings(id),
      supersedes bigint unique references kinerja_realisations(id),
      superseded boolean not null default false
    );
    create unique index kinerja_realisations_current on kinerja_realisations (target_id) where not superseded;
    create index kinerja_realisations_month on kinerja_realisations (month, nip);
    create index kinerja_realisations_waiting on kinerja_realisations (status, submitted_at) where not superseded;

    create table kinerja_evidence_links (
      evidence_id bigint not null references kinerja_evidence(id),
      realisation_id bigint references kinerja_realisations(id),
      finding_id bigint references findings(id),
      check ((realisation_id is null) <> (finding_id is null))
    );
    create index kinerja_evidence_links_realisation on kinerja_evidence_links (realisation_id);
    create index kinerja_evidence_links_finding on kinerja_evidence_links (finding_id);

    create table kinerja_decisions (
      id bigint generated always as identity primary key,
      realisation_id bigint not null references kinerja_realisations(id),
      layer text not null check (layer in ('superior', 'verifikator')),
      outcome text not null check (outcome in ('validated', 'rejected')),
      reason text not null,
      by_user bigint not null references users(id),
      by_nip text,
      at timestamptz not null,
      in_time boolean not null
    );
    create index kinerja_decisions_realisation on kinerja_decisions (realisation_id, id);

    create table kinerja_ratings (
      id bigint generated always as identity primary key,
      nip text not null references officers(nip),
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      hasil_kerja text not null check (hasil_kerja in ('di_atas', 'sesuai', 'di_bawah')),
      perilaku text not null check (perilaku in ('di_atas', 'sesuai', 'di_bawah')),
      rated_by bigint not null references users(id),
      rater_nip text,
      at timestamptz not null
    );
    create index kinerja_ratings_month on kinerja_ratings (month, nip, id desc);

    create table kinerja_appeals (
      finding_id bigint primary key references findings(id),
      decider_kind text not null check (decider_kind in ('direct_superior', 'superiors_superior', 'verifikator')),
      decider_nip text,
      due_at timestamptz not null,
      escalations integer not null default 0,
      opened_by bigint references users(id),
      opened_at timestamptz not null
    );
    create index kinerja_appeals_due on kinerja_appeals (due_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table kinerja_appeals, kinerja_ratings, kinerja_decisions, kinerja_evidence_links,
      kinerja_realisations, kinerja_targets, kinerja_rhk, kinerja_evidence, kinerja_blobs, kinerja_keys;
  `.execute(db);
}
