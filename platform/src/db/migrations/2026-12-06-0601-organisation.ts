import { sql, type Kysely } from 'kysely';

/**
 * Who an officer is in the organisation, over time (issue 19 §1): the TPP of a month is prorated by
 * working days across these rows, and kinerja evidence and appeals go to the direct superior of the
 * day they concern. One row per period in which nothing of it changed; a move, a class change or a
 * new superior closes the row (`valid_to`, exclusive) and opens the next, so history is never
 * overwritten.
 *
 * - unit_kind / unit_code: where the officer works (a kelurahan office, a kecamatan office, or
 *   another unit named by its own code).
 * - kelas_jabatan 1-17 (Perpres on kelas jabatan), golongan (e.g. "III/a"), jenis_jabatan.
 * - tpp_basic: whole rupiah when set by the regional decree for this officer; null means derived
 *   from the kelas by config/tpp.yaml (R1.4).
 * - atasan_nip: the direct superior (atasan langsung); null for the top of a chain.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table officer_assignments (
      id bigint generated always as identity primary key,
      nip text not null references officers(nip),
      valid_from date not null,
      valid_to date,
      unit_kind text not null check (unit_kind in ('kelurahan', 'kecamatan', 'other')),
      unit_code text not null,
      jabatan text not null,
      jenis_jabatan text not null check (jenis_jabatan in ('struktural', 'fungsional', 'pelaksana')),
      kelas_jabatan integer not null check (kelas_jabatan between 1 and 17),
      golongan text not null,
      tpp_basic bigint check (tpp_basic is null or tpp_basic >= 0),
      atasan_nip text references officers(nip),
      recorded_by text not null,
      recorded_at timestamptz not null default now(),
      check (valid_to is null or valid_to > valid_from),
      check (atasan_nip is null or atasan_nip <> nip),
      unique (nip, valid_from)
    );
    create index officer_assignments_atasan_idx on officer_assignments (atasan_nip, valid_from);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table officer_assignments`.execute(db);
}
