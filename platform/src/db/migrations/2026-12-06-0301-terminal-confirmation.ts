import { sql, type Kysely } from 'kysely';

/**
 * A new ADMS terminal's first contact waits for an operator (issue 18 §2): its serial is printed on
 * the device, so whoever reaches /iclock first must not become the terminal.
 *
 * - devices.confirmed_at / confirmed_by / confirmed_address: when, by whom and for which source
 *   address an operator accepted the terminal. Until then nothing it sends is stored (a non-200 keeps
 *   its punches on the device). Terminals that already reported before this existed were accepted
 *   under the old rule and stay accepted; registered terminals never heard from wait like new ones.
 * - device_contacts: what the not-yet-confirmed terminal (or a stranger using its serial) showed, one
 *   row per source address: the pushcommkey digest it last sent, first and last seen, attempts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table devices
      add column confirmed_at timestamptz,
      add column confirmed_by text,
      add column confirmed_address text;
    update devices set confirmed_at = last_seen_at, confirmed_by = '(reported before confirmation existed)',
      confirmed_address = last_source_address
      where protocol = 'adms' and last_seen_at is not null;

    create table device_contacts (
      device_id bigint not null references devices(id) on delete cascade,
      source_address text not null,
      push_comm_key_hash bytea,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      attempts integer not null,
      primary key (device_id, source_address)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table device_contacts;
    alter table devices drop column confirmed_at, drop column confirmed_by, drop column confirmed_address;
  `.execute(db);
}
