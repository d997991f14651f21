import { sql, type RawBuilder } from 'kysely';
import {
  capDetails,
  clockCorrectionSeconds,
  leadSeconds,
  nextClockEstimate,
  type IngestChannel,
  type ItemFlag,
} from '@pkk/core';
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
 *
 * A repeated natural key with other content (a device that changed a punch's direction, or lies) is
 * a conflict: the stored version stays authoritative, the new content stays only in the raw body,
 * and the item is flagged `conflict` in the reply and in the raw record. Repeats within one delivery
 * are settled before writing (the first stands); repeats of stored items are compared with the
 * stored version after the second form, in its transaction, where the rows of concurrent deliveries
 * it waited for are visible.
 */

export interface Stored<R> {
  added: R[];
  /** The office's sequence number of this delivery; null when it added nothing. */
  seq: number | null;
  /** Items whose natural key is held with other content: not stored, flagged (raw record too). */
  conflicts: ItemFlag[];
}

const iso = (ms: number) => new Date(ms).toISOString();

const OVERLAP_MEMORY_MS = 60_000;
/** Devices whose last deliveries repeated stored items, until when to skip the plain INSERT for them. */
const overlapping = new Map<number, number>();

type Row = { at: number; index: number };
/** What an item says besides its natural key, in comparable form. */
type Content = Record<string, unknown>;
type StoredRow = { key: string } & Record<string, unknown>;

/** How one kind of item is written and recognised again (`at`: the item's time). */
interface ItemTable<R extends Row> {
  channel: IngestChannel;
  /** `insert into <table> (…) select … from raw, unnest(…)`, without a conflict clause. */
  insert(raw: RawPayload, kelurahan: string, rows: R[]): RawBuilder<unknown>;
  /** The natural key columns to return, aliased to `key`. */
  returningKey: RawBuilder<unknown>;
  keyOf(row: R): string;
  content(row: R): Content;
  /** The stored versions of these rows' keys: `key` and the columns `storedContent` reads. */
  stored(raw: RawPayload, kelurahan: string, rows: R[]): RawBuilder<StoredRow>;
  storedContent(stored: Record<string, unknown>): Content;
}

/** JSON with sorted keys, so that a jsonb round trip (which reorders keys) compares equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The fields in which `sent` differs from `held`, for a conflict's detail; empty when none. */
function differences(held: Content, sent: Content): string[] {
  return Object.keys(held).filter((k) => canonical(held[k]) !== canonical(sent[k]));
}

function conflictFlag(index: number, fields: string[], held: Content, sent: Content, what: string): ItemFlag {
  const says = (c: Content) => fields.map((f) => `${f}=${canonical(c[f]).slice(0, 60)}`).join(', ');
  return {
    index,
    flag: 'conflict',
    detail: `${what} holds ${says(held)}; this delivery says ${says(sent)}: the held version stands`,
  };
}

function rawInsert(p: RawPayload) {
  return sql`insert into raw_payloads (received_at, device_id, channel, adms_table, query, content_type, body, item_count, valid_count, rejects,
                                       source_address, flags, rejects_omitted, flags_omitted, lines_unread)
    values (${p.receivedAt}, ${p.deviceId}, ${p.channel}, ${p.admsTable ?? null}, ${p.query ?? null}, ${p.contentType}, ${p.body},
            ${p.itemCount}, ${p.validCount}, ${JSON.stringify(p.rejects)}::jsonb, ${p.sourceAddress}, ${JSON.stringify(p.flags)}::jsonb,
            ${p.rejectsOmitted ?? 0}, ${p.flagsOmitted ?? 0}, ${p.linesUnread ?? 0})
    returning id`;
}

/** The raw record with more flags, within its flag limit (the rest counted). */
function withFlags(raw: RawPayload, more: ItemFlag[]): RawPayload {
  const room = Math.max(0, (raw.flagLimit ?? Number.POSITIVE_INFINITY) - raw.flags.length);
  const { kept, omitted } = capDetails(more, room);
  return { ...raw, flags: [...raw.flags, ...kept], flagsOmitted: (raw.flagsOmitted ?? 0) + omitted };
}

export async function storeRaw(db: Db, p: RawPayload): Promise<void> {
  await rawInsert(p).execute(db);
}

function statement<R extends Row>(
  t: ItemTable<R>,
  raw: RawPayload,
  kelurahan: string,
  rows: R[],
  safe: boolean,
) {
  const times = rows.map((r) => r.at);
  const from = iso(Math.min(...times));
  const to = iso(Math.max(...times));
  const items = safe
    ? sql`${t.insert(raw, kelurahan, rows)} on conflict do nothing returning ${t.returningKey}`
    : t.insert(raw, kelurahan, rows);
  // In the plain form every row is new (any repeat fails the statement), so the office's number is
  // always raised; in the safe form only when the delivery added something.
  const added = safe ? sql`where exists (select 1 from items)` : sql``;
  return sql<{ seq: number | null; keys: string[] | null; raw_id: number }>`
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
    select (select seq from seq) as seq, ${safe ? sql`(select array_agg(key) from items)` : sql`null::text[]`} as keys, (select id from raw) as raw_id`;
}

/**
 * The first item of each natural key, and the later ones that say something else (conflicts within
 * the delivery; later ones that say the same are plain repeats).
 */
function settleRepeats<R extends Row>(
  t: ItemTable<R>,
  rows: R[],
  what: string,
): { unique: R[]; conflicts: ItemFlag[] } {
  const first = new Map<string, R>();
  const conflicts: ItemFlag[] = [];
  for (const r of rows) {
    const key = t.keyOf(r);
    const held = first.get(key);
    if (!held) {
      first.set(key, r);
      continue;
    }
    const fields = differences(t.content(held), t.content(r));
    if (fields.length)
      conflicts.push(
        conflictFlag(r.index, fields, t.content(held), t.content(r), `item ${held.index} of ${what}`),
      );
  }
  return { unique: first.size === rows.length ? rows : [...first.values()], conflicts };
}

async function store<R extends Row>(
  db: Db,
  t: ItemTable<R>,
  raw0: RawPayload,
  kelurahan: string,
  rows: R[],
): Promise<Stored<R>> {
  const repeats = settleRepeats(t, rows, 'this delivery');
  const raw = repeats.conflicts.length ? withFlags(raw0, repeats.conflicts) : raw0;
  const unique = repeats.unique;
  if (!unique.length) {
    await storeRaw(db, raw);
    return { added: [], seq: null, conflicts: repeats.conflicts };
  }
  const until = overlapping.get(raw.deviceId);
  if (until === undefined || until < Date.now()) {
    try {
      const res = await statement(t, raw, kelurahan, unique, false).execute(db);
      if (until !== undefined) overlapping.delete(raw.deviceId);
      return { added: unique, seq: Number(res.rows[0]!.seq), conflicts: repeats.conflicts };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      overlapping.set(raw.deviceId, Date.now() + OVERLAP_MEMORY_MS);
    }
  }
  return db.transaction().execute(async (tx) => {
    const res = await statement(t, raw, kelurahan, unique, true).execute(tx);
    const row = res.rows[0]!;
    const keys = new Set(row.keys ?? []);
    const added = unique.filter((r) => keys.has(t.keyOf(r)));
    const held = unique.filter((r) => !keys.has(t.keyOf(r)));
    const conflicts = held.length ? await storedConflicts(tx, t, raw, kelurahan, held) : [];
    if (conflicts.length) {
      const flagged = withFlags(raw, conflicts);
      await sql`update raw_payloads set flags = ${JSON.stringify(flagged.flags)}::jsonb, flags_omitted = ${flagged.flagsOmitted ?? 0}
                where id = ${row.raw_id} and received_at = ${raw.receivedAt}`.execute(tx);
    }
    return {
      added,
      seq: row.seq === null ? null : Number(row.seq),
      conflicts: [...repeats.conflicts, ...conflicts],
    };
  });
}

/** The items of `held` (not added: their key is stored) whose stored version says something else. */
async function storedConflicts<R extends Row>(
  db: Db,
  t: ItemTable<R>,
  raw: RawPayload,
  kelurahan: string,
  held: R[],
): Promise<ItemFlag[]> {
  const res = await t.stored(raw, kelurahan, held).execute(db);
  const byKey = new Map(res.rows.map((r) => [r.key, t.storedContent(r)]));
  const out: ItemFlag[] = [];
  for (const r of held) {
    const stored = byKey.get(t.keyOf(r));
    if (!stored) continue;
    const sent = t.content(r);
    const fields = differences(stored, sent);
    if (fields.length) out.push(conflictFlag(r.index, fields, stored, sent, 'the database'));
  }
  return out;
}

const timesOf = (rows: { at: number }[]) => ({
  from: iso(Math.min(...rows.map((r) => r.at))),
  to: iso(Math.max(...rows.map((r) => r.at))),
});
const epochMs = (col: string) => sql`(extract(epoch from ${sql.ref(col)}) * 1000)::bigint`;

const punches: ItemTable<PunchRow> = {
  channel: 'attendance',
  insert: (raw, kelurahan, rows) => sql`
    insert into attendance_punches (device_id, kelurahan_code, person_ref, nip, officer_key, punched_at, direction, verify, raw_payload_id, received_at,
                                    clock_skew_seconds)
    select ${raw.deviceId}, ${kelurahan}, u.ref, u.nip, u.okey, u.at, u.dir, u.verify, raw.id, ${raw.receivedAt}, u.skew
    from raw, unnest(${rows.map((r) => r.ref)}::text[], ${rows.map((r) => r.nip)}::text[], ${rows.map((r) => r.officerKey)}::text[],
                     ${rows.map((r) => iso(r.at))}::timestamptz[], ${rows.map((r) => r.direction)}::text[], ${rows.map((r) => r.verify)}::text[],
                     ${rows.map((r) => r.skewSeconds)}::int[])
         as u(ref, nip, okey, at, dir, verify, skew)`,
  returningKey: sql`officer_key || '|' || ${epochMs('punched_at')} as key`,
  keyOf: (r) => `${r.officerKey}|${r.at}`,
  content: (r) => ({ direction: r.direction, verify: r.verify }),
  stored: (raw, _kelurahan, rows) => {
    const { from, to } = timesOf(rows);
    return sql<StoredRow>`select officer_key || '|' || ${epochMs('punched_at')} as key, direction, verify from attendance_punches
      where device_id = ${raw.deviceId} and punched_at between ${from}::timestamptz and ${to}::timestamptz
        and (officer_key, punched_at) in (select * from unnest(${rows.map((r) => r.officerKey)}::text[], ${rows.map((r) => iso(r.at))}::timestamptz[]))`;
  },
  storedContent: (s) => ({ direction: s.direction, verify: s.verify }),
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
  returningKey: sql`subject || '|' || type || '|' || ${epochMs('occurred_at')} as key`,
  keyOf: (r) => `${r.subject}|${r.type}|${r.at}`,
  content: (r) => ({
    ticketNumber: r.ticketNumber,
    service: r.service,
    desk: r.desk,
    staffNip: r.staffNip,
    detail: r.detail,
  }),
  stored: (_raw, kelurahan, rows) => {
    const { from, to } = timesOf(rows);
    return sql<StoredRow>`select subject || '|' || type || '|' || ${epochMs('occurred_at')} as key, ticket_number, service_code, desk_code, staff_nip, detail
      from queue_events
      where kelurahan_code = ${kelurahan} and occurred_at between ${from}::timestamptz and ${to}::timestamptz
        and (subject, type, occurred_at) in (select * from unnest(${rows.map((r) => r.subject)}::text[], ${rows.map((r) => r.type)}::text[],
                                                                  ${rows.map((r) => iso(r.at))}::timestamptz[]))`;
  },
  storedContent: (s) => ({
    ticketNumber: s.ticket_number,
    service: s.service_code,
    desk: s.desk_code,
    staffNip: s.staff_nip,
    detail: s.detail,
  }),
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
  returningKey: sql`desk_code || '|' || ${epochMs('observed_at')} as key`,
  keyOf: (r) => `${r.desk}|${r.at}`,
  // confidence is a real (float4) column: compared at that precision.
  content: (r) => ({
    present: r.present,
    confidence: Math.fround(r.confidence),
    source: r.source,
    camera: r.camera,
  }),
  stored: (raw, _kelurahan, rows) => {
    const { from, to } = timesOf(rows);
    return sql<StoredRow>`select desk_code || '|' || ${epochMs('observed_at')} as key, present, confidence, source, camera from presence_observations
      where device_id = ${raw.deviceId} and observed_at between ${from}::timestamptz and ${to}::timestamptz
        and (desk_code, observed_at) in (select * from unnest(${rows.map((r) => r.desk)}::text[], ${rows.map((r) => iso(r.at))}::timestamptz[]))`;
  },
  storedContent: (s) => ({
    present: s.present,
    confidence: Math.fround(Number(s.confidence)),
    source: s.source,
    camera: s.camera,
  }),
};

/**
 * Punches, stamped by the terminal's clock: the delivery renews the terminal's clock estimate, and
 * when that clock runs ahead each punch stores the correction it is read with (events/read.ts), so a
 * fast terminal does not make officers late (core/src/office/clock-offset.ts).
 */
export async function storePunches(
  db: Db,
  raw: RawPayload,
  kelurahan: string,
  rows: PunchRow[],
): Promise<Stored<PunchRow>> {
  const correction = await renewClockEstimate(db, raw.deviceId, rows, raw.receivedAt);
  const corrected = rows.map((r) => (r.skewSeconds === correction ? r : { ...r, skewSeconds: correction }));
  return store(db, punches, raw, kelurahan, corrected);
}

async function renewClockEstimate(
  db: Db,
  deviceId: number,
  rows: PunchRow[],
  receivedAt: Date,
): Promise<number | null> {
  const dev = await db
    .selectFrom('devices')
    .select(['clock_lead_seconds', 'clock_lead_at'])
    .where('id', '=', deviceId)
    .executeTakeFirst();
  const prev =
    dev?.clock_lead_seconds != null && dev.clock_lead_at
      ? { seconds: dev.clock_lead_seconds, at: dev.clock_lead_at.getTime() }
      : null;
  const next = nextClockEstimate(
    prev,
    leadSeconds(
      rows.map((r) => r.at),
      receivedAt.getTime(),
    ),
    receivedAt.getTime(),
  );
  if (next && (next.seconds !== prev?.seconds || next.at !== prev.at)) {
    await db
      .updateTable('devices')
      .set({ clock_lead_seconds: next.seconds, clock_lead_at: new Date(next.at) })
      .where('id', '=', deviceId)
      .execute();
  }
  return clockCorrectionSeconds(next);
}
export const storeQueueEvents = (db: Db, raw: RawPayload, kelurahan: string, rows: QueueRow[]) =>
  store(db, queueItems, raw, kelurahan, rows);
export const storePresence = (db: Db, raw: RawPayload, kelurahan: string, rows: PresenceRow[]) =>
  store(db, presence, raw, kelurahan, rows);
