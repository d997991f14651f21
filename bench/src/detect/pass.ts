import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { detectAll, Registry, type PolicyConfig } from '@pkk/core';
import { cityDays, factsOf } from './facts.ts';

const q = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Detection passes, pure (facts in memory, as a worker holds them once read): the city's 107
 * offices, a synthetic 10,000-office region, and every desa and kelurahan of Indonesia (83,000)
 * sharded over worker threads, one per core, each building and judging its share.
 */
export async function passBench(policy: PolicyConfig, date: string) {
  const registry = new Registry(policy);
  const { days, now } = cityDays(policy, date, '10:30');
  const config = { detection: policy.detection, thresholds: policy.thresholds };

  const city = days.map((d) => factsOf(policy, registry, d, d.code, now));
  const cityRuns: number[] = [];
  let cityFindings = 0;
  for (let run = 0; run < 30; run++) {
    const t0 = performance.now();
    let n = 0;
    for (const f of city) n += detectAll({ facts: f, now: now + run * 5_000, config }).detections.length;
    cityRuns.push(performance.now() - t0);
    cityFindings = n;
  }
  cityRuns.sort((a, b) => a - b);

  const region = Array.from({ length: 10_000 }, (_, i) =>
    factsOf(
      policy,
      registry,
      days[i % days.length]!,
      `99.01.${String(Math.floor(i / 100)).padStart(2, '0')}.${String(i % 100).padStart(4, '0')}`,
      now,
    ),
  );
  const regionRuns: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    for (const f of region) detectAll({ facts: f, now: now + run * 5_000, config });
    regionRuns.push(performance.now() - t0);
  }
  regionRuns.sort((a, b) => a - b);
  region.length = 0;

  const shards = Math.max(1, os.availableParallelism());
  const t0 = performance.now();
  const parts = await Promise.all(
    Array.from(
      { length: shards },
      (_, shard) =>
        new Promise<{ count: number; findings: number; buildMs: number; detectMs: number; wallMs: number }>(
          (resolve, reject) => {
            const w = new Worker(new URL('./shard-entry.mjs', import.meta.url), {
              workerData: { days, now, offices: 83_000, shard, shards },
            });
            w.once('message', resolve);
            w.once('error', reject);
          },
        ),
    ),
  );
  const countryWall = performance.now() - t0;
  return {
    moment: new Date(now).toISOString(),
    city: {
      offices: city.length,
      findings: cityFindings,
      passMs: {
        p50: r1(q(cityRuns, 0.5)),
        p99: r1(q(cityRuns, 0.99)),
        max: r1(cityRuns[cityRuns.length - 1]!),
      },
      targetMs: 50,
    },
    region10k: {
      offices: 10_000,
      passMs: { p50: r1(q(regionRuns, 0.5)), max: r1(regionRuns[regionRuns.length - 1]!) },
      targetMs: 2_000,
    },
    country83k: {
      offices: parts.reduce((n, p) => n + p.count, 0),
      shards,
      findings: parts.reduce((n, p) => n + p.findings, 0),
      wallMs: r1(countryWall),
      detectMsPerShard: parts.map((p) => r1(p.detectMs)),
      buildMsPerShard: parts.map((p) => r1(p.buildMs)),
      /** Judging only (facts held in memory), the slowest shard: what a tick costs once offices are loaded. */
      passMs: r1(Math.max(...parts.map((p) => p.detectMs))),
      targetMs: 15_000,
    },
  };
}
