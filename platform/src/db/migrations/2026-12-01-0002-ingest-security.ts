import { sql, type Kysely } from 'kysely';

/**
 * Ingest integrity and security (issue 11 section 5).
 * - devices: the source networks a device may report from (empty: any), the digest of the
 *   `pushcommkey` an ADMS terminal sent at first contact (pinned until an operator resets it), and
 *   the address it last reported from.
 * - raw_payloads: the source address of each request, the flags of its items (clock skew, backdated,
 *   conflict …), and the counts of what was not kept: reject and flag details past the cap, lines
 *   past the line cap (those stay in the body, byte for byte).
 * - attendance_punches: the idempotency key names the officer (by the terminal PIN the registry
 *   enrols them under), not the spelling the device used, so one punch sent once by NIP and once by
 *   PIN is stored once. Punches already stored twice that way are moved, not deleted, to
 *   attendance_punches_respelled, so that the new key can be unique.
 * - device_commands: how often a command was handed out, so that one whose result never came is
 *   offered again after a timeout, a limited number of times.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table devices
      add column allowed_networks text[] not null default '{}',
      add column push_comm_key_hash bytea,
      add column push_comm_key_pinned_at timestamptz,
      add column last_source_address text;

    alter table raw_payloads
      add column source_address text,
      add column flags jsonb not null default '[]',
      add column rejects_omitted integer not null default 0,
      add column flags_omitted integer not null default 0,
      add column lines_unread integer not null default 0;

    -- The officer key of what is stored: ADMS and JSON punches sent by PIN name the officer by that
    -- PIN; JSON punches sent by NIP by the PIN the registry enrols that NIP under, or by the NIP
    -- when the registry does not know it (store.ts: officerKeyOf).
    alter table attendance_punches add column officer_key text;
    update attendance_punches p set officer_key = case
        when p.nip is not null and p.person_ref = p.nip
          then coalesce('pin:' || (select o.pin from officers o where o.nip = p.nip), 'nip:' || p.nip)
        when p.nip is null and d.protocol = 'json' and p.person_ref ~ '^[0-9]{18}$' then 'nip:' || p.person_ref
        else 'pin:' || p.person_ref
      end
      from devices d where d.id = p.device_id;
    create table attendance_punches_respelled (like attendance_punches);
    with ranked as (
      select id, punched_at,
             row_number() over (partition by device_id, officer_key, punched_at order by id) as n
      from attendance_punches
    ),
    moved as (
      delete from attendance_punches p using ranked r
      where p.id = r.id and p.punched_at = r.punched_at and r.n > 1
      returning p.*
    )
    insert into attendance_punches_respelled select * from moved;
    alter table attendance_punches alter column officer_key set not null;
    alter table attendance_punches add constraint attendance_punches_officer_key unique (device_id, officer_key, punched_at);
    alter table attendance_punches drop constraint attendance_punches_device_id_person_ref_punched_at_key;

    alter table device_commands add column attempts integer not null default 0;
    update device_commands set attempts = 1 where sent_at is not null;
    create index device_commands_sent_idx on device_commands (device_id, sent_at) where status = 'sent';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index device_commands_sent_idx;
    alter table device_commands drop column attempts;
    alter table attendance_punches add constraint attendance_punches_device_id_person_ref_punched_at_key unique (device_id, person_ref, punched_at);
    alter table attendance_punches drop constraint attendance_punches_officer_key;
    insert into attendance_punches overriding system value select * from attendance_punches_respelled;
    alter table attendance_punches drop column officer_key;
    drop table attendance_punches_respelled;
    alter table raw_payloads drop column source_address, drop column flags, drop column rejects_omitted,
      drop column flags_omitted, drop column lines_unread;
    alter table devices drop column allowed_networks, drop column push_comm_key_hash,
      drop column push_comm_key_pinned_at, drop column last_source_address;
  `.execute(db);
}
