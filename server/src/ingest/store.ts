import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { PresenceRow, PunchRow, QueueRow, RawPayload } from './rows.ts';

/**
 * Writes one delivery: its raw payload and its valid items in ONE statement, so the payload and
 * the items commit together or not at all. Items already stored (a retried delivery) are skipped by
 * their natural key; the returned rows are those this delivery added.
 *
 * Nearly every delivery is new data, so it is first written with a plain INSERT: the cheapest form
 * (ON CONFLICT costs PostgreSQL a speculative insertion and a confirmation record per row, and
 * RETURNING every row costs both sides; together about a third of the database's time per row). If
 * any item is already stored, that statement fails as a whole, leaving nothing behind, and the
 * delivery is written again with ON CONFLICT DO NOTHING, which returns the rows it added. A device
 * whose deliveries overlap (a terminal re-sending its log) goes straight to the second form for a while.
 */

const iso = (ms: number) => new Date(ms).toISOString();

const UNIQUE_VIOLATION = '23505';
const OVERLAP_MEMORY_MS = 60_000;
/** Devices whose last deliveries repeated stored items, until when to skip the plain INSERT for them. */
const overlapping = new Map<number, number>();

async function insertNew<R>(deviceId: number, rows: R[], plain: () => Promise<unknown>, safe: () => Promise<R[]>): Promise<R[]> {
  const until = overlapping.get(deviceId);
  if (until === undefined || until < Date.now()) {
    try {
      await plain();
      if (until !== undefined) overlapping.delete(deviceId);
      return rows;
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      overlapping.set(deviceId, Date.now() + OVERLAP_MEMORY_MS);
    }
  }
  return safe();
}

function rawInsert(p: RawPayload) {
  return sql`insert into raw_payloads (received_at, device_id, channel, adms_table, query, content_type, body, item_count, valid_count, rejects)
    values (${p.receivedAt}, ${p.deviceId}, ${p.channel}, ${p.admsTable ?? null}, ${p.query ?? null}, ${p.contentType}, ${p.body},
            ${p.itemCount}, ${p.validCount}, ${JSON.stringify(p.rejects)}::jsonb)
    returning id`;
}

export async function storeRaw(db: Db, p: RawPayload): Promise<void> {
  await rawInsert(p).execute(db);
}

export async function storePunches(db: Db, raw: RawPayload, kelurahan: string, rows: PunchRow[]): Promise<PunchRow[]> {
  const insert = sql`
    with raw as (${rawInsert(raw)})
    insert into attendance_punches (device_id, kelurahan_code, person_ref, nip, punched_at, direction, verify, raw_payload_id, received_at, clock_skew_seconds)
    select ${raw.deviceId}, ${kelurahan}, u.ref, u.nip, u.at, u.dir, u.verify, raw.id, ${raw.receivedAt}, u.skew
    from raw, unnest(${rows.map((r) => r.ref)}::text[], ${rows.map((r) => r.nip)}::text[], ${rows.map((r) => iso(r.at))}::timestamptz[],
                     ${rows.map((r) => r.direction)}::text[], ${rows.map((r) => r.verify)}::text[], ${rows.map((r) => r.skewSeconds)}::int[])
         as u(ref, nip, at, dir, verify, skew)`;
  return insertNew(
    raw.deviceId,
    rows,
    () => insert.execute(db),
    async () => {
      const res = await sql<{ person_ref: string; at_ms: number }>`${insert}
        on conflict do nothing
        returning person_ref, (extract(epoch from punched_at) * 1000)::bigint as at_ms`.execute(db);
      const added = new Set(res.rows.map((r) => `${r.person_ref}|${r.at_ms}`));
      return rows.filter((r) => added.delete(`${r.ref}|${r.at}`));
    },
  );
}

export async function storeQueueEvents(db: Db, raw: RawPayload, kelurahan: string, rows: QueueRow[]): Promise<QueueRow[]> {
  const insert = sql`
    with raw as (${rawInsert(raw)})
    insert into queue_events (device_id, kelurahan_code, type, subject, ticket_id, ticket_number, service_code, desk_code, staff_nip,
                              occurred_at, detail, raw_payload_id, received_at, clock_skew_seconds)
    select ${raw.deviceId}, ${kelurahan}, u.type, u.subject, u.ticket, u.number, u.service, u.desk, u.staff, u.at, u.detail, raw.id,
           ${raw.receivedAt}, u.skew
    from raw, unnest(${rows.map((r) => r.type)}::text[], ${rows.map((r) => r.subject)}::text[], ${rows.map((r) => r.ticketId)}::text[],
                     ${rows.map((r) => r.ticketNumber)}::text[], ${rows.map((r) => r.service)}::text[], ${rows.map((r) => r.desk)}::text[],
                     ${rows.map((r) => r.staffNip)}::text[], ${rows.map((r) => iso(r.at))}::timestamptz[],
                     ${rows.map((r) => JSON.stringify(r.detail))}::jsonb[], ${rows.map((r) => r.skewSeconds)}::int[])
         as u(type, subject, ticket, number, service, desk, staff, at, detail, skew)`;
  return insertNew(
    raw.deviceId,
    rows,
    () => insert.execute(db),
    async () => {
      const res = await sql<{ subject: string; type: string; at_ms: number }>`${insert}
        on conflict do nothing
        returning subject, type, (extract(epoch from occurred_at) * 1000)::bigint as at_ms`.execute(db);
      const added = new Set(res.rows.map((r) => `${r.subject}|${r.type}|${r.at_ms}`));
      return rows.filter((r) => added.delete(`${r.subject}|${r.type}|${r.at}`));
    },
  );
}

export async function storePresence(db: Db, raw: RawPayload, kelurahan: string, rows: PresenceRow[]): Promise<PresenceRow[]> {
  const insert = sql`
    with raw as (${rawInsert(raw)})
    insert into presence_observations (device_id, kelurahan_code, desk_code, present, confidence, source, camera, observed_at,
                                       raw_payload_id, received_at, clock_skew_seconds)
    select ${raw.deviceId}, ${kelurahan}, u.desk, u.present, u.confidence, u.source, u.camera, u.at, raw.id, ${raw.receivedAt}, u.skew
    from raw, unnest(${rows.map((r) => r.desk)}::text[], ${rows.map((r) => r.present)}::boolean[], ${rows.map((r) => r.confidence)}::real[],
                     ${rows.map((r) => r.source)}::text[], ${rows.map((r) => r.camera)}::text[], ${rows.map((r) => iso(r.at))}::timestamptz[],
                     ${rows.map((r) => r.skewSeconds)}::int[])
         as u(desk, present, confidence, source, camera, at, skew)`;
  return insertNew(
    raw.deviceId,
    rows,
    () => insert.execute(db),
    async () => {
      const res = await sql<{ desk_code: string; at_ms: number }>`${insert}
        on conflict do nothing
        returning desk_code, (extract(epoch from observed_at) * 1000)::bigint as at_ms`.execute(db);
      const added = new Set(res.rows.map((r) => `${r.desk_code}|${r.at_ms}`));
      return rows.filter((r) => added.delete(`${r.desk}|${r.at}`));
    },
  );
}
