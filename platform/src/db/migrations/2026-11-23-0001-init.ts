import { sql, type Kysely } from 'kysely';

/**
 * The system of record for the foundation: registry, people, devices, accepted events and the raw
 * payloads they came in. Event tables are partitioned by month (DESIGN: scale); a default partition
 * catches anything outside the months created so far, so no accepted event is ever refused by storage.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table kecamatan (
      code text primary key,
      name text not null,
      name_legacy text not null
    );
    create table kelurahan (
      code text primary key,
      kecamatan_code text not null references kecamatan(code),
      name text not null,
      name_legacy text not null
    );

    create table users (
      id bigint generated always as identity primary key,
      username text not null unique,
      display_name text not null,
      password_hash text not null,
      role text not null,
      kecamatan_code text references kecamatan(code),
      kelurahan_code text references kelurahan(code),
      nip text,
      active boolean not null default true,
      demo boolean not null default false,
      created_at timestamptz not null default now()
    );
    create table sessions (
      token_hash bytea primary key,
      user_id bigint not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_expires_idx on sessions (expires_at);
    create table api_tokens (
      id bigint generated always as identity primary key,
      name text not null unique,
      token_hash bytea not null unique,
      role text not null,
      kecamatan_code text references kecamatan(code),
      kelurahan_code text references kelurahan(code),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      last_used_at timestamptz
    );

    create table devices (
      id bigint generated always as identity primary key,
      kelurahan_code text not null references kelurahan(code),
      kind text not null check (kind in ('attendance', 'queue', 'presence')),
      name text not null,
      protocol text not null check (protocol in ('json', 'adms')),
      serial text unique,
      key_hash bytea unique,
      tz_offset_minutes integer not null default 420,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      last_seen_at timestamptz,
      unique (kelurahan_code, name)
    );

    create table officers (
      nip text primary key,
      name text not null,
      kelurahan_code text not null references kelurahan(code),
      position text not null,
      desk_code text,
      pin text not null,
      active boolean not null default true,
      updated_at timestamptz not null default now(),
      unique (kelurahan_code, pin)
    );
    create table leave_records (
      id bigint generated always as identity primary key,
      nip text not null references officers(nip),
      kind text not null,
      start_date date not null,
      end_date date not null check (end_date >= start_date),
      note text not null default '',
      created_by text not null,
      created_at timestamptz not null default now()
    );
    create index leave_records_nip_idx on leave_records (nip, start_date, end_date);

    -- Every body a device sent, byte for byte, for audits and appeals.
    create table raw_payloads (
      id bigint generated always as identity,
      received_at timestamptz not null,
      device_id bigint not null,
      channel text not null,
      adms_table text,
      query text,
      content_type text,
      body bytea not null,
      item_count integer not null,
      valid_count integer not null,
      rejects jsonb not null default '[]',
      primary key (id, received_at)
    ) partition by range (received_at);
    -- Compressing on the ingest path costs CPU that the api needs; payloads are small.
    alter table raw_payloads alter column body set storage external;

    create table attendance_punches (
      id bigint generated always as identity,
      device_id bigint not null,
      kelurahan_code text not null,
      -- The id the device knows the person by: the terminal PIN (ADMS) or the NIP (JSON).
      person_ref text not null,
      nip text,
      punched_at timestamptz not null,
      direction text not null,
      verify text not null,
      raw_payload_id bigint not null,
      received_at timestamptz not null,
      clock_skew_seconds integer,
      primary key (id, punched_at),
      unique (device_id, person_ref, punched_at)
    ) partition by range (punched_at);
    create index attendance_kel_time_idx on attendance_punches (kelurahan_code, punched_at);

    create table queue_events (
      id bigint generated always as identity,
      device_id bigint not null,
      kelurahan_code text not null,
      type text not null,
      subject text not null,
      ticket_id text,
      ticket_number text,
      service_code text,
      desk_code text,
      staff_nip text,
      occurred_at timestamptz not null,
      detail jsonb not null default '{}',
      raw_payload_id bigint not null,
      received_at timestamptz not null,
      clock_skew_seconds integer,
      primary key (id, occurred_at),
      unique (kelurahan_code, subject, type, occurred_at)
    ) partition by range (occurred_at);
    create index queue_kel_time_idx on queue_events (kelurahan_code, occurred_at);

    create table presence_observations (
      id bigint generated always as identity,
      device_id bigint not null,
      kelurahan_code text not null,
      desk_code text not null,
      present boolean not null,
      confidence real not null,
      source text not null,
      camera text,
      observed_at timestamptz not null,
      raw_payload_id bigint not null,
      received_at timestamptz not null,
      clock_skew_seconds integer,
      primary key (id, observed_at),
      unique (device_id, desk_code, observed_at)
    ) partition by range (observed_at);
    create index presence_kel_time_idx on presence_observations (kelurahan_code, observed_at);

    -- Commands queued for ADMS terminals, handed out on their next getrequest poll.
    create table device_commands (
      id bigint generated always as identity primary key,
      device_id bigint not null references devices(id),
      command text not null,
      status text not null default 'pending' check (status in ('pending', 'sent', 'done', 'failed')),
      return_code integer,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      done_at timestamptz
    );
    create index device_commands_pending_idx on device_commands (device_id) where status = 'pending';

    create table raw_payloads_default partition of raw_payloads default;
    create table attendance_punches_default partition of attendance_punches default;
    create table queue_events_default partition of queue_events default;
    create table presence_observations_default partition of presence_observations default;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table device_commands, presence_observations, queue_events, attendance_punches, raw_payloads,
      leave_records, officers, devices, api_tokens, sessions, users, kelurahan, kecamatan cascade;
  `.execute(db);
}
