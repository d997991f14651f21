import { sql, type RawBuilder } from 'kysely';
import type { IngestChannel } from '@pkk/core';
import type { Db } from '@pkk/platform/db/index';
import { isUniqueViolation } from '@pkk/platform/db/errors';
import type { PresenceRow, PunchRow, QueueRow, RawPayload } from './rows.ts';

/**
 * Writes one delivery: its raw payload, its valid items, the office's next sequence number and the
 * outbox row that hands the items to the workers, in ONE statement, so they commit together or not
 * at all. Items already stored (a retried delivery) are skipped by their natural key; the result is
 * the rows this delivery added and the sequence number they were given (null when nothing was new).
 *
 * Nearly every delivery is new data, so it is first written with a plain INSERT: the cheapest form
 * (ON CONFLICT costs PostgreSQL a speculative insertion and a confirmation record per row, and
 * RETURNING every row costs both sides; together about a third of the database's time per row). If
 * any item is already stored, that statement fails as a whole, leaving nothing behind, and the
 * delivery is written again with ON CONFLICT DO NOTHING, which returns the rows it added. A device
 * whose deliveries overlap (a terminal re-sending its log) goes straight to the second form for a while.
 */

export interface Stored<R> {
  added: R[];
  /** The office's sequence number of this delivery; null when it added nothing. */
  seq: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

const OVERLAP_MEMORY_MS = 60_000;
/** Devices whose last deliveries repeated stored items, until when to skip the plain INSERT for them. */
const overlapping = new Map<number, number>();

/** How one kind of item is written and recognised again (`at`: the item's time). */
interface ItemTable<R extends { at: number }> {
  channel: IngestChannel;
  /** `insert into <table> (…) select … from raw, unnest(…)`, without a conflict clause. */
  insert(raw: RawPayload, kelurahan: string, rows: R[]): RawBuilder<unknown>;
  /** The natural key columns to return, aliased to `key`. */
  returningKey: RawBuilder<unknown>;
  keyOf(row: R): string;
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

function statement<R extends { at: number }>(t: ItemTable<R>, raw: RawPayload, kelurahan: string, rows: R[], safe: boolean) {
  const times = rows.map((r) => r.at);
  const from = iso(Math.min(...times));
  const to = iso(Math.max(...times));
  const items = safe ? sql`${t.insert(raw, kelurahan, rows)} on conflict do nothing returning ${t.returningKey}` : t.insert(raw, kelurahan, rows);
  // In the plain form every row is new (any repeat fails the statement), so the office's number is
  // always raised; in the safe form only when the delivery added something.
  const added = safe ? sql`where exists (select 1 from items)` : sql``;
  return sql<{ seq: number | null; keys: string[] | null }>`
    with raw as (${rawInsert(raw)}),
    items as (${items}),
    seq as (
      insert into office_sequence as s (kelurahan_code, seq) select ${kelurahan}, 1 ${added}
      on conflict (kelurahan_code) do update set seq = s.seq + 1
      returning seq
    ),
    box as (
      insert into ingest_outbox (kelurahan_code, channel, raw_payload_id, seq, from_at, to_at)
      select ${kelurahan}, ${t.channel}, raw.id, seq.seq, ${from}::timestamptz, ${to}::timestamptz from raw, seq
    )
    select (select seq from seq) as seq, ${safe ? sql`(select array_agg(key) from items)` : sql`null::text[]`} as keys`;
}

async function store<R extends { at: number }>(db: Db, t: ItemTable<R>, raw: RawPayload, kelurahan: string, rows: R[]): Promise<Stored<R>> {
  if (!rows.length) {
    await storeRaw(db, raw);
    return { added: [], seq: null };
  }
  const until = overlapping.get(raw.deviceId);
  if (until === undefined || until < Date.now()) {
    try {
      const res = await statement(t, raw, kelurahan, rows, false).execute(db);
      if (until !== undefined) overlapping.delete(raw.deviceId);
      return { added: rows, seq: Number(res.rows[0]!.seq) };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      overlapping.set(raw.deviceId, Date.now() + OVERLAP_MEMORY_MS);
    }
  }
  const res = await statement(t, raw, kelurahan, rows, true).execute(db);
  const row = res.rows[0]!;
  const keys = new Set(row.keys ?? []);
  return { added: rows.filter((r) => keys.delete(t.keyOf(r))), seq: row.seq === null ? null : Number(row.seq) };
}

const punches: ItemTable<PunchRow> = {
  channel: 'attendance',
  insert: (raw, kelurahan, rows) => sql`
    insert into attendance_punches (device_id, kelurahan_code, person_ref, nip, punched_at, direction, verify, raw_payload_id, received_at, clock_skew_seconds)
    select ${raw.deviceId}, ${kelurahan}, u.ref, u.nip, u.at, u.dir, u.verify, raw.id, ${raw.receivedAt}, u.skew
    from raw, unnest(${rows.map((r) => r.ref)}::text[], ${rows.map((r) => r.nip)}::text[], ${rows.map((r) => iso(r.at))}::timestamptz[],
                     ${rows.map((r) => r.direction)}::text[], ${rows.map((r) => r.verify)}::text[], ${rows.map((r) => r.skewSeconds)}::int[])
         as u(ref, nip, at, dir, verify, skew)`,
  returningKey: sql`person_ref || '|' || (extract(epoch from punched_at) * 1000)::bigint as key`,
  keyOf: (r) => `${r.ref}|${r.at}`,
};

const queueItems: ItemTable<QueueRow> = {
  channel: 'queue',
  insert: (raw, kelurahan, rows) => sql`
    insert into queue_events (device_id, kelurahan_code, type, subject, ticket_id, ticket_number, service_code, desk_code, staff_nip,
                              occurred_at, detail, raw_payload_id, received_at, clock_skew_seconds)
    select ${raw.deviceId}, ${kelurahan}, u.type, u.subject, u.ticket, u.number, u.service, u.desk, u.staff, u.at, u.detail, raw.id,
           ${raw.receivedAt}, u.skew
    from raw, unnest(${rows.map((r) => r.type)}::text[], ${rows.map((r) => r.subject)}::text[], ${rows.map((r) => r.ticketId)}::text[],
                     ${rows.map((r) => r.ticketNumber)}::text[], ${rows.map((r) => r.service)}::text[], ${rows.map((r) => r.desk)}::text[],
                     ${rows.map((r) => r.staffNip)}::text[], ${rows.map((r) => iso(r.at))}::timestamptz[],
                     ${rows.map((r) => JSON.stringify(r.detail))}::jsonb[], ${rows.map((r) => r.skewSeconds)}::int[])
         as u(type, subject, ticket, number, service, desk, staff, at, detail, skew)`,
  returningKey: sql`subject || '|' || type || '|' || (extract(epoch from occurred_at) * 1000)::bigint as key`,
  keyOf: (r) => `${r.subject}|${r.type}|${r.at}`,
};

const presence: ItemTable<PresenceRow> = {
  channel: 'presence',
  insert: (raw, kelurahan, rows) => sql`
    insert into presence_observations (device_id, kelurahan_code, desk_code, present, confidence, source, camera, observed_at,
                                       raw_payload_id, received_at, clock_skew_seconds)
    select ${raw.deviceId}, ${kelurahan}, u.desk, u.present, u.confidence, u.source, u.camera, u.at, raw.id, ${raw.receivedAt}, u.skew
    from raw, unnest(${rows.map((r) => r.desk)}::text[], ${rows.map((r) => r.present)}::boolean[], ${rows.map((r) => r.confidence)}::real[],
                     ${rows.map((r) => r.source)}::text[], ${rows.map((r) => r.camera)}::text[], ${rows.map((r) => iso(r.at))}::timestamptz[],
                     ${rows.map((r) => r.skewSeconds)}::int[])
         as u(desk, present, confidence, source, camera, at, skew)`,
  returningKey: sql`desk_code || '|' || (extract(epoch from observed_at) * 1000)::bigint as key`,
  keyOf: (r) => `${r.desk}|${r.at}`,
};

export const storePunches = (db: Db, raw: RawPayload, kelurahan: string, rows: PunchRow[]) => store(db, punches, raw, kelurahan, rows);
export const storeQueueEvents = (db: Db, raw: RawPayload, kelurahan: string, rows: QueueRow[]) => store(db, queueItems, raw, kelurahan, rows);
export const storePresence = (db: Db, raw: RawPayload, kelurahan: string, rows: PresenceRow[]) => store(db, presence, raw, kelurahan, rows);
