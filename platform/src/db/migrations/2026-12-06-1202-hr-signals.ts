import { sql, type Kysely } from 'kysely';

/**
 * The HR module's discipline feed (issue 20 §2).
 * - hr_signals: a personal finding that stands, and every later change to one HR was told about
 *   (overturned, withdrawn, reopened, corrected). `seq` is the audit_log seq of the change: handed out
 *   under the audit head's lock in the change's transaction, so in commit order; a cursor `seq > n`
 *   never skips a row that committed late. Append-only, as the audit log.
 * - hr_outbox: one webhook delivery per signal and endpoint, written in the same transaction; the
 *   workers deliver it at least once (Standard Webhooks signature), with backoff, then dead-letter it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table hr_signals (
      seq bigint primary key,
      finding_id bigint not null,
      nip text not null,
      kelurahan_code text not null,
      kecamatan_code text not null,
      change text not null,
      at timestamptz not null,
      body text not null
    );
    create index hr_signals_finding on hr_signals (finding_id, seq);
    create trigger hr_signals_no_change before update or delete on hr_signals for each row execute function audit_refuse();
    create trigger hr_signals_no_truncate before truncate on hr_signals for each statement execute function audit_refuse();
    create table hr_outbox (
      id bigint generated always as identity primary key,
      msg_id text not null unique,
      endpoint text not null,
      event_type text not null,
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'sent', 'dead')),
      attempts int not null default 0,
      next_at timestamptz not null,
      last_error text,
      http_status int,
      created_at timestamptz not null,
      sent_at timestamptz
    );
    create index hr_outbox_due on hr_outbox (next_at) where status = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table hr_outbox; drop table hr_signals;`.execute(db);
}
