/**
 * bench/ingest: the foundation's numbers, measured on the whole stack of this machine.
 *
 *   npm run bench:ingest     (or: node --import tsx bench/src/ingest.ts)
 *
 * 1. baseline    the fastest raw path into the same tables in the api's shape (a raw payload row and
 *                its items, one commit a batch of 500), two ways: COPY and INSERT … SELECT FROM unnest
 *                (ingest/baseline.ts); the faster is the baseline
 * 2. throughput  HTTP batches of 500 attendance/queue events from N concurrent clients, N in 4/8/16
 *                (1 and 2 alternate for each N, so that both see the same machine and table sizes)
 *                (ingest/throughput.ts)
 * 3. ADMS        terminals uploading their whole ATTLOG, then re-sending all of it after a reconnect:
 *                lines/s and what the api counted, every re-sent line a duplicate (ingest/reupload.ts)
 * 4. latency     POST sent → socket.io delta received, at 2,000 events/s, after 2 (live state holding
 *                today's million events) (ingest/latency.ts)
 * 5. start       `npm start` to /readyz 200, cold and warm, without and with the simulator (ingest/start.ts)
 *
 * On a shared machine every phase first waits up to 3 s for the rest of the machine to go quiet, and
 * records how many cores other processes kept busy ('other'): read the rates with it.
 *
 * It runs its own durable PostgreSQL (fsync on: the settings `npm start` uses, read back with SHOW
 * into the result) and redis-server on free ports in a temporary folder, and the api in a separate
 * process exactly as production starts it (ingest/services.ts). Results: bench/results/ingest.json,
 * and a table (ingest/report.ts).
 *
 * Knobs (env, read in ingest/settings.ts):
 *   BENCH_CONCURRENCY=4,8,16     concurrent clients of the baseline and throughput runs
 *   BENCH_SECONDS=15             each throughput run
 *   BENCH_BASELINE_SECONDS=5     each baseline run (per method)
 *   BENCH_WARMUP_SECONDS=3       HTTP warm-up before the first run
 *   BENCH_ADMS_TERMINALS=16      ADMS terminals re-uploading at once
 *   BENCH_ADMS_LINES=8000        lines in each terminal's log
 *   BENCH_ADMS_BATCH=500         lines in each upload
 *   BENCH_LATENCY_SECONDS=20     BENCH_LATENCY_RATE=2000 (events/s)
 *   BENCH_START=0                skip the start-to-ready runs
 *   BENCH_API_PROFILE=1          CPU profile of the api into the temp folder, kept
 *   BENCH_API_NODE_OPTIONS       NODE_OPTIONS of the api alone, for experiments
 *   DATABASE_POOL_SIZE           passed to the api
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Registry } from '@pkk/core';
import { configDir, repoRoot } from '@pkk/platform/config/paths';
import { loadPolicy } from '@pkk/platform/config/policy';
import { BASELINE_METHODS, durability, measureBaseline, type BaselineRun } from './ingest/baseline.ts';
import { measureLatency } from './ingest/latency.ts';
import { say } from './ingest/measure.ts';
import { provision } from './ingest/provision.ts';
import { printSummary, resultOf } from './ingest/report.ts';
import { runAdmsReupload } from './ingest/reupload.ts';
import { startStack } from './ingest/services.ts';
import { settings as s } from './ingest/settings.ts';
import { Cleanup, processesUnder, sleep } from './ingest/stack.ts';
import { startToReady } from './ingest/start.ts';
import { measureHttp, runHttp, Tally, type ThroughputRun } from './ingest/throughput.ts';
import { verify } from './ingest/verify.ts';
import { OFFICERS_PER_OFFICE, todayWindow, Workload } from './ingest/workload.ts';

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
    if (!s.profile) rmSync(dir, { recursive: true, force: true });
  });
  const timestamps: Record<string, string> = { started: new Date().toISOString() };
  const mark = (name: string) => (timestamps[name] = new Date().toISOString());

  try {
    const registry = new Registry(loadPolicy(configDir('')));
    const stack = await startStack(cleanup, dir);
    const db = new pg.Pool({ connectionString: stack.databaseUrl, max: Math.max(...s.concurrency) + 2 });
    db.on('error', () => undefined); // idle connections cut by a PostgreSQL stop
    let dbOpen = true;
    const endDb = async () => {
      if (dbOpen) await db.end();
      dbOpen = false;
    };
    cleanup.add('bench pg pool', endDb);
    const pgSettings = await durability(db);
    say(
      `PostgreSQL: ${Object.entries(pgSettings)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    const { offices, token } = await provision(stack, db, registry, s.admsTerminals);
    say(
      `provisioned ${offices.length} offices: ${offices.length * 2} JSON devices, ${s.admsTerminals} ADMS terminals, ${offices.length * OFFICERS_PER_OFFICE} officers`,
    );
    const window = todayWindow(Date.now());
    const tag = `b${Date.now().toString(36)}`;
    const wib = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(11, 16);
    say(`events dated ${window.date} ${wib(window.from)}–${wib(window.to)} WIB`);

    // 1 and 2, interleaved: for each N, the raw paths then HTTP, so that all see the same machine (this
    // one is shared) and tables of the same size.
    mark('throughput');
    const baseWork = new Workload(offices, window, `${tag}x`);
    const work = new Workload(offices, window, tag);
    const tally = new Tally();
    if (s.warmupSeconds > 0) {
      await runHttp(stack, work, tally, s.batch, s.concurrency[0]!, s.warmupSeconds);
      say(`warm-up: ${tally.accepted.toLocaleString('en')} events (counted in the totals, not in the rates)`);
    }
    const baseline: BaselineRun[] = [];
    const throughput: ThroughputRun[] = [];
    for (const concurrency of s.concurrency) {
      for (const method of BASELINE_METHODS)
        baseline.push(
          await measureBaseline(stack.groups, db, baseWork, {
            method,
            batch: s.batch,
            concurrency,
            seconds: s.baselineSeconds,
          }),
        );
      throughput.push(
        await measureHttp(stack, work, tally, { batch: s.batch, concurrency, seconds: s.throughputSeconds }),
      );
    }

    // 3. ADMS: whole logs uploaded, then re-sent.
    mark('admsReupload');
    const adms = await runAdmsReupload(stack, db, offices, {
      today: window.date,
      lines: s.admsLines,
      batch: s.admsBatch,
    });

    // 4. Latency, on a settled PostgreSQL.
    mark('latency');
    const latency = await measureLatency(stack, db, work, tally, token, {
      seconds: s.latencySeconds,
      rate: s.latencyRate,
      batch: s.latencyBatch,
    });

    mark('verify');
    const verification = await verify(db, tally, adms.first.posts + adms.reupload.posts);
    say(
      `verify: ${verification.rows.toLocaleString('en')} rows for ${tally.accepted.toLocaleString('en')} accepted, ${verification.rawPayloads} raw payloads for ${tally.posts} POSTs, ${verification.admsRawPayloads} for ${verification.admsUploads} ADMS uploads: ${verification.ok ? 'nothing lost' : 'MISMATCH'}`,
    );
    if (tally.problems.length)
      say(`problems (${tally.problems.length}): ${tally.problems.slice(0, 3).join(' | ')}`);

    await endDb();
    await stack.stopApi();
    await stack.redis.stop();
    await stack.pg.stop();

    // 5. Start to ready.
    mark('startToReady');
    const starts = s.startRuns ? await startToReady(cleanup, dir, say) : [];
    mark('finished');

    const result = resultOf({
      settings: s,
      offices: offices.length,
      officersPerOffice: OFFICERS_PER_OFFICE,
      eventsDated: window.date,
      durability: pgSettings,
      baseline,
      throughput,
      adms,
      latency,
      verification,
      starts,
      timestamps,
    });
    const out = path.join(repoRoot, 'bench/results/ingest.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    printSummary(result);
    console.log(
      `\nwritten to ${path.relative(process.cwd(), out)}${s.profile ? `; api CPU profile in ${path.join(dir, 'profile')}` : ''}`,
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

void main().catch((err) => {
  if (!interrupted) console.error(`[bench] failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
});
