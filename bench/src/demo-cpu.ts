/**
 * bench/demo-cpu: how much of the machine the default `npm start` demo takes once it has warmed up.
 *
 *   node --import tsx bench/src/demo-cpu.ts        → bench/results/demo-cpu.json
 *
 * Starts `npm start` as a user would (embedded PostgreSQL, local Redis, api, workers, media, sim with
 * its cameras) in a folder of its own (var/bench-demo, so clips made by a first run are found by the
 * next) on ports of its own, waits until the simulator's cameras are all served and then WARMUP_SECONDS
 * more, and reads every process's CPU time from /proc (utime + stime, plus the time of children it
 * reaped: snapshot ffmpegs, postgres backends) at the start and the end of a window of
 * BENCH_WINDOW_SECONDS. Per role (the process and all its descendants) and per program inside it,
 * in cores (CPU seconds per second); beside them the machine's load average and busy cores, since
 * this machine is shared. Target: the whole demo at most 1 core on average (issue 21 §6).
 *
 * Knobs: BENCH_WINDOW_SECONDS=60, BENCH_WARMUP_SECONDS=60, BENCH_PORT_BASE=18300 (api +0, media +1,
 * RTSP +2, metrics +3/+4, PostgreSQL +5, Redis +6, WebRTC +100..+199).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Registry } from '@pkk/core';
import { configDir, repoRoot } from '@pkk/platform/config/paths';
import { loadPolicy } from '@pkk/platform/config/policy';
import { SceneClips } from '@pkk/sim/cameras/scene';
import { launch, until } from '../../e2e/support/launcher.ts';
import { cpuSeconds, machineBusySeconds, sleep, treeOf } from './ingest/stack.ts';

const WINDOW_S = Number(process.env.BENCH_WINDOW_SECONDS ?? 60);
const WARMUP_S = Number(process.env.BENCH_WARMUP_SECONDS ?? 60);
const BASE = Number(process.env.BENCH_PORT_BASE ?? 18300);
const TARGET_CORES = 1;
const varDir = path.join(repoRoot, 'var', 'bench-demo');
const say = (msg: string) => console.log(`[demo-cpu] ${msg}`);

const CLK_TCK = 100;

/** Per pid: its program name and CPU seconds (own time plus reaped children's). */
function snapshot(pids: number[]): Map<number, { comm: string; cpu: number }> {
  const out = new Map<number, { comm: string; cpu: number }>();
  for (const pid of pids) {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(pid, {
        comm,
        cpu: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLK_TCK,
      });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Pids of processes named `comm` now running under `root`. */
function childrenNamed(root: number, comm: string): number[] {
  return treeOf(root).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm;
    } catch {
      return false;
    }
  });
}

async function main(): Promise<void> {
  mkdirSync(varDir, { recursive: true });
  const env = {
    VAR_DIR: varDir,
    PORT: String(BASE),
    MEDIA_PORT: String(BASE + 1),
    SIM_RTSP_PORT: String(BASE + 2),
    METRICS_PORT: String(BASE + 3),
    MEDIA_METRICS_PORT: String(BASE + 4),
    PG_PORT: String(BASE + 5),
    REDIS_PORT: String(BASE + 6),
    MEDIA_RTC_PORTS: `${BASE + 100}-${BASE + 199}`,
    SIM_PROGRESS_MS: '30000',
  };
  // The cameras' clips are made before the demo starts (a first `npm start` makes them in the
  // background, which is warm-up, not the demo's steady cost).
  const registry = new Registry(loadPolicy(configDir(process.env.CONFIG_DIR ?? '')));
  const scene = new SceneClips({ dir: path.join(varDir, 'sim', 'cameras', 'clips') });
  const t00 = Date.now();
  for (const n of new Set([...registry.kelurahan.keys()].map((code) => registry.desksOf(code).length)))
    await scene.ensureDesks(n);
  for (const kind of ['hall', 'entrance'] as const) await scene.ensureWalk(kind);
  say(`camera clips ready in ${((Date.now() - t00) / 1000).toFixed(0)} s`);

  const t0 = Date.now();
  const demo = launch(env);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    demo.proc.kill('SIGTERM');
    await demo.exited;
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    await until(
      () => /ready in/.test(demo.output()) || demo.proc.exitCode !== null,
      'npm start ready',
      300_000,
    );
    if (demo.proc.exitCode !== null) throw new Error(`npm start ended:\n${demo.output().slice(-3000)}`);
    const readyS = (Date.now() - t0) / 1000;
    say(`ready in ${readyS.toFixed(1)} s; waiting for the simulated cameras`);
    await until(() => /camera clips ready/.test(demo.output()), 'the simulated cameras', 900_000);
    const camerasS = (Date.now() - t0) / 1000;
    say(`cameras served after ${camerasS.toFixed(1)} s; warming up ${WARMUP_S} s`);
    await sleep(WARMUP_S * 1000);

    const pids = JSON.parse(readFileSync(path.join(varDir, 'pids.json'), 'utf8')) as Record<
      string,
      number | null
    >;
    const groups = Object.fromEntries(Object.entries(pids).filter(([name]) => name !== 'launcher'));
    // The launcher itself, without its children (they are the roles, counted apart).
    const launcherOnly = () => snapshot([pids.launcher!]).get(pids.launcher!)?.cpu ?? 0;

    const allPids = () => Object.values(groups).flatMap((root) => (root ? treeOf(root) : []));
    const before = {
      at: Date.now(),
      groups: cpuSeconds(groups),
      launcher: launcherOnly(),
      procs: snapshot(allPids()),
      machine: machineBusySeconds(),
      load: os.loadavg(),
    };
    // ffmpeg processes started under media during the window (snapshots), seen by polling.
    const seenFfmpeg = new Set<number>(pids.media ? childrenNamed(pids.media, 'ffmpeg') : []);
    const atStart = new Set(seenFfmpeg);
    const end = Date.now() + WINDOW_S * 1000;
    while (Date.now() < end) {
      if (pids.media) for (const p of childrenNamed(pids.media, 'ffmpeg')) seenFfmpeg.add(p);
      await sleep(500);
    }
    const after = {
      at: Date.now(),
      groups: cpuSeconds(groups),
      launcher: launcherOnly(),
      procs: snapshot(allPids()),
      machine: machineBusySeconds(),
      load: os.loadavg(),
    };
    const secs = (after.at - before.at) / 1000;
    const cores = (a: number, b: number) => Math.round(((b - a) / secs) * 1000) / 1000;

    const roles: Record<string, number> = {};
    for (const name of Object.keys(after.groups))
      roles[name] = cores(before.groups[name] ?? 0, after.groups[name]!);
    roles.launcher = cores(before.launcher, after.launcher);
    const total = Math.round(Object.values(roles).reduce((a, b) => a + b, 0) * 1000) / 1000;

    // Per program inside each role: processes alive at both ends (a process's reaped children count with it).
    const programs: Record<string, number> = {};
    for (const [name, root] of Object.entries(groups)) {
      if (!root) continue;
      for (const pid of treeOf(root)) {
        const a = before.procs.get(pid);
        const b = after.procs.get(pid);
        if (!a || !b) continue;
        const key = `${name}/${pid === root ? 'role' : b.comm}`;
        programs[key] = Math.round(((programs[key] ?? 0) + (b.cpu - a.cpu) / secs) * 1000) / 1000;
      }
    }
    const result = {
      bench: 'demo-cpu',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null },
      readySeconds: readyS,
      camerasServedSeconds: camerasS,
      warmupSeconds: WARMUP_S,
      windowSeconds: Math.round(secs * 10) / 10,
      coresTotal: total,
      target: { coresTotal: TARGET_CORES },
      pass: total <= TARGET_CORES,
      coresByRole: roles,
      coresByProgram: Object.fromEntries(Object.entries(programs).sort((a, b) => b[1] - a[1])),
      mediaFfmpegSpawnsPerMinute: Math.round(
        ([...seenFfmpeg].filter((p) => !atStart.has(p)).length * 60) / secs,
      ),
      machineBusyCores: cores(before.machine, after.machine),
      loadAverage: {
        before: before.load.map((v) => Math.round(v * 100) / 100),
        after: after.load.map((v) => Math.round(v * 100) / 100),
      },
      note: 'the machine is shared with other work: machineBusyCores and the load average say how busy it was besides the demo',
    };
    const out = path.join(repoRoot, 'bench/results/demo-cpu.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(path.join(varDir, 'demo.log'), demo.output());
    say(`demo: ${total} cores (target ≤ ${TARGET_CORES}); by role ${JSON.stringify(roles)}`);
    say(`wrote ${out}`);
  } finally {
    await stop();
  }
  // Nothing of the demo may be left behind.
  const left = readdirSync('/proc').filter((n) => {
    try {
      return /^\d+$/.test(n) && readFileSync(`/proc/${n}/environ`, 'utf8').includes(`VAR_DIR=${varDir}`);
    } catch {
      return false;
    }
  });
  if (left.length) say(`warning: processes of the demo still running: ${left.join(', ')}`);
}

main().catch((err: Error) => {
  console.error(`[demo-cpu] ${err.message}`);
  process.exit(1);
});
