/**
 * `npm start` to ready: the launcher in a fresh VAR_DIR on free ports, cold (the first run initialises
 * PostgreSQL and migrates) then warm, timed from spawn to /readyz 200, then stopped with SIGTERM and
 * checked for anything left running.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '@pkk/platform/config/paths';
import { freePort } from '@pkk/platform/infra/ports';
import {
  cpuSeconds,
  readJsonWhenComplete,
  startTimeOf,
  type Cleanup,
  psMatching,
  sleep,
  spawnLogged,
  stopChild,
  tail,
  waitHttpOk,
} from './stack.ts';

export interface StartRun {
  label: string;
  sim: 'on' | 'off';
  ok: boolean;
  spawnToReadyMs?: number;
  launcherReadyMs?: number;
  /** ms from spawn to: npm running the launcher, PostgreSQL up, Redis up, the launcher's 'ready'. */
  steps?: Record<string, number>;
  cpuSecondsToReady?: number;
  stopMs?: number;
  leftovers?: string[];
  error?: string;
}

async function launcherRun(
  label: string,
  varDir: string,
  sim: 'on' | 'off',
  cleanup: Cleanup,
): Promise<StartRun> {
  const [port, pgPort, redisPort] = [await freePort(), await freePort(), await freePort()];
  for (const f of ['ready.json', 'pids.json']) rmSync(path.join(varDir, f), { force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PG_PORT: String(pgPort),
    REDIS_PORT: String(redisPort),
    METRICS_PORT: String(await freePort()),
    MEDIA_METRICS_PORT: String(await freePort()),
    VAR_DIR: varDir,
    SIM: sim,
    LOG_LEVEL: 'warn',
  };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'NODE_ENV', 'DEMO', 'ROLE', 'DATABASE_POOL_SIZE'])
    delete env[k];
  const log = path.join(varDir, `${label}.log`);
  const started = performance.now();
  // When the launcher reports each step, from spawn: where the time goes.
  const steps: Record<string, number> = {};
  const onLine = (line: string) => {
    const at = Math.round(performance.now() - started);
    if (line.startsWith('> node')) steps.npm ??= at;
    else if (line.startsWith('[start] PostgreSQL')) steps.postgres ??= at;
    else if (line.startsWith('[start] Redis')) steps.redis ??= at;
    else if (line.startsWith('[start] ready')) steps.launcherReady ??= at;
  };
  const proc = spawnLogged('npm', ['start'], { cwd: repoRoot, env, log, onLine });
  cleanup.track(proc);
  const pidsFile = path.join(varDir, 'pids.json');
  /** The launcher's children as it recorded them, each with its start time (a pid may be reused later). */
  let recorded: { name: string; pid: number; start: number | null }[] = [];
  const ours = (p: { pid: number; start: number | null }) =>
    p.start !== null && startTimeOf(p.pid) === p.start;
  const killAll = async () => {
    await stopChild(proc, 20_000);
    for (const p of recorded) if (ours(p)) process.kill(p.pid, 'SIGKILL');
  };
  cleanup.add(`npm start (${label})`, killAll);
  const run: StartRun = { label, sim, ok: false };
  try {
    await waitHttpOk(`http://127.0.0.1:${port}/readyz`, 120_000, () => proc.exitCode !== null);
    run.spawnToReadyMs = Math.round(performance.now() - started);
    run.steps = steps;
    // CPU the whole tree used to get there (npm, launcher, initdb, postgres, redis, api, workers): what
    // a dedicated machine must spend at least, whatever else runs on this one.
    run.cpuSecondsToReady = Math.round((cpuSeconds({ tree: proc.pid! }).tree ?? 0) * 10) / 10;
    run.launcherReadyMs = (
      await readJsonWhenComplete<{ readyMs: number }>(path.join(varDir, 'ready.json'), 15_000)
    ).readyMs;
    const pids = await readJsonWhenComplete<Record<string, number | null>>(pidsFile, 5_000);
    recorded = Object.entries(pids)
      .filter((e): e is [string, number] => typeof e[1] === 'number')
      .map(([name, pid]) => ({ name, pid, start: startTimeOf(pid) }));
    if (sim === 'on') await sleep(2000); // let the simulator connect and provision before stopping
    const stopAt = performance.now();
    // What a service manager or Ctrl-C does: signal npm, which hands it to the launcher.
    await stopChild(proc, 30_000);
    const until2 = Date.now() + 10_000;
    let left = recorded.filter(ours);
    while (left.length && Date.now() < until2) {
      await sleep(50);
      left = left.filter(ours);
    }
    run.stopMs = Math.round(performance.now() - stopAt);
    run.leftovers = [...left.map((p) => `${p.name} (pid ${p.pid})`), ...psMatching([varDir])];
    run.ok = run.leftovers.length === 0;
    if (!run.ok) run.error = `still running after stop: ${run.leftovers.join(', ')}`;
  } catch (err) {
    run.error = `${(err as Error).message}\n${tail(log, 15)}`;
  } finally {
    await killAll();
  }
  return run;
}

export async function startToReady(
  cleanup: Cleanup,
  dir: string,
  say: (msg: string) => void,
): Promise<StartRun[]> {
  const runs: StartRun[] = [];
  const simPresent = existsSync(path.join(repoRoot, 'sim/src/main.ts'));
  for (const sim of ['off', 'on'] as const) {
    if (sim === 'on' && !simPresent) {
      runs.push({ label: 'sim-on', sim, ok: false, error: 'skipped: sim/src/main.ts does not exist yet' });
      continue;
    }
    const varDir = path.join(dir, `start-sim-${sim}`);
    mkdirSync(varDir, { recursive: true, mode: 0o755 });
    for (const phase of ['cold', 'warm']) {
      const r = await launcherRun(`sim-${sim}-${phase}`, varDir, sim, cleanup);
      say(
        r.ok
          ? `npm start SIM=${sim} ${phase}: /readyz after ${(r.spawnToReadyMs! / 1000).toFixed(1)} s (launcher says ${(r.launcherReadyMs! / 1000).toFixed(1)} s; ${r.cpuSecondsToReady} CPU-s), stopped in ${r.stopMs} ms, nothing left`
          : `npm start SIM=${sim} ${phase}: ${r.error}`,
      );
      runs.push(r);
    }
  }
  return runs;
}
