import { sql, type Kysely } from 'kysely';

/**
 * The audit trail (issue 20 §1): one append-only, hash-chained log of every state change and every
 * live view (core/src/audit/chain.ts says what a row is hashed over).
 * - audit_head: the chain's end (seq, hash), one row. A writer locks it (select … for update) in the
 *   transaction of the change it records, so seq is handed out in commit order and every row links to
 *   the one committed before it; a rolled-back change leaves no gap.
 * - audit_log: the rows. Only an insert that continues the chain is accepted (a trigger checks seq and
 *   prev_hash against the head and moves the head); UPDATE, DELETE and TRUNCATE are refused for every
 *   role, the owner's included. Tampering needs a superuser who turns the triggers off, and that is
 *   what `npm run audit:verify` finds.
 * - audit_anchors: a month's chain head once the month is closed (printed on the public page and in
 *   the month's HR export, so a copy lives outside the database). Append-only too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_head (
      id smallint primary key check (id = 1),
      seq bigint not null,
      hash text not null
    );
    insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));
    create table audit_log (
      seq bigint primary key,
      at timestamptz not null,
      actor text not null,
      action text not null,
      subject text not null,
      refs text[] not null default '{}',
      payload text not null,
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_subject on audit_log (subject, seq desc);
    create index audit_log_refs on audit_log using gin (refs);
    create index audit_log_at on audit_log (at);
    create table audit_anchors (
      month text primary key,
      seq bigint not null,
      hash text not null,
      created_at timestamptz not null default now()
    );

    create function audit_refuse() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = '42501';
    end $$;

    create function audit_continue() returns trigger language plpgsql as $$
    declare h record;
    begin
      select seq, hash into h from audit_head where id = 1 for update;
      if new.seq <> h.seq + 1 or new.prev_hash <> h.hash then
        raise exception 'audit_log: row % does not continue the chain at %', new.seq, h.seq using errcode = '23514';
      end if;
      update audit_head set seq = new.seq, hash = new.hash where id = 1;
      return new;
    end $$;

    create function audit_head_forward() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'UPDATE' or new.seq <> old.seq + 1 or pg_trigger_depth() < 2 then
        raise exception 'audit_head moves only with an audit_log insert' using errcode = '42501';
      end if;
      return new;
    end $$;

    create trigger audit_log_continue before insert on audit_log for each row execute function audit_continue();
    create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_refuse();
    create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_refuse();
    create trigger audit_head_only_forward before update or delete on audit_head for each row execute function audit_head_forward();
    create trigger audit_head_no_truncate before truncate on audit_head for each statement execute function audit_refuse();
    create trigger audit_anchors_no_change before update or delete on audit_anchors for each row execute function audit_refuse();
    create trigger audit_anchors_no_truncate before truncate on audit_anchors for each statement execute function audit_refuse();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table audit_anchors; drop table audit_log; drop table audit_head;
    drop function audit_refuse(); drop function audit_continue(); drop function audit_head_forward();
  `.execute(db);
}
