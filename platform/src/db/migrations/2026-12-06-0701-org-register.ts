import { sql, type Kysely } from 'kysely';

/**
 * The organisation register around officer_assignments (issue 19 §1, §4):
 *
 * - jenis_jabatan takes the values of core's AssignmentSegment (jpt, administrator, pengawas,
 *   pelaksana, fungsional), so that a TPP run reads rows without a mapping. The earlier 'struktural'
 *   could be any of the three structural kinds; a stored one becomes 'pengawas' (the eselon IV of a
 *   lurah or sekretaris kelurahan, the structural posts a kelurahan has).
 * - sanctions: the register of hukuman disiplin (R4.1, R4.2): an SK number, a kind of tpp.yaml
 *   hukdis.sanctions, its start and months. Rows are never edited: an SK that is annulled gets a row
 *   in sanction_annulments naming the annulling SK.
 * - hukdis_cases: R4.3: an annual count of standing absent_no_notice days that crosses a rung of
 *   PP 94/2021's ladder opens a case for the direct superior, never a sanction. One case per officer,
 *   year and proposed sanction; it is closed with an outcome (a sanction of the register, or dismissed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table officer_assignments drop constraint if exists officer_assignments_jenis_jabatan_check;
    update officer_assignments set jenis_jabatan = 'pengawas' where jenis_jabatan = 'struktural';
    alter table officer_assignments add constraint officer_assignments_jenis_jabatan_check
      check (jenis_jabatan in ('jpt', 'administrator', 'pengawas', 'pelaksana', 'fungsional'));
    create index officer_assignments_unit_idx on officer_assignments (unit_kind, unit_code, valid_from);

    create table hukdis_cases (
      id bigint generated always as identity primary key,
      nip text not null references officers(nip),
      year integer not null check (year between 2000 and 2100),
      kind text not null check (kind in ('annual_absence', 'consecutive_absence')),
      days integer not null check (days >= 0),
      level text not null check (level in ('ringan', 'sedang', 'berat')),
      proposed_sanction text not null,
      assigned_to text references officers(nip),
      finding_ids bigint[] not null,
      state text not null default 'open' check (state in ('open', 'closed')),
      opened_at timestamptz not null default now(),
      closed_at timestamptz,
      closed_by text,
      outcome text check (outcome is null or outcome in ('sanctioned', 'dismissed')),
      outcome_note text not null default '',
      unique (nip, year, kind, proposed_sanction),
      check ((state = 'open') = (closed_at is null))
    );

    create table sanctions (
      id bigint generated always as identity primary key,
      nip text not null references officers(nip),
      sk_number text not null,
      kind text not null,
      level text not null check (level in ('ringan', 'sedang', 'berat')),
      start_date date not null,
      months integer check (months is null or months between 0 and 120),
      note text not null default '',
      case_id bigint references hukdis_cases(id),
      recorded_by text not null,
      recorded_at timestamptz not null default now(),
      unique (nip, sk_number)
    );
    create index sanctions_nip_idx on sanctions (nip, start_date);

    create table sanction_annulments (
      sanction_id bigint primary key references sanctions(id),
      sk_number text not null,
      note text not null default '',
      recorded_by text not null,
      recorded_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table sanction_annulments;
    drop table sanctions;
    drop table hukdis_cases;
    drop index officer_assignments_unit_idx;
    alter table officer_assignments drop constraint officer_assignments_jenis_jabatan_check;
    update officer_assignments set jenis_jabatan = 'struktural'
      where jenis_jabatan in ('jpt', 'administrator', 'pengawas');
    alter table officer_assignments add constraint officer_assignments_jenis_jabatan_check
      check (jenis_jabatan in ('struktural', 'fungsional', 'pelaksana'));
  `.execute(db);
}
