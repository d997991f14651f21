/**
 * bench/ingest: the foundation's numbers, measured on the whole stack of this machine.
 *
 *   npm run bench            (or: node --import tsx bench/src/ingest.ts)
 *
 * 1. baseline    raw multi-row INSERTs (500 rows a statement) into the event tables, straight over pg
 * 2. throughput  HTTP batches of 500 attendance/queue events from N concurrent clients, N in 4/8/16
 *                (1 and 2 alternate for each N, so that both see the same machine and table sizes)
 * 3. latency     POST sent → socket.io delta received, at 2,000 events/s, after 2 (live state holding
 *                today's million events)
 * 4. start       `npm start` to /readyz 200, cold and warm, without and with the simulator
 *
 * On a shared machine every phase first waits up to 3 s for the rest of the machine to go quiet, and
 * records how many cores other processes kept busy ('other'): read the rates with it.
 *
 * It runs its own durable PostgreSQL (fsync on: the settings `npm start` uses) and redis-server on free
 * ports in a temporary folder, and the api in a separate process exactly as production starts it, so
 * that the load generator never shares the api's event loop. Results: bench/results/ingest.json.
 *
 * Knobs (env): BENCH_CONCURRENCY=4,8,16  BENCH_SECONDS=15 (per throughput run)  BENCH_BASELINE_SECONDS=5
 * BENCH_LATENCY_SECONDS=20  BENCH_START=0 (skip the start-to-ready runs)  BENCH_API_PROFILE=1 (CPU
 * profile of the api into the temp folder, kept)  BENCH_API_NODE_OPTIONS (NODE_OPTIONS of the api alone, for
 * experiments)  DATABASE_POOL_SIZE (passed to the api).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import {
  Registry,
  type ClientToServerEvents,
  type KelurahanSummary,
  type ServerToClientEvents,
} from '@pkk/core';
import { hashPassword } from '@pkk/platform/auth/secrets';
import { configDir, repoRoot } from '@pkk/platform/config/paths';
import { loadPolicy } from '@pkk/platform/config/policy';
import { startLocalPostgres, type LocalPostgres } from '@pkk/platform/infra/embedded-postgres';
import { startLocalRedis, type LocalRedis } from '@pkk/platform/infra/local-redis';
import { freePort } from '@pkk/platform/infra/ports';
import { persistedMediaKeys } from '@pkk/platform/media/key-files';
import {
  Cleanup,
  cpuSeconds,
  machineBusySeconds,
  HttpClient,
  processesUnder,
  sleep,
  spawnLogged,
  stopChild,
  tail,
  waitHttpOk,
} from './ingest/stack.ts';
import { startToReady, type StartRun } from './ingest/start.ts';
import {
  nipOf,
  OFFICERS_PER_OFFICE,
  officeLayout,
  todayWindow,
  Workload,
  type Office,
  type Punch,
  type QueueItem,
} from './ingest/workload.ts';

const BATCH = 500;
const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '4,8,16')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const THROUGHPUT_S = num('BENCH_SECONDS', 15);
const BASELINE_S = num('BENCH_BASELINE_SECONDS', 5);
const WARMUP_S = num('BENCH_WARMUP_SECONDS', 3);
const LATENCY_S = num('BENCH_LATENCY_SECONDS', 20);
const LATENCY_RATE = num('BENCH_LATENCY_RATE', 2000);
const LATENCY_BATCH = 100;
const START_RUNS = process.env.BENCH_START !== '0';
const PROFILE = process.env.BENCH_API_PROFILE === '1';

const t0 = Date.now();
const say = (msg: string) =>
  console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function distribution(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1] ?? NaN),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}

interface Stack {
  dir: string;
  pg: LocalPostgres;
  redis: LocalRedis;
  apiPid: number;
  apiUrl: string;
  databaseUrl: string;
  http: HttpClient;
  stopApi(): Promise<void>;
}

/** CPU microseconds per event (or row) of each part of the stack: what a shared machine blurs least. */
function perEvent(cpu: Record<string, number>, perSecond: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['api', 'postgres', 'redis', 'bench'])
    if (cpu[k] !== undefined) out[k] = round((cpu[k]! / perSecond) * 1e6, 1);
  return out;
}

/** CPU seconds of each part of the stack during `fn`, as a share of one core. */
async function withCpu<T>(
  stack: Stack,
  fn: () => Promise<T>,
): Promise<{
  result: T;
  cpu: Record<string, number>;
  seconds: number;
  quiet: { waitedMs: number; otherCores: number };
}> {
  const quiet = await waitQuiet(stack);
  const groups = { api: stack.apiPid, postgres: stack.pg.pid(), redis: stack.redis.pid() };
  const before = cpuSeconds(groups);
  const busyBefore = machineBusySeconds();
  const self = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const seconds = (performance.now() - start) / 1000;
  const after = cpuSeconds(groups);
  const mine = process.cpuUsage(self);
  const busy = machineBusySeconds() - busyBefore;
  const cpu: Record<string, number> = {};
  for (const k of Object.keys(after)) cpu[k] = round((after[k]! - (before[k] ?? 0)) / seconds, 2);
  cpu.bench = round((mine.user + mine.system) / 1e6 / seconds, 2);
  // Whatever else ran on the machine meanwhile (other people's tests on a shared box): noise to report.
  const ours = Object.values(cpu).reduce((a, b) => a + b, 0);
  cpu.other = round(Math.max(0, busy / seconds - ours), 2);
  return { result, cpu, seconds, quiet };
}

/**
 * On a shared machine (other people's tests, compilers), waits up to `maxMs` for a moment when the
 * rest of the machine is quiet (under 0.3 of a core busy besides us), so that runs compare. Returns
 * what the rest of the machine used at the end of the wait, in cores.
 */
async function waitQuiet(
  stack: Stack | null,
  maxMs = 3000,
): Promise<{ waitedMs: number; otherCores: number }> {
  const groups: Record<string, number | null> = stack
    ? { api: stack.apiPid, postgres: stack.pg.pid(), redis: stack.redis.pid() }
    : {};
  const start = Date.now();
  for (;;) {
    const b0 = machineBusySeconds();
    const c0 = cpuSeconds(groups);
    const s0 = process.cpuUsage();
    await sleep(500);
    const c1 = cpuSeconds(groups);
    const mine = process.cpuUsage(s0);
    const ours =
      Object.keys(c1).reduce((n, k) => n + c1[k]! - (c0[k] ?? 0), 0) + (mine.user + mine.system) / 1e6;
    const other = Math.max(0, (machineBusySeconds() - b0 - ours) / 0.5);
    if (other < 0.3 || Date.now() - start >= maxMs)
      return { waitedMs: Date.now() - start, otherCores: round(other, 2) };
  }
}

// ---------------------------------------------------------------------------------------------------
// The stack

async function startStack(cleanup: Cleanup, dir: string): Promise<Stack> {
  const pgPort = await freePort();
  const pgi = await startLocalPostgres({
    dir: path.join(dir, 'pg'),
    port: pgPort,
  });
  cleanup.add('postgres', () => pgi.stop());
  cleanup.trackPid(pgi.pid());
  const redis = await startLocalRedis({ dir: path.join(dir, 'redis'), port: await freePort() });
  cleanup.add('redis', () => redis.stop());
  cleanup.trackPid(redis.pid());
  say(`PostgreSQL (durable, fsync on) on :${pgPort}, redis-server on ${redis.url}`);

  const port = await freePort();
  const varDir = path.join(dir, 'var');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: pgi.url,
    REDIS_URL: redis.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ROLE: 'api',
    DEMO: '0',
    VAR_DIR: varDir,
    // The media keys a production api requires, made as the launcher makes them.
    ...persistedMediaKeys(varDir),
    // Experiments only (e.g. GC settings): options for the api process alone.
    ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
  };
  const args = [
    '--import',
    'tsx',
    ...(PROFILE ? ['--cpu-prof', '--cpu-prof-dir', path.join(dir, 'profile')] : []),
    'server/src/main.ts',
  ];
  const log = path.join(dir, 'api.log');
  const proc = spawnLogged(process.execPath, args, { cwd: repoRoot, env, log });
  cleanup.track(proc);
  const stopApi = () => stopChild(proc);
  cleanup.add('api', stopApi);
  const apiUrl = `http://127.0.0.1:${port}`;
  const t = Date.now();
  try {
    await waitHttpOk(`${apiUrl}/readyz`, 60_000, () => proc.exitCode !== null);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- api log ---\n${tail(log)}`);
  }
  say(
    `api (separate process, pid ${proc.pid}) ready in ${((Date.now() - t) / 1000).toFixed(1)} s at ${apiUrl}`,
  );
  const http = new HttpClient(apiUrl);
  cleanup.add('http agent', async () => http.close());
  return { dir, pg: pgi, redis, apiPid: proc.pid!, apiUrl, databaseUrl: pgi.url, http, stopApi };
}

/** An admin, 2 devices and 20 officers per office, and a city-wide API token for the socket. */
async function provision(
  stack: Stack,
  db: pg.Pool,
  registry: Registry,
): Promise<{ offices: Office[]; token: string }> {
  const password = randomBytes(12).toString('base64url');
  await db.query(
    `insert into users (username, display_name, password_hash, role) values ('bench-admin', 'Bench admin', $1, 'admin')`,
    [await hashPassword(password)],
  );
  const cookie = await loginCookie(stack.apiUrl, password);
  const auth = { cookie };

  const layout = officeLayout(registry);
  const offices: Office[] = [];
  const registerDevice = async (code: string, kind: 'attendance' | 'queue') => {
    const r = await stack.http.json<{ device: { id: number }; key: string }>(
      'POST',
      '/api/v1/devices',
      { kelurahanCode: code, kind, name: `bench-${kind}` },
      auth,
    );
    if (r.status !== 201)
      throw new Error(`device registration failed: ${r.status} ${JSON.stringify(r.body)}`);
    return { id: r.body.device.id, key: r.body.key };
  };
  for (let i = 0; i < layout.length; i += 8) {
    const chunk = layout.slice(i, i + 8);
    const made = await Promise.all(
      chunk.map(async (k, j) => {
        const index = i + j;
        const [attendance, queue] = [
          await registerDevice(k.code, 'attendance'),
          await registerDevice(k.code, 'queue'),
        ];
        const nips = Array.from({ length: OFFICERS_PER_OFFICE }, (_, o) => nipOf(index, o));
        const deskOfficer = new Map(k.desks.map((d, o) => [d, nips[o]!]));
        return {
          index,
          code: k.code,
          kecamatanCode: k.kecamatanCode,
          attendance,
          queue,
          nips,
          deskOfficer,
          pairs: k.pairs,
          punchSeq: 0,
          ticketSeq: 0,
        };
      }),
    );
    offices.push(...made);
  }
  const officers = offices.flatMap((o) =>
    o.nips.map((nip, n) => ({
      nip,
      name: `Pegawai ${o.index}-${n}`,
      kelurahanCode: o.code,
      position: n === 0 ? 'Lurah' : n < 4 ? 'Petugas Loket' : 'Pelaksana',
      desk: [...o.deskOfficer].find(([, v]) => v === nip)?.[0] ?? null,
      pin: String(n + 1),
    })),
  );
  for (let i = 0; i < officers.length; i += 1000) {
    const r = await stack.http.json(
      'PUT',
      '/api/v1/officers',
      { officers: officers.slice(i, i + 1000) },
      auth,
    );
    if (r.status !== 200) throw new Error(`officers upsert failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const tok = await stack.http.json<{ token: string }>(
    'POST',
    '/api/v1/tokens',
    { name: 'bench-live', role: 'walikota' },
    auth,
  );
  if (tok.status !== 201) throw new Error(`token failed: ${tok.status} ${JSON.stringify(tok.body)}`);
  return { offices, token: tok.body.token };
}

async function loginCookie(base: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench-admin', password }),
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 200 || !cookie) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

// ---------------------------------------------------------------------------------------------------
// Load: one batch of the mix

type Channel = 'attendance' | 'queue';

interface Mix {
  next(): { office: Office; channel: Channel; count: number; punches?: Punch[]; queue?: QueueItem[] };
}

/** Round robin over the offices, alternating attendance and queue batches. */
function mixOf(work: Workload, size: number): Mix {
  let i = 0;
  return {
    next() {
      const k = i++;
      const office = work.offices[Math.floor(k / 2) % work.offices.length]!;
      if (k % 2 === 0)
        return { office, channel: 'attendance', count: size, punches: work.punches(office, size) };
      return { office, channel: 'queue', count: size, queue: work.queue(office, size, true) };
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// 1. Baseline: raw multi-row INSERTs

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

function baselineParams(b: ReturnType<Mix['next']>): unknown[] {
  const received = new Date().toISOString();
  const out: unknown[] = [];
  if (b.punches) {
    for (const p of b.punches)
      out.push(
        b.office.attendance.id,
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
        b.office.queue.id,
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
  concurrency: number,
  seconds: number,
): Promise<{ rows: number; statements: number; seconds: number }> {
  const mix = mixOf(work, BATCH);
  const punchSql = insertText('attendance_punches', PUNCH_COLS, BATCH);
  const queueSql = insertText('queue_events', QUEUE_COLS, BATCH);
  let rows = 0;
  let statements = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const client = await db.connect();
      try {
        while (performance.now() < deadline) {
          const b = mix.next();
          // Named statements: parsed and planned once per connection, the cheapest way in.
          const text = b.punches ? punchSql : queueSql;
          const res = await client.query({
            name: b.punches ? 'bench_punches' : 'bench_queue',
            text,
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

// ---------------------------------------------------------------------------------------------------
// 2. Throughput: HTTP batches of 500

interface IngestReply {
  accepted: number;
  duplicates: number;
  rejected: { index: number; field: string; reason: string }[];
  flagged: unknown[];
}

class Tally {
  accepted = 0;
  posts = 0;
  problems: string[] = [];
  add(expect: number, r: { status: number; body: string }): number {
    this.posts++;
    if (r.status !== 200) {
      this.problems.push(`HTTP ${r.status}: ${r.body.slice(0, 200)}`);
      return 0;
    }
    const reply = JSON.parse(r.body) as IngestReply;
    this.accepted += reply.accepted;
    if (reply.accepted !== expect)
      this.problems.push(
        `accepted ${reply.accepted} of ${expect}: ${JSON.stringify(reply.rejected.slice(0, 2))} dup ${reply.duplicates}`,
      );
    return reply.accepted;
  }
}

function postBatch(stack: Stack, b: ReturnType<Mix['next']>) {
  const body = b.punches
    ? Workload.attendanceBody(b.office, b.punches)
    : Workload.queueBody(b.office, b.queue!);
  const key = b.channel === 'attendance' ? b.office.attendance.key : b.office.queue.key;
  return stack.http.request(
    'POST',
    `/api/v1/ingest/${b.channel}`,
    { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body,
  );
}

async function runHttp(stack: Stack, work: Workload, tally: Tally, concurrency: number, seconds: number) {
  const mix = mixOf(work, BATCH);
  const before = tally.accepted;
  const postsBefore = tally.posts;
  const replyMs: number[] = [];
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const b = mix.next();
        const t = performance.now();
        const r = await postBatch(stack, b);
        replyMs.push(performance.now() - t);
        tally.add(b.count, r);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return {
    accepted: tally.accepted - before,
    posts: tally.posts - postsBefore,
    seconds: elapsed,
    replyMs: distribution(replyMs),
  };
}

/**
 * What PostgreSQL did meanwhile, for reading a latency tail: WAL written, and which tables autovacuum
 * worked on (a million rows loaded in a minute leave it work to do).
 */
function watchPostgres(db: pg.Pool) {
  const autovacuum = new Set<string>();
  let walStart: string | null = null;
  const sample = async () => {
    const r = await db.query<{ query: string }>(
      `select query from pg_stat_activity where backend_type = 'autovacuum worker' and query <> ''`,
    );
    for (const row of r.rows) autovacuum.add(row.query.replace(/^autovacuum:\s*/, ''));
  };
  const ready = db
    .query<{ lsn: string }>('select pg_current_wal_lsn() as lsn')
    .then((r) => (walStart = r.rows[0]!.lsn));
  const timer = setInterval(() => void sample().catch(() => undefined), 1000);
  return {
    async stop() {
      clearInterval(timer);
      await ready;
      const r = await db.query<{ mb: number }>(
        `select (pg_current_wal_lsn() - $1::pg_lsn) / 1048576.0 as mb`,
        [walStart],
      );
      return { walMegabytes: round(Number(r.rows[0]!.mb)), autovacuum: [...autovacuum] };
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// 3. Latency: POST sent → socket.io delta received

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

async function runLatency(
  stack: Stack,
  work: Workload,
  tally: Tally,
  token: string,
  seconds: number,
  rate: number,
) {
  const socket: LiveSocket = io(stack.apiUrl, {
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  const subscribe = (room: string) =>
    new Promise<KelurahanSummary[]>((resolve, reject) =>
      socket.emit('subscribe', { room }, (ack) => {
        if (!ack.ok) return reject(new Error(`subscribe ${room}: ${ack.error.message}`));
        resolve('items' in ack ? ack.items : [ack.detail.summary]);
      }),
    );
  // The whole city (summaries), plus five offices in detail, as the wall and a phone would.
  const watched = [0, 21, 42, 63, 84].map((i) => work.offices[i % work.offices.length]!.code);
  const issued = new Map<string, number>();
  for (const s of await subscribe('city')) issued.set(s.code, s.issuedToday);
  for (const code of watched) await subscribe(`kelurahan:${code}`);

  /** POSTs waiting for the push that shows them, per office, in send order. */
  const pending = new Map<string, { threshold: number; sentAt: number; via?: string }[]>();
  const expected = new Map(issued);
  const latency: number[] = [];
  const viaDetail: number[] = [];
  const replyMs: number[] = [];
  let pushes = 0;
  const seen = (code: string, issuedToday: number, via: string) => {
    const now = performance.now();
    const list = pending.get(code);
    while (list?.length && list[0]!.threshold <= issuedToday) {
      const p = list.shift()!;
      latency.push(now - p.sentAt);
      if (via === 'detail') viaDetail.push(now - p.sentAt);
    }
  };
  socket.on('live:summaries', (msg) => {
    pushes++;
    for (const s of msg.items) seen(s.code, s.issuedToday, 'summary');
  });
  socket.on('live:detail', (msg) => {
    pushes++;
    if (msg.patch.summary) seen(msg.patch.summary.code, msg.patch.summary.issuedToday, 'detail');
  });

  const interval = (LATENCY_BATCH / rate) * 1000;
  const total = Math.floor((seconds * 1000) / interval);
  let sent = 0;
  let lagMax = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const fire = () => {
      const now = performance.now();
      // Drift correction: the i-th POST is due at start + i × interval, whatever the timer did.
      while (sent < total && start + sent * interval <= now) {
        lagMax = Math.max(lagMax, now - (start + sent * interval));
        const office = work.offices[sent % work.offices.length]!;
        sent++;
        const items = work.queue(office, LATENCY_BATCH, false);
        const threshold = (expected.get(office.code) ?? 0) + items.length;
        expected.set(office.code, threshold);
        const sentAt = performance.now();
        const list = pending.get(office.code) ?? [];
        list.push({ threshold, sentAt });
        pending.set(office.code, list);
        inflight.push(
          postBatch(stack, { office, channel: 'queue', count: items.length, queue: items }).then((r) => {
            replyMs.push(performance.now() - sentAt);
            tally.add(items.length, r);
          }),
        );
      }
      if (sent >= total) return resolve();
      setTimeout(fire, Math.max(0, start + sent * interval - performance.now()));
    };
    fire();
  });
  await Promise.all(inflight);
  const sendSeconds = (performance.now() - start) / 1000;
  // Pushes still on their way (the hub coalesces for 15 ms).
  const drainUntil = performance.now() + 3000;
  while (latency.length < sent && performance.now() < drainUntil) await sleep(20);
  socket.close();
  return {
    targetEventsPerSecond: rate,
    achievedEventsPerSecond: round((sent * LATENCY_BATCH) / sendSeconds),
    batch: LATENCY_BATCH,
    posts: sent,
    matched: latency.length,
    unmatched: sent - latency.length,
    pushesReceived: pushes,
    watchedOffices: watched,
    postToDeltaMs: distribution(latency),
    postToDeltaWatchedMs: distribution(viaDetail),
    postToReplyMs: distribution(replyMs),
    senderLagMaxMs: round(lagMax),
  };
}

// ---------------------------------------------------------------------------------------------------

/** Set on SIGINT/SIGTERM: the cleanup runs, and what fails after it is no news. */
let interrupted = false;

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  const onSignal = (sig: string) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`[bench] ${sig}: stopping everything`);
    void cleanup.runAll().then(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGHUP', () => onSignal('SIGHUP'));
  // Last resort if the process ends anyway: signal every child still known (synchronous, so it runs).
  process.on('exit', () => cleanup.killNow());

  // Under the system temp folder: as root, PostgreSQL runs as the postgres user, who must reach it.
  const dir = path.join(os.tmpdir(), `pkk-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  cleanup.add('temp folder', async () => {
    if (!PROFILE) rmSync(dir, { recursive: true, force: true });
  });
  const startedAt = new Date().toISOString();
  const timestamps: Record<string, string> = { started: startedAt };
  const mark = (name: string) => (timestamps[name] = new Date().toISOString());

  try {
    const policy = loadPolicy(configDir(''));
    const registry = new Registry(policy);
    const stack = await startStack(cleanup, dir);
    const db = new pg.Pool({ connectionString: stack.databaseUrl, max: Math.max(...CONCURRENCY) + 2 });
    db.on('error', () => undefined); // idle connections cut by a PostgreSQL stop
    let dbOpen = true;
    const endDb = async () => {
      if (dbOpen) await db.end();
      dbOpen = false;
    };
    cleanup.add('bench pg pool', endDb);
    const { offices, token } = await provision(stack, db, registry);
    say(
      `provisioned ${offices.length} offices: ${offices.length * 2} devices, ${offices.length * OFFICERS_PER_OFFICE} officers`,
    );
    const window = todayWindow(Date.now());
    const tag = `b${Date.now().toString(36)}`;
    say(
      `events dated ${window.date} ${new Date(window.from + 7 * 3600_000).toISOString().slice(11, 16)}–${new Date(window.to + 7 * 3600_000).toISOString().slice(11, 16)} WIB`,
    );

    /*
     * 1 and 2, interleaved: for each N, raw INSERTs then HTTP, so that both see the same machine (this
     * one is shared) and tables of the same size. Baseline rows go to the same tables under device id 0
     * and their own ticket ids, so they never collide with what the api stores.
     */
    mark('throughput');
    const baseWork = new Workload(
      offices.map((o) => ({ ...o, attendance: { ...o.attendance, id: 0 }, queue: { ...o.queue, id: 0 } })),
      window,
      `${tag}x`,
    );
    const work = new Workload(offices, window, tag);
    const tally = new Tally();
    if (WARMUP_S > 0) {
      await runHttp(stack, work, tally, CONCURRENCY[0]!, WARMUP_S);
      say(`warm-up: ${tally.accepted.toLocaleString('en')} events (counted in the totals, not in the rates)`);
    }
    const baseline: {
      concurrency: number;
      rowsPerSecond: number;
      rows: number;
      seconds: number;
      cpu: Record<string, number>;
      cpuMicrosPerRow: object;
      quiet: object;
    }[] = [];
    const throughput: {
      concurrency: number;
      acceptedPerSecond: number;
      accepted: number;
      posts: number;
      seconds: number;
      replyMs: ReturnType<typeof distribution>;
      cpu: Record<string, number>;
      cpuMicrosPerEvent: object;
      quiet: object;
    }[] = [];
    for (const n of CONCURRENCY) {
      const b = await withCpu(stack, () => runBaseline(db, baseWork, n, BASELINE_S));
      const baseRate = Math.round(b.result.rows / b.result.seconds);
      const baseUs = perEvent(b.cpu, baseRate);
      baseline.push({
        concurrency: n,
        rowsPerSecond: baseRate,
        rows: b.result.rows,
        seconds: round(b.result.seconds, 2),
        cpu: b.cpu,
        cpuMicrosPerRow: baseUs,
        quiet: b.quiet,
      });
      say(
        `baseline  N=${String(n).padStart(2)}: ${baseRate.toLocaleString('en')} rows/s  cores ${JSON.stringify(b.cpu)}  µs/row ${JSON.stringify(baseUs)}`,
      );
      const r = await withCpu(stack, () => runHttp(stack, work, tally, n, THROUGHPUT_S));
      const rate = Math.round(r.result.accepted / r.result.seconds);
      const us = perEvent(r.cpu, rate);
      throughput.push({
        concurrency: n,
        acceptedPerSecond: rate,
        accepted: r.result.accepted,
        posts: r.result.posts,
        seconds: round(r.result.seconds, 2),
        replyMs: r.result.replyMs,
        cpu: r.cpu,
        cpuMicrosPerEvent: us,
        quiet: r.quiet,
      });
      say(
        `HTTP      N=${String(n).padStart(2)}: ${rate.toLocaleString('en')} accepted events/s  reply p50 ${r.result.replyMs.p50} ms p99 ${r.result.replyMs.p99} ms  cores ${JSON.stringify(r.cpu)}  µs/event ${JSON.stringify(us)}`,
      );
    }

    /*
     * Settle before measuring latency at 2,000 events/s: a million rows loaded in a minute leave
     * autovacuum a pass over every new page and many dirty buffers to write, which in steady state are
     * spread over hours. Measured unsettled on this machine, that debt put p99 at 150-330 ms (autovacuum
     * on both event tables, 140 MB of WAL in 20 s); `latency.postgres` records what still ran.
     */
    const settleStart = performance.now();
    await db.query('vacuum (analyze) attendance_punches, queue_events, raw_payloads');
    await db.query('checkpoint');
    const settleSeconds = round((performance.now() - settleStart) / 1000);
    say(`settled (vacuum analyze + checkpoint) in ${settleSeconds} s`);

    // 3. Latency.
    mark('latency');
    const watch = watchPostgres(db);
    const lat = await withCpu(stack, () => runLatency(stack, work, tally, token, LATENCY_S, LATENCY_RATE));
    const latency = {
      ...lat.result,
      cpu: lat.cpu,
      quiet: lat.quiet,
      settleSeconds,
      liveEventsToday: tally.accepted,
      postgres: await watch.stop(),
    };
    say(
      `latency @ ${latency.achievedEventsPerSecond} events/s: POST→delta p50 ${latency.postToDeltaMs.p50} ms, p95 ${latency.postToDeltaMs.p95} ms, p99 ${latency.postToDeltaMs.p99} ms, max ${latency.postToDeltaMs.max} ms (${latency.matched}/${latency.posts} matched)`,
    );

    // Nothing lost: every accepted event is a row, every POST a raw payload.
    mark('verify');
    // Rows the api stored (the baseline's are under device id 0).
    const count = async (table: string) =>
      Number(
        (await db.query<{ n: string }>(`select count(*) as n from ${table} where device_id <> 0`)).rows[0]!.n,
      );
    const rows = (await count('attendance_punches')) + (await count('queue_events'));
    const rawPayloads = await count('raw_payloads');
    const verification = {
      acceptedSum: tally.accepted,
      rows,
      rawPayloads,
      posts: tally.posts,
      ok: rows === tally.accepted && rawPayloads === tally.posts,
      problems: tally.problems.slice(0, 10),
      problemCount: tally.problems.length,
    };
    say(
      `verify: ${rows.toLocaleString('en')} rows for ${tally.accepted.toLocaleString('en')} accepted, ${rawPayloads} raw payloads for ${tally.posts} POSTs: ${verification.ok ? 'nothing lost' : 'MISMATCH'}`,
    );
    if (tally.problems.length)
      say(`problems (${tally.problems.length}): ${tally.problems.slice(0, 3).join(' | ')}`);

    await endDb();
    await stack.stopApi();
    await stack.redis.stop();
    await stack.pg.stop();

    // 4. Start to ready.
    mark('startToReady');
    const starts = START_RUNS ? await startToReady(cleanup, dir, say) : [];
    mark('finished');

    const bestBase = baseline.reduce((a, b) => (b.rowsPerSecond > a.rowsPerSecond ? b : a));
    const best = throughput.reduce((a, b) => (b.acceptedPerSecond > a.acceptedPerSecond ? b : a));
    const result = {
      bench: 'ingest',
      machine: {
        cores: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        memGb: round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        /** Cores the rest of the machine kept busy during the measurements (other people's work on a shared box). */
        otherCoresDuringRuns: round(
          [...baseline, ...throughput, latency].reduce((n, r) => n + (r.cpu.other ?? 0), 0) /
            (baseline.length + throughput.length + 1),
          2,
        ),
      },
      settings: {
        batch: BATCH,
        concurrency: CONCURRENCY,
        throughputSeconds: THROUGHPUT_S,
        baselineSeconds: BASELINE_S,
        latencySeconds: LATENCY_S,
        apiDatabasePoolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10),
        postgres: 'embedded, durable (fsync on, synchronous_commit on)',
        offices: offices.length,
        officersPerOffice: OFFICERS_PER_OFFICE,
        eventsDated: window.date,
      },
      baseline: { best: bestBase, runs: baseline },
      throughput,
      best: { concurrency: best.concurrency, acceptedPerSecond: best.acceptedPerSecond },
      ratio: round(best.acceptedPerSecond / bestBase.rowsPerSecond, 3),
      ratioSameConcurrency: throughput.map((t) => ({
        concurrency: t.concurrency,
        ratio: round(
          t.acceptedPerSecond / (baseline.find((b) => b.concurrency === t.concurrency)?.rowsPerSecond ?? NaN),
          3,
        ),
      })),
      latency,
      verification,
      startToReady: starts,
      targets: {
        throughput: { target: 20_000, met: best.acceptedPerSecond >= 20_000 },
        ratio: { target: 0.5, met: best.acceptedPerSecond / bestBase.rowsPerSecond >= 0.5 },
        latencyP99: { target: 150, met: latency.postToDeltaMs.p99 <= 150 },
        startToReady: {
          target: 15_000,
          met: starts.filter((s) => s.ok).every((s) => (s.spawnToReadyMs ?? Infinity) <= 15_000),
        },
      },
      timestamps,
    };
    const out = path.join(repoRoot, 'bench/results/ingest.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    printSummary(result);
    console.log(
      `\nwritten to ${path.relative(process.cwd(), out)}${PROFILE ? `; api CPU profile in ${path.join(dir, 'profile')}` : ''}`,
    );
  } finally {
    await cleanup.runAll();
    // Nothing of ours may outlive the bench: give stragglers a moment, then end them by pid.
    let left = processesUnder(dir);
    for (let i = 0; left.length && i < 50; i++) {
      await sleep(100);
      left = processesUnder(dir);
    }
    if (left.length) {
      console.error(
        `[bench] still running after stop, killing: ${left.map((p) => `${p.pid} ${p.command}`).join('; ')}`,
      );
      for (const p of left) process.kill(p.pid, 'SIGKILL');
      process.exitCode = 1;
    }
  }
}

function printSummary(r: {
  machine: { cores: number; node: string; otherCoresDuringRuns: number };
  baseline: { best: { concurrency: number; rowsPerSecond: number } };
  throughput: { concurrency: number; acceptedPerSecond: number; replyMs: { p50: number; p99: number } }[];
  best: { acceptedPerSecond: number; concurrency: number };
  ratio: number;
  latency: {
    achievedEventsPerSecond: number;
    postToDeltaMs: { p50: number; p95: number; p99: number; max: number };
    matched: number;
    posts: number;
  };
  verification: { ok: boolean };
  startToReady: StartRun[];
  targets: Record<string, { target: number; met: boolean }>;
}): void {
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
  const fmt = (n: number) => n.toLocaleString('en');
  console.log(`\n=== bench/ingest on ${r.machine.cores} cores, node ${r.machine.node} ===`);
  if (r.machine.otherCoresDuringRuns > 0.3)
    console.log(
      `(shared machine: other processes kept ${r.machine.otherCoresDuringRuns} of ${r.machine.cores} cores busy during the runs; the numbers are lower than the stack's own)`,
    );
  console.log(
    `baseline (raw multi-row INSERT)  ${fmt(r.baseline.best.rowsPerSecond)} rows/s (N=${r.baseline.best.concurrency})`,
  );
  for (const t of r.throughput)
    console.log(
      `HTTP batches of 500, N=${String(t.concurrency).padEnd(3)}   ${fmt(t.acceptedPerSecond)} events/s  (reply p50 ${t.replyMs.p50} ms, p99 ${t.replyMs.p99} ms)`,
    );
  console.log(
    `[${mark(r.targets.throughput!.met)}] best throughput        ${fmt(r.best.acceptedPerSecond)} events/s (N=${r.best.concurrency})  target ≥ 20,000`,
  );
  console.log(`[${mark(r.targets.ratio!.met)}] ratio to baseline      ${r.ratio}  target ≥ 0.5`);
  const l = r.latency.postToDeltaMs;
  console.log(
    `[${mark(r.targets.latencyP99!.met)}] POST → delta @ ${fmt(r.latency.achievedEventsPerSecond)}/s  p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms (${r.latency.matched}/${r.latency.posts})  target p99 ≤ 150 ms`,
  );
  for (const s of r.startToReady) {
    console.log(
      s.ok
        ? `[${mark(s.spawnToReadyMs! <= 15_000)}] npm start ${s.label.padEnd(12)} ${(s.spawnToReadyMs! / 1000).toFixed(1)} s to /readyz (launcher ${(s.launcherReadyMs! / 1000).toFixed(1)} s)  target ≤ 15 s`
        : `[MISS] npm start ${s.label.padEnd(12)} ${s.error?.split('\n')[0]}`,
    );
  }
  console.log(`[${mark(r.verification.ok)}] nothing lost (rows = accepted, raw payloads = POSTs)`);
}

void main().catch((err) => {
  if (!interrupted) console.error(`[bench] failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
});
