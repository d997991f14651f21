/**
 * Baseline: raw multi-row INSERTs (500 rows a statement) into the event tables, straight over pg from
 * N concurrent connections. Rows go in under device id 0 and their own ticket ids, so they never
 * collide with what the api stores.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { perEvent, round, say, withCpu, type Groups, type Measured } from './measure.ts';
import { mixOf, type Batch, type Workload } from './workload.ts';

function insertText(table: string, cols: string[], rows: number): string {
  const values: string[] = [];
  for (let r = 0; r < rows; r++)
    values.push(`(${cols.map((_, c) => `$${r * cols.length + c + 1}`).join(',')})`);
  return `insert into ${table} (${cols.join(', ')}) values ${values.join(',')}`;
}

const PUNCH_COLS = [
  'device_id',
  'kelurahan_code',
  'person_ref',
  'nip',
  'punched_at',
  'direction',
  'verify',
  'raw_payload_id',
  'received_at',
  'clock_skew_seconds',
  'officer_key',
];
const QUEUE_COLS = [
  'device_id',
  'kelurahan_code',
  'type',
  'subject',
  'ticket_id',
  'ticket_number',
  'service_code',
  'desk_code',
  'staff_nip',
  'occurred_at',
  'detail',
  'raw_payload_id',
  'received_at',
  'clock_skew_seconds',
];

function baselineParams(b: Batch): unknown[] {
  const received = new Date().toISOString();
  const out: unknown[] = [];
  if (b.punches) {
    for (const p of b.punches)
      out.push(
        0,
        b.office.code,
        p.nip,
        p.nip,
        new Date(p.at).toISOString(),
        'unknown',
        'fingerprint',
        0,
        received,
        null,
        `nip:${p.nip}`,
      );
  } else {
    for (const e of b.queue!) {
      const detail =
        e.type === 'ticket.issued'
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
      out.push(
        0,
        b.office.code,
        e.type,
        e.ticketId,
        e.ticketId,
        e.type === 'ticket.issued' ? e.ticketNumber : null,
        e.type === 'ticket.issued' ? e.service : null,
        e.type === 'ticket.issued' ? null : e.desk,
        e.staffNip && e.type !== 'ticket.issued' ? e.staffNip : null,
        new Date(e.at).toISOString(),
        JSON.stringify(detail),
        0,
        received,
        null,
      );
    }
  }
  return out;
}

async function runBaseline(
  db: pg.Pool,
  work: Workload,
  opts: { batch: number; concurrency: number; seconds: number },
): Promise<{ rows: number; statements: number; seconds: number }> {
  const mix = mixOf(work, opts.batch);
  const punchSql = insertText('attendance_punches', PUNCH_COLS, opts.batch);
  const queueSql = insertText('queue_events', QUEUE_COLS, opts.batch);
  let rows = 0;
  let statements = 0;
  const start = performance.now();
  const deadline = start + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      const client = await db.connect();
      try {
        while (performance.now() < deadline) {
          const b = mix.next();
          // Named statements: parsed and planned once per connection, the cheapest way in.
          const res = await client.query({
            name: b.punches ? 'bench_punches' : 'bench_queue',
            text: b.punches ? punchSql : queueSql,
            values: baselineParams(b),
          });
          rows += res.rowCount ?? 0;
          statements++;
        }
      } finally {
        client.release();
      }
    }),
  );
  return { rows, statements, seconds: (performance.now() - start) / 1000 };
}

export interface BaselineRun extends Measured {
  rowsPerSecond: number;
  rows: number;
  cpuMicrosPerRow: Record<string, number>;
}

/** One baseline run with the CPU of each part of the stack, logged. */
export async function measureBaseline(
  groups: Groups,
  db: pg.Pool,
  work: Workload,
  opts: { batch: number; concurrency: number; seconds: number },
): Promise<BaselineRun> {
  const b = await withCpu(groups, () => runBaseline(db, work, opts));
  const rate = Math.round(b.result.rows / b.result.seconds);
  const us = perEvent(b.cpu, rate);
  say(
    `baseline  N=${String(opts.concurrency).padStart(2)}: ${rate.toLocaleString('en')} rows/s  cores ${JSON.stringify(b.cpu)}  µs/row ${JSON.stringify(us)}`,
  );
  return {
    concurrency: opts.concurrency,
    rowsPerSecond: rate,
    rows: b.result.rows,
    seconds: round(b.result.seconds, 2),
    cpu: b.cpu,
    cpuMicrosPerRow: us,
    quiet: b.quiet,
  };
}
