/**
 * bench/faults: the default demo (`npm start`: api, workers, media, sim, embedded PostgreSQL and a
 * local redis-server) on free ports in a temporary folder, then SIGKILL in turn of each role, of Redis
 * and of PostgreSQL, measuring from the kill:
 *
 *   ready      the killed process is back (a new pid in var/pids.json, alive) and the api's /readyz
 *              answers 200 (for media, its own /readyz too);
 *   converged  live state agrees with the database again: every office's tickets issued today on the
 *              api's live summary (GET /api/v1/kelurahan) lie between two counts of the database read
 *              before and after it, the officers who punched today agree the same way on a few offices'
 *              rosters, and the ingest outbox holds nothing older than 2 s (the workers caught up).
 *
 *   npm run bench:faults      → bench/results/faults.json
 *
 * Knobs (env): FAULTS_TARGETS=api,workers,media,sim,redis,postgres  FAULTS_ROUNDS=1 (kills of each)
 * FAULTS_SETTLE_SECONDS=15 (after each recovery)  FAULTS_TIMEOUT_SECONDS=120  FAULTS_MEDIA=on
 * SIM_SPEED=60  SIM_OFFICES (all by default)  FAULTS_KEEP=1 (keep the temporary folder and its log).
 * The target is 10 s for each; the load average of the machine is recorded with every kill.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { addDays, epochAt, type KelurahanDetail, type KelurahanSummary } from '@pkk/core';
import { repoRoot } from '@pkk/platform/config/paths';
import { freePort } from '@pkk/platform/infra/ports';
import { round, say } from './ingest/measure.ts';
import {
  Cleanup,
  cpuSeconds,
  processesUnder,
  readJsonWhenComplete,
  sleep,
  spawnLogged,
  startTimeOf,
  stopChild,
  tail,
} from './ingest/stack.ts';

const TARGET_MS = 10_000;
const env = process.env;
const targets = (env.FAULTS_TARGETS ?? 'api,workers,media,sim,redis,postgres').split(',').filter(Boolean);
const rounds = Number(env.FAULTS_ROUNDS ?? 1);
const settleMs = Number(env.FAULTS_SETTLE_SECONDS ?? 15) * 1000;
const timeoutMs = Number(env.FAULTS_TIMEOUT_SECONDS ?? 120) * 1000;
const media = env.FAULTS_MEDIA ?? 'on';
/** Offices whose rosters are compared (the list endpoint has no per-officer arrivals). */
const ROSTER_OFFICES = 3;

interface Kill {
  target: string;
  round: number;
  /** Load average (1 min) when the kill was sent, and the machine's cores. */
  loadAvg1: number;
  readyMs: number | null;
  convergedMs: number | null;
  /** ms from the kill: the new process's pid seen, /readyz 200, the wall agreeing, the outbox drained. */
  steps: Record<string, number>;
  /** CPU seconds the new process (and its children) had used when ready: what a busy machine stretches. */
  cpuSecondsAtReady?: number;
  /** The api's own account of its start ('api ready' in the log), when it was the api that restarted. */
  apiStart?: unknown;
  withinTarget: boolean;
  error?: string;
}

type Pids = Record<string, number | null>;

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  let interrupted = false;
  const onSignal = (sig: string) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`[bench] ${sig}: stopping everything`);
    void cleanup.runAll().then(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('exit', () => cleanup.killNow());

  const dir = path.join(os.tmpdir(), `pkk-faults-${process.pid}`);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const varDir = path.join(dir, 'var');
  mkdirSync(varDir, { recursive: true, mode: 0o755 });
  if (env.FAULTS_KEEP !== '1')
    cleanup.add('temp folder', async () => rmSync(dir, { recursive: true, force: true }));

  const [port, pgPort, redisPort, mediaPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const rtc = 20_000 + Math.floor(Math.random() * 400) * 100;
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    PORT: String(port),
    PG_PORT: String(pgPort),
    REDIS_PORT: String(redisPort),
    METRICS_PORT: String(await freePort()),
    MEDIA_METRICS_PORT: String(await freePort()),
    MEDIA_PORT: String(mediaPort),
    MEDIA_NODES: `media-1=http://127.0.0.1:${mediaPort}`,
    MEDIA_RTC_PORTS: `${rtc}-${rtc + 99}`,
    SIM_RTSP_PORT: String(await freePort()),
    MEDIA: media,
    VAR_DIR: varDir,
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
  };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'NODE_ENV', 'DEMO', 'ROLE', 'DATABASE_POOL_SIZE'])
    delete childEnv[k];
  const log = path.join(dir, 'demo.log');
  const started = performance.now();
  const proc = spawnLogged(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env: childEnv,
    log,
  });
  cleanup.track(proc);
  cleanup.add('npm start', async () => {
    await stopChild(proc, 30_000);
    for (const p of processesUnder(varDir)) process.kill(p.pid, 'SIGKILL');
  });
  const base = `http://127.0.0.1:${port}`;
  const pidsFile = path.join(varDir, 'pids.json');
  const result: Record<string, unknown> = {
    bench: 'faults',
    at: new Date().toISOString(),
    host: { cores: os.cpus().length, loadAvgAtStart: os.loadavg().map((l) => round(l, 2)) },
    settings: {
      targets,
      rounds,
      settleMs,
      timeoutMs,
      media,
      simSpeed: env.SIM_SPEED ?? '60',
      offices: env.SIM_OFFICES ?? 'all',
    },
    targetMs: TARGET_MS,
  };
  const kills: Kill[] = [];
  const db = new pg.Pool({
    connectionString: `postgres://postgres:pkk-local@127.0.0.1:${pgPort}/postgres`,
    max: 2,
  });
  db.on('error', () => undefined);
  cleanup.add('database pool', () => db.end());
  try {
    await readJsonWhenComplete(path.join(varDir, 'ready.json'), 300_000);
    result.startToReadyMs = Math.round(performance.now() - started);
    say(`demo ready after ${(Number(result.startToReadyMs) / 1000).toFixed(1)} s (log: ${log})`);
    const { passwords } = JSON.parse(readFileSync(path.join(varDir, 'demo-credentials.json'), 'utf8')) as {
      passwords: Record<string, string>;
    };
    const wall = new Wall(base, passwords.operator!, db);
    // The wall must have something to agree on: wait for the offices' morning (tickets issued).
    const morningBy = Date.now() + 300_000;
    for (;;) {
      const c = await wall.compare().catch(() => null);
      if (c && c.issued > 0 && c.agrees) break;
      if (Date.now() > morningBy) throw new Error('no ticket issued on the wall within 5 min of ready');
      await sleep(1000);
    }
    say('the wall shows the simulated morning; killing in turn');
    await sleep(settleMs);
    for (let r = 1; r <= rounds; r++)
      for (const target of targets) {
        if (interrupted) return;
        const k = await killOne(target, r, { pidsFile, base, mediaPort, wall, db, log });
        kills.push(k);
        say(
          `${target}: ready ${fmt(k.readyMs)}, converged ${fmt(k.convergedMs)} (load ${k.loadAvg1})${k.error ? ` — ${k.error}` : ''}`,
        );
        await sleep(settleMs);
      }
    const restarts = JSON.parse(readFileSync(path.join(varDir, 'supervisor.json'), 'utf8')) as unknown;
    result.supervisor = restarts;
  } catch (err) {
    result.error = `${(err as Error).message}\n${tail(log, 30)}`;
    say(`failed: ${(err as Error).message}`);
  } finally {
    result.kills = kills;
    result.summary = Object.fromEntries(
      targets.map((t) => {
        const ks = kills.filter((k) => k.target === t);
        const worst = (f: (k: Kill) => number | null) =>
          ks.some((k) => f(k) === null) ? null : Math.max(...ks.map((k) => f(k)!));
        return [t, { readyMsMax: worst((k) => k.readyMs), convergedMsMax: worst((k) => k.convergedMs) }];
      }),
    );
    result.allWithinTarget = kills.length > 0 && kills.every((k) => k.withinTarget);
    result.loadAvgAtEnd = os.loadavg().map((l) => round(l, 2));
    const out = path.join(repoRoot, 'bench', 'results', 'faults.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    say(`wrote ${out}`);
    console.table(
      kills.map((k) => ({
        target: k.target,
        round: k.round,
        readyS: sec(k.readyMs),
        convergedS: sec(k.convergedMs),
        load: k.loadAvg1,
      })),
    );
    await cleanup.runAll();
  }
  process.exit(result.error ? 1 : 0);
}

const sec = (ms: number | null) => (ms === null ? 'never' : round(ms / 1000, 1));
const fmt = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);

/** The killed target's pid as var/pids.json names it. */
const pidKey = (target: string) => target;

async function killOne(
  target: string,
  roundNo: number,
  o: { pidsFile: string; base: string; mediaPort: number; wall: Wall; db: pg.Pool; log: string },
): Promise<Kill> {
  const pids = await readJsonWhenComplete<Pids>(o.pidsFile, 5_000);
  const old = pids[pidKey(target)];
  const k: Kill = {
    target,
    round: roundNo,
    loadAvg1: round(os.loadavg()[0]!, 2),
    readyMs: null,
    convergedMs: null,
    steps: {},
    withinTarget: false,
  };
  if (!old) {
    k.error = `no pid for ${target} in pids.json`;
    return k;
  }
  const oldStart = startTimeOf(old);
  const t0 = performance.now();
  process.kill(old, 'SIGKILL');
  const at = () => Math.round(performance.now() - t0);
  const deadline = Date.now() + timeoutMs;
  // The old process must be gone and a new one recorded before a 200 counts as recovery.
  const back = async () => {
    const now = await readJsonWhenComplete<Pids>(o.pidsFile, 1_000).catch(() => null);
    const pid = now?.[pidKey(target)];
    return !!pid && !(pid === old && startTimeOf(pid) === oldStart) && startTimeOf(pid) !== null;
  };
  const ok = async (url: string) => {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return res.ok;
    } catch {
      return false;
    }
  };
  while (Date.now() < deadline) {
    if (k.steps.newPid === undefined && (await back())) k.steps.newPid = at();
    if (k.steps.newPid !== undefined) {
      if (k.steps.apiReady === undefined && (await ok(`${o.base}/readyz`))) k.steps.apiReady = at();
      if (
        target === 'media' &&
        k.steps.mediaReady === undefined &&
        (await ok(`http://127.0.0.1:${o.mediaPort}/readyz`))
      )
        k.steps.mediaReady = at();
      if (k.steps.apiReady !== undefined && (target !== 'media' || k.steps.mediaReady !== undefined)) {
        k.readyMs = Math.max(k.steps.apiReady, k.steps.mediaReady ?? 0);
        const pid = (await readJsonWhenComplete<Pids>(o.pidsFile, 1_000))[pidKey(target)];
        if (pid) k.cpuSecondsAtReady = round(cpuSeconds({ p: pid }).p ?? 0, 2);
        if (target === 'api') k.apiStart = apiReadyLine(o.log, pid ?? 0);
        break;
      }
    }
    await sleep(100);
  }
  if (k.readyMs === null) {
    k.error = `not ready within ${timeoutMs / 1000} s`;
    return k;
  }
  // Convergence: both the wall and the outbox, checked until both hold at once.
  while (Date.now() < deadline) {
    const [c, outbox] = await Promise.all([o.wall.compare().catch(() => null), outboxAgeMs(o.db)]);
    if (c?.agrees && k.steps.wall === undefined) k.steps.wall = at();
    if (outbox !== null && outbox < 2_000 && k.steps.outbox === undefined) k.steps.outbox = at();
    if (c?.agrees && outbox !== null && outbox < 2_000) {
      k.convergedMs = at();
      break;
    }
    await sleep(200);
  }
  if (k.convergedMs === null) k.error = `live state did not converge within ${timeoutMs / 1000} s`;
  k.withinTarget = k.readyMs <= TARGET_MS && k.convergedMs !== null && k.convergedMs <= TARGET_MS;
  return k;
}

/** The 'api ready' line of the api process `pid` (logged at warn when the start was slow). */
function apiReadyLine(log: string, pid: number): unknown {
  const lines = readFileSync(log, 'utf8').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (!l.includes('"msg":"api ready') || !l.includes(`"pid":${pid},`)) continue;
    const { tookMs, phases } = JSON.parse(l) as { tookMs?: number; phases?: unknown };
    return { tookMs, phases };
  }
  return null;
}

/** Age of the oldest outbox row (0 when empty); null when the database does not answer. */
async function outboxAgeMs(db: pg.Pool): Promise<number | null> {
  try {
    const { rows } = await db.query<{ age: number | null }>(
      `select extract(epoch from now() - min(created_at)) * 1000 as age from ingest_outbox`,
    );
    return Number(rows[0]?.age ?? 0);
  } catch {
    return null;
  }
}

/** The api's live state beside the database's record, as the wall shows it. */
class Wall {
  private cookie: string | null = null;

  constructor(
    private readonly base: string,
    private readonly password: string,
    private readonly db: pg.Pool,
  ) {}

  private async signIn(): Promise<string> {
    const res = await fetch(`${this.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: this.password }),
      signal: AbortSignal.timeout(5_000),
    });
    if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }

  private async get<T>(p: string): Promise<T> {
    this.cookie ??= await this.signIn();
    const res = await fetch(`${this.base}${p}`, {
      headers: { cookie: this.cookie },
      signal: AbortSignal.timeout(5_000),
    });
    if (res.status === 401) this.cookie = null;
    if (!res.ok) throw new Error(`${p} answered ${res.status}`);
    return (await res.json()) as T;
  }

  private async counts(date: string, codes: string[]) {
    const from = new Date(epochAt(date, '00:00'));
    const to = new Date(epochAt(addDays(date, 1), '00:00'));
    const issued = await this.db.query<{ code: string; n: number }>(
      `select kelurahan_code as code, count(distinct ticket_id)::int as n from queue_events
        where type = 'ticket.issued' and occurred_at >= $1 and occurred_at < $2 group by 1`,
      [from, to],
    );
    const arrived = await this.db.query<{ code: string; n: number }>(
      `select kelurahan_code as code, count(distinct nip)::int as n from attendance_punches
        where nip is not null and punched_at >= $1 and punched_at < $2 and kelurahan_code = any($3) group by 1`,
      [from, to, codes],
    );
    return {
      issued: new Map(issued.rows.map((r) => [r.code, r.n])),
      arrived: new Map(arrived.rows.map((r) => [r.code, r.n])),
    };
  }

  /** Database, then the api, then the database again: the api must lie between the two reads. */
  async compare(): Promise<{ agrees: boolean; issued: number; differ: string[] }> {
    const first = await this.get<{ items: KelurahanSummary[] }>('/api/v1/kelurahan');
    const date = first.items[0]!.date;
    const sample = first.items.slice(0, ROSTER_OFFICES).map((i) => i.code);
    const before = await this.counts(date, sample);
    const list = await this.get<{ items: KelurahanSummary[] }>('/api/v1/kelurahan');
    const rosters = await Promise.all(
      sample.map((c) => this.get<{ detail: KelurahanDetail }>(`/api/v1/kelurahan/${c}`)),
    );
    const after = await this.counts(date, sample);
    const differ: string[] = [];
    const within = (code: string, what: 'issued' | 'arrived', n: number) => {
      const lo = before[what].get(code) ?? 0;
      const hi = after[what].get(code) ?? 0;
      if (n < lo || n > hi) differ.push(`${code} ${what}: api ${n}, database ${lo}..${hi}`);
    };
    for (const s of list.items) if (s.date === date) within(s.code, 'issued', s.issuedToday);
    for (const r of rosters)
      within(r.detail.summary.code, 'arrived', r.detail.roster.filter((x) => x.arrivedAt !== null).length);
    const issued = list.items.reduce((n, s) => n + s.issuedToday, 0);
    return { agrees: differ.length === 0 && list.items.every((s) => s.date === date), issued, differ };
  }
}

void main();
