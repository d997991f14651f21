/**
 * Baseline: the fastest raw path into the same tables, in the same shape the api writes a batch —
 * one raw_payloads row holding the JSON body, and its items pointing at it, committed together —
 * straight over pg from N concurrent connections, without HTTP, validation, the office sequence or
 * the outbox. Two ways in, both measured, the faster taken as the baseline:
 *
 * - copy    BEGIN; INSERT the raw row RETURNING id; COPY the items FROM STDIN (text format); COMMIT
 * - unnest  one statement: WITH raw AS (INSERT … RETURNING id) INSERT … SELECT FROM raw, unnest($n::text[], …)
 *
 * Rows go in under device id 0 and their own ticket ids, so they never collide with what the api stores.
 */
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { perEvent, round, say, withCpu, type Groups, type Measured } from './measure.ts';
import { bodyOf, mixOf, type Batch, type Workload } from './workload.ts';

export type BaselineMethod = 'copy' | 'unnest';
export const BASELINE_METHODS: BaselineMethod[] = ['copy', 'unnest'];

type Value = string | null;

/** An item table: the columns that vary per item, their array types for unnest, and each item's values. */
interface ItemTable {
  table: string;
  columns: string[];
  types: string[];
  rows(b: Batch): Value[][];
}

const iso = (ms: number) => new Date(ms).toISOString();

const punches: ItemTable = {
  table: 'attendance_punches',
  columns: ['person_ref', 'nip', 'officer_key', 'punched_at', 'direction', 'verify', 'clock_skew_seconds'],
  types: ['text', 'text', 'text', 'timestamptz', 'text', 'text', 'int'],
  rows: (b) =>
    b.punches!.map((p) => [p.nip, p.nip, `nip:${p.nip}`, iso(p.at), 'unknown', 'fingerprint', null]),
};

const queueEvents: ItemTable = {
  table: 'queue_events',
  columns: [
    'type',
    'subject',
    'ticket_id',
    'ticket_number',
    'service_code',
    'desk_code',
    'staff_nip',
    'occurred_at',
    'detail',
    'clock_skew_seconds',
  ],
  types: ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz', 'jsonb', 'int'],
  rows: (b) =>
    b.queue!.map((e) => {
      const issued = e.type === 'ticket.issued';
      // The detail the api stores for each type (validate.ts).
      const detail = issued
        ? {
            ticketId: e.ticketId,
            ticketNumber: e.ticketNumber,
            service: e.service,
            channel: 'kiosk',
            priority: false,
          }
        : {
            ticketId: e.ticketId,
            desk: e.desk,
            ...(e.staffNip ? { staffNip: e.staffNip } : {}),
            ...(e.type === 'ticket.called' ? { callNo: 1 } : {}),
          };
      return [
        e.type,
        e.ticketId,
        e.ticketId,
        issued ? e.ticketNumber : null,
        issued ? e.service : null,
        issued ? null : e.desk,
        !issued && e.staffNip ? e.staffNip : null,
        iso(e.at),
        JSON.stringify(detail),
        null,
      ];
    }),
};

const RAW_INSERT = `insert into raw_payloads (received_at, device_id, channel, content_type, body, item_count, valid_count, rejects, source_address, flags)
  values ($1, 0, $2, 'application/json', $3, $4, $4, '[]', '127.0.0.1', '[]') returning id`;

const rawValues = (b: Batch, received: string) => [received, b.channel, Buffer.from(bodyOf(b)), b.count];

function unnestSql(t: ItemTable): string {
  const arrays = t.types.map((ty, i) => `$${i + 6}::${ty}[]`).join(', ');
  const names = t.columns.map((_, i) => `c${i}`);
  return `with raw as (${RAW_INSERT})
    insert into ${t.table} (device_id, kelurahan_code, ${t.columns.join(', ')}, raw_payload_id, received_at)
    select 0, $5, ${names.map((n) => `u.${n}`).join(', ')}, raw.id, $1 from raw, unnest(${arrays}) as u(${names.join(', ')})`;
}

/** COPY text format: tab-separated, `\N` for NULL, backslash escapes. */
function copyField(v: Value): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : v;
}

/** Writes one batch; returns the item rows PostgreSQL reports written. */
async function writeCopy(client: pg.PoolClient, t: ItemTable, b: Batch, received: string): Promise<number> {
  await client.query('begin');
  try {
    const raw = await client.query<{ id: string }>({
      name: 'bench_raw',
      text: RAW_INSERT,
      values: rawValues(b, received),
    });
    const tail = `\t${raw.rows[0]!.id}\t${received}\n`;
    let text = '';
    for (const r of t.rows(b)) text += `0\t${b.office.code}\t${r.map(copyField).join('\t')}${tail}`;
    const sql = `copy ${t.table} (device_id, kelurahan_code, ${t.columns.join(', ')}, raw_payload_id, received_at) from stdin`;
    const copy = client.query(copyFrom(sql));
    await pipeline(Readable.from([Buffer.from(text)]), copy);
    await client.query('commit');
    return copy.rowCount;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

async function writeUnnest(client: pg.PoolClient, t: ItemTable, b: Batch, received: string): Promise<number> {
  const rows = t.rows(b);
  const arrays = t.columns.map((_, c) => rows.map((r) => r[c]));
  // Named statements: parsed and planned once per connection, the cheapest way in.
  const res = await client.query({
    name: `bench_${t.table}`,
    text: unnestSql(t),
    values: [...rawValues(b, received), b.office.code, ...arrays],
  });
  return res.rowCount ?? 0;
}

async function runBaseline(
  db: pg.Pool,
  work: Workload,
  opts: { method: BaselineMethod; batch: number; concurrency: number; seconds: number },
): Promise<{ rows: number; batches: number; seconds: number }> {
  const mix = mixOf(work, opts.batch);
  const write = opts.method === 'copy' ? writeCopy : writeUnnest;
  let rows = 0;
  let batches = 0;
  const start = performance.now();
  const deadline = start + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      const client = await db.connect();
      try {
        while (performance.now() < deadline) {
          const b = mix.next();
          // Awaited first: `rows += await …` would read `rows` before the wait and lose the other
          // connections' counts.
          const written = await write(client, b.punches ? punches : queueEvents, b, new Date().toISOString());
          rows += written;
          batches++;
        }
      } finally {
        client.release();
      }
    }),
  );
  return { rows, batches, seconds: (performance.now() - start) / 1000 };
}

const DURABILITY = ['fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method'] as const;
export type Durability = Record<(typeof DURABILITY)[number], string>;

/** The server's durability settings, read back: the baseline and the api commit under the same ones. */
export async function durability(db: pg.Pool): Promise<Durability> {
  const out = {} as Durability;
  for (const name of DURABILITY) {
    const r = await db.query<Record<string, string>>(`show ${name}`);
    out[name] = r.rows[0]![name]!;
  }
  return out;
}

export interface BaselineRun extends Measured {
  method: BaselineMethod;
  rowsPerSecond: number;
  rows: number;
  batches: number;
  cpuMicrosPerRow: Record<string, number>;
}

/** One baseline run with the CPU of each part of the stack, logged. */
export async function measureBaseline(
  groups: Groups,
  db: pg.Pool,
  work: Workload,
  opts: { method: BaselineMethod; batch: number; concurrency: number; seconds: number },
): Promise<BaselineRun> {
  const b = await withCpu(groups, () => runBaseline(db, work, opts));
  const rate = Math.round(b.result.rows / b.result.seconds);
  const us = perEvent(b.cpu, rate);
  say(
    `baseline ${opts.method.padEnd(6)} N=${String(opts.concurrency).padStart(2)}: ${rate.toLocaleString('en')} rows/s  cores ${JSON.stringify(b.cpu)}  µs/row ${JSON.stringify(us)}`,
  );
  return {
    method: opts.method,
    concurrency: opts.concurrency,
    rowsPerSecond: rate,
    rows: b.result.rows,
    batches: b.result.batches,
    seconds: round(b.result.seconds, 2),
    cpu: b.cpu,
    cpuMicrosPerRow: us,
    quiet: b.quiet,
  };
}
