/**
 * How the phases are measured: the bench's log line, distributions, and the CPU each part of the
 * stack used during a phase, after waiting for the rest of a shared machine to go quiet.
 */
import { performance } from 'node:perf_hooks';
import { cpuSeconds, machineBusySeconds, sleep } from './stack.ts';

const t0 = performance.now();
export const say = (msg: string) =>
  console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`);

export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export type Distribution = ReturnType<typeof distribution>;

export function distribution(values: number[]) {
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

/** The processes whose CPU is accounted, by name (each a root and its descendants). */
export type Groups = () => Record<string, number | null>;

/** CPU microseconds per event (or row) of each part of the stack: what a shared machine blurs least. */
export function perEvent(cpu: Record<string, number>, perSecond: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['api', 'postgres', 'redis', 'bench'])
    if (cpu[k] !== undefined) out[k] = round((cpu[k]! / perSecond) * 1e6, 1);
  return out;
}

export interface Quiet {
  waitedMs: number;
  otherCores: number;
}

/** What every measured run records besides its own figures. */
export interface Measured {
  concurrency: number;
  seconds: number;
  /** Cores each part of the stack kept busy, and the rest of the machine ('other'). */
  cpu: Record<string, number>;
  quiet: Quiet;
}

/** CPU seconds of each part of the stack during `fn`, as a share of one core. */
export async function withCpu<T>(
  groups: Groups,
  fn: () => Promise<T>,
): Promise<{ result: T; cpu: Record<string, number>; seconds: number; quiet: Quiet }> {
  const quiet = await waitQuiet(groups);
  const g = groups();
  const before = cpuSeconds(g);
  const busyBefore = machineBusySeconds();
  const self = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const seconds = (performance.now() - start) / 1000;
  const after = cpuSeconds(g);
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
async function waitQuiet(groups: Groups, maxMs = 3000): Promise<Quiet> {
  const g = groups();
  const start = performance.now();
  for (;;) {
    const b0 = machineBusySeconds();
    const c0 = cpuSeconds(g);
    const s0 = process.cpuUsage();
    await sleep(500);
    const c1 = cpuSeconds(g);
    const mine = process.cpuUsage(s0);
    const ours =
      Object.keys(c1).reduce((n, k) => n + c1[k]! - (c0[k] ?? 0), 0) + (mine.user + mine.system) / 1e6;
    const other = Math.max(0, (machineBusySeconds() - b0 - ours) / 0.5);
    const waitedMs = Math.round(performance.now() - start);
    if (other < 0.3 || waitedMs >= maxMs) return { waitedMs, otherCores: round(other, 2) };
  }
}
