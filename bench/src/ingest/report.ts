/**
 * The bench's result: the measurements gathered into bench/results/ingest.json with the ratios and
 * the targets judged, and the table printed at the end.
 */
import os from 'node:os';
import type { BaselineRun, Durability } from './baseline.ts';
import type { Latency } from './latency.ts';
import { round } from './measure.ts';
import type { runAdmsReupload } from './reupload.ts';
import type { Settings } from './settings.ts';
import type { StartRun } from './start.ts';
import type { ThroughputRun } from './throughput.ts';
import type { verify } from './verify.ts';

export const TARGETS = { eventsPerSecond: 20_000, ratio: 0.5, latencyP99Ms: 150, startMs: 15_000 };

export interface Measurements {
  settings: Settings;
  offices: number;
  officersPerOffice: number;
  eventsDated: string;
  durability: Durability;
  baseline: BaselineRun[];
  throughput: ThroughputRun[];
  adms: Awaited<ReturnType<typeof runAdmsReupload>>;
  latency: Latency;
  verification: Awaited<ReturnType<typeof verify>>;
  starts: StartRun[];
  timestamps: Record<string, string>;
}

const fastest = <T>(xs: T[], by: (x: T) => number) => xs.reduce((a, b) => (by(b) > by(a) ? b : a));

export function resultOf(m: Measurements) {
  const { settings: s, baseline, throughput, latency, adms, starts } = m;
  const bestBase = fastest(baseline, (b) => b.rowsPerSecond);
  const best = fastest(throughput, (t) => t.acceptedPerSecond);
  const byMethod = Object.fromEntries(
    [...new Set(baseline.map((b) => b.method))].map((method) => {
      const r = fastest(
        baseline.filter((b) => b.method === method),
        (b) => b.rowsPerSecond,
      );
      return [method, { rowsPerSecond: r.rowsPerSecond, concurrency: r.concurrency }];
    }),
  );
  const ratio = round(best.acceptedPerSecond / bestBase.rowsPerSecond, 3);
  const measured = [...baseline, ...throughput, latency, adms.first, adms.reupload];
  return {
    bench: 'ingest',
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memGb: round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      /** Cores the rest of the machine kept busy during the measurements (other people's work on a shared box). */
      otherCoresDuringRuns: round(measured.reduce((n, r) => n + (r.cpu.other ?? 0), 0) / measured.length, 2),
      /** Load averages (1, 5, 15 min) at the end. */
      loadAverage: os.loadavg().map((l) => round(l, 2)),
    },
    settings: {
      batch: s.batch,
      concurrency: s.concurrency,
      throughputSeconds: s.throughputSeconds,
      baselineSeconds: s.baselineSeconds,
      latencySeconds: s.latencySeconds,
      apiDatabasePoolSize: s.apiDatabasePoolSize,
      /** Read back from the server with SHOW: the baseline and the api commit under these. */
      postgres: { embedded: true, ...m.durability },
      offices: m.offices,
      officersPerOffice: m.officersPerOffice,
      eventsDated: m.eventsDated,
    },
    baseline: { method: bestBase.method, best: bestBase, byMethod, runs: baseline },
    throughput,
    best: { concurrency: best.concurrency, acceptedPerSecond: best.acceptedPerSecond },
    ratio,
    ratioSameConcurrency: throughput.map((t) => ({
      concurrency: t.concurrency,
      ratio: round(
        t.acceptedPerSecond /
          Math.max(...baseline.filter((b) => b.concurrency === t.concurrency).map((b) => b.rowsPerSecond)),
        3,
      ),
    })),
    admsReupload: adms,
    latency,
    verification: m.verification,
    startToReady: starts,
    targets: {
      throughput: { target: TARGETS.eventsPerSecond, met: best.acceptedPerSecond >= TARGETS.eventsPerSecond },
      ratio: { target: TARGETS.ratio, met: ratio >= TARGETS.ratio },
      latencyP99: { target: TARGETS.latencyP99Ms, met: latency.postToDeltaMs.p99 <= TARGETS.latencyP99Ms },
      startToReady: {
        target: TARGETS.startMs,
        met: starts.filter((r) => r.ok).every((r) => (r.spawnToReadyMs ?? Infinity) <= TARGETS.startMs),
      },
    },
    timestamps: m.timestamps,
  };
}

export type Result = ReturnType<typeof resultOf>;

export function printSummary(r: Result): void {
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
  const fmt = (n: number) => n.toLocaleString('en');
  console.log(`\n=== bench/ingest on ${r.machine.cores} cores, node ${r.machine.node} ===`);
  if (r.machine.otherCoresDuringRuns > 0.3)
    console.log(
      `(shared machine: other processes kept ${r.machine.otherCoresDuringRuns} of ${r.machine.cores} cores busy during the runs; the numbers are lower than the stack's own)`,
    );
  const pgs = r.settings.postgres;
  console.log(`PostgreSQL fsync=${pgs.fsync} synchronous_commit=${pgs.synchronous_commit} (SHOW)`);
  for (const [method, b] of Object.entries(r.baseline.byMethod))
    console.log(
      `baseline ${method.padEnd(7)} raw row + items  ${fmt(b.rowsPerSecond)} rows/s (N=${b.concurrency})${method === r.baseline.method ? '  ← baseline' : ''}`,
    );
  for (const t of r.throughput)
    console.log(
      `HTTP batches of ${r.settings.batch}, N=${String(t.concurrency).padEnd(3)}   ${fmt(t.acceptedPerSecond)} events/s  (reply p50 ${t.replyMs.p50} ms, p99 ${t.replyMs.p99} ms)`,
    );
  console.log(
    `[${mark(r.targets.throughput.met)}] best throughput        ${fmt(r.best.acceptedPerSecond)} events/s (N=${r.best.concurrency})  target ≥ ${fmt(TARGETS.eventsPerSecond)}`,
  );
  console.log(`[${mark(r.targets.ratio.met)}] ratio to baseline      ${r.ratio}  target ≥ ${TARGETS.ratio}`);
  const a = r.admsReupload;
  for (const [label, p] of [
    ['first upload', a.first],
    ['re-upload   ', a.reupload],
  ] as const)
    console.log(
      `ADMS ${label} ${a.terminals} terminals × ${fmt(a.linesPerTerminal)} lines  ${fmt(p.linesPerSecond)} lines/s  (OK ${fmt(p.replyOk)}, accepted ${fmt(p.items.accepted)}, duplicate ${fmt(p.items.duplicate)}, rows added ${fmt(p.rowsAdded)}; reply p99 ${p.replyMs.p99} ms)`,
    );
  console.log(
    `[${mark(a.ok)}] ADMS re-upload: every line acknowledged, counted duplicate, nothing stored twice`,
  );
  const l = r.latency.postToDeltaMs;
  console.log(
    `[${mark(r.targets.latencyP99.met)}] POST → delta @ ${fmt(r.latency.achievedEventsPerSecond)}/s  p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms (${r.latency.matched}/${r.latency.posts})  target p99 ≤ ${TARGETS.latencyP99Ms} ms`,
  );
  for (const s of r.startToReady) {
    console.log(
      s.ok
        ? `[${mark(s.spawnToReadyMs! <= TARGETS.startMs)}] npm start ${s.label.padEnd(12)} ${(s.spawnToReadyMs! / 1000).toFixed(1)} s to /readyz (launcher ${(s.launcherReadyMs! / 1000).toFixed(1)} s)  target ≤ ${TARGETS.startMs / 1000} s`
        : `[MISS] npm start ${s.label.padEnd(12)} ${s.error?.split('\n')[0]}`,
    );
  }
  console.log(
    `[${mark(r.verification.ok)}] nothing lost (rows = accepted, raw payloads = POSTs and uploads)`,
  );
}
