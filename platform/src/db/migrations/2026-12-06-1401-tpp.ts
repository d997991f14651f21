import { sql, type Kysely } from 'kysely';

/**
 * The TPP run (issue 19 §4): periods, runs, lines, the deductions of each line with what they rest on,
 * the finding versions those rest on, and corrections.
 *
 * - tpp_periods: one row per month, draft → locked → published, with who and when. `run_id` is the run
 *   the period was locked with; `held_out` the findings still contested at lock (settled into the next
 *   open month).
 * - tpp_runs: every computation of a month (a draft is recomputed at will; the locked one is kept). It
 *   stores the rule set and the normalised inputs as canonical JSON text with their hashes, so the month
 *   is rebuilt byte for byte from the run alone.
 * - tpp_lines: one per officer, the line's canonical JSON and its hash, with the columns scope filters
 *   on (kelurahan, kecamatan, the superiors of the month). Officers whose records the rules cannot price
 *   are listed in the run's `refused` (NIP, field, why) instead of stopping everyone's month.
 * - tpp_line_items: each deduction of a line, by its key, with the finding version (id + digest) it rests
 *   on. A finding version is a row of tpp_finding_versions: the finding's evidence as it stood, the
 *   hashes of the raw device payloads behind its events and of its snapshot.
 * - tpp_corrections: a change after lock, posted in a later open month, naming the line it corrects.
 *
 * A trigger refuses UPDATE and DELETE of the lines and items of a locked run, and a locked run itself
 * cannot be changed or unlocked: a locked line is never edited, a correction is a new row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tpp_runs (
      id bigint generated always as identity primary key,
      month text not null check (month ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
      created_at timestamptz not null,
      created_by text not null,
      rules text not null,
      rules_hash text not null,
      input text not null,
      input_hash text not null,
      run_hash text not null,
      unplaced text not null default '[]',
      refused jsonb not null default '[]',
      officers integer not null,
      locked boolean not null default false
    );
    create index tpp_runs_month on tpp_runs (month, id desc);
    -- Canonical JSON is written once and read whole: compressing it costs the run more than it saves.
    alter table tpp_runs alter column rules set storage external, alter column input set storage external;

    create table tpp_periods (
      month text primary key check (month ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
      state text not null default 'draft' check (state in ('draft', 'locked', 'published')),
      run_id bigint references tpp_runs(id),
      held_out jsonb not null default '[]',
      created_at timestamptz not null,
      locked_at timestamptz,
      locked_by text,
      published_at timestamptz,
      published_by text,
      check (state = 'draft' or (run_id is not null and locked_at is not null)),
      check (state <> 'published' or published_at is not null)
    );

    create table tpp_finding_versions (
      finding_id bigint not null references findings(id),
      digest text not null,
      nip text not null,
      kind text not null,
      date date not null,
      kelurahan_code text not null,
      evidence jsonb not null,
      raw_payloads jsonb not null,
      snapshot_sha256 text,
      snapshot_url text,
      recorded_at timestamptz not null,
      primary key (finding_id, digest)
    );

    create table tpp_lines (
      run_id bigint not null references tpp_runs(id),
      nip text not null,
      kelurahan_code text,
      kecamatan_code text,
      superiors text[] not null,
      line text not null,
      line_hash text not null,
      basic bigint not null,
      paid bigint not null,
      withheld bigint not null,
      payable bigint not null,
      reasons text[] not null default '{}',
      primary key (run_id, nip)
    );
    alter table tpp_lines alter column line set storage external;
    create index tpp_lines_kelurahan on tpp_lines (run_id, kelurahan_code);
    create index tpp_lines_kecamatan on tpp_lines (run_id, kecamatan_code);

    create table tpp_line_items (
      run_id bigint not null,
      nip text not null,
      key text not null,
      kind text not null,
      rule text not null,
      amount bigint not null,
      finding_id bigint,
      digest text,
      ref text,
      primary key (run_id, nip, key),
      foreign key (run_id, nip) references tpp_lines(run_id, nip),
      foreign key (finding_id, digest) references tpp_finding_versions(finding_id, digest),
      check ((finding_id is null) = (digest is null))
    );
    create index tpp_line_items_finding on tpp_line_items (finding_id) where finding_id is not null;

    create table tpp_corrections (
      id bigint generated always as identity primary key,
      nip text not null,
      corrects_month text not null,
      posted_in text not null,
      based_on_run bigint not null references tpp_runs(id),
      correction text not null,
      correction_hash text not null,
      recomputed_line text not null,
      paid_delta bigint not null,
      payable_delta bigint not null,
      reason text not null,
      created_at timestamptz not null,
      created_by text not null,
      check (posted_in > corrects_month)
    );
    create index tpp_corrections_line on tpp_corrections (corrects_month, nip, id);
    create index tpp_corrections_posted on tpp_corrections (posted_in, nip);

    create function tpp_refuse_locked_lines() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from tpp_runs r where r.id = old.run_id and r.locked) then
        raise exception 'tpp: the lines of locked run % are never edited; post a correction', old.run_id
          using errcode = 'check_violation';
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end $$;
    create trigger tpp_lines_immutable before update or delete on tpp_lines
      for each row execute function tpp_refuse_locked_lines();
    create trigger tpp_line_items_immutable before update or delete on tpp_line_items
      for each row execute function tpp_refuse_locked_lines();

    create function tpp_refuse_locked_run() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and old.locked then
        raise exception 'tpp: locked run % is never deleted', old.id using errcode = 'check_violation';
      end if;
      if tg_op = 'UPDATE' and old.locked and (new is distinct from old) then
        raise exception 'tpp: locked run % is never changed', old.id using errcode = 'check_violation';
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end $$;
    create trigger tpp_runs_immutable before update or delete on tpp_runs
      for each row execute function tpp_refuse_locked_run();

    create function tpp_refuse_correction_edit() returns trigger language plpgsql as $$
    begin
      raise exception 'tpp: a correction is never edited; post another' using errcode = 'check_violation';
    end $$;
    create trigger tpp_corrections_immutable before update or delete on tpp_corrections
      for each row execute function tpp_refuse_correction_edit();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table tpp_corrections; drop table tpp_line_items; drop table tpp_lines;
    drop table tpp_finding_versions; drop table tpp_periods; drop table tpp_runs;
    drop function tpp_refuse_locked_lines(); drop function tpp_refuse_locked_run();
    drop function tpp_refuse_correction_edit();
  `.execute(db);
}
