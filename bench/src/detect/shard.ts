/**
 * One shard of the country-sized detection pass, in a worker thread: its share of the offices
 * (office i belongs to shard i mod n, as kelurahan codes hash to workers), each one's facts built
 * from a template day and judged, in chunks so that memory stays bounded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { detectAll, Registry } from '@pkk/core';
import { loadPolicy } from '@pkk/platform/config/policy';
import { configDir } from '@pkk/platform/config/paths';
import { factsOf, type OfficeDay } from './facts.ts';

const { days, now, offices, shard, shards } = workerData as {
  days: OfficeDay[];
  now: number;
  offices: number;
  shard: number;
  shards: number;
};
const policy = loadPolicy(configDir(''), {});
const registry = new Registry(policy);
const config = { detection: policy.detection, thresholds: policy.thresholds };
let build = 0;
let detect = 0;
let findings = 0;
let count = 0;
const started = performance.now();
for (let i = shard; i < offices; i += shards) {
  const t0 = performance.now();
  const f = factsOf(
    policy,
    registry,
    days[i % days.length]!,
    `99.${String(Math.floor(i / 10_000)).padStart(2, '0')}.${String(i % 10_000).padStart(4, '0')}`,
    now,
  );
  const t1 = performance.now();
  findings += detectAll({ facts: f, now, config }).detections.length;
  detect += performance.now() - t1;
  build += t1 - t0;
  count++;
}
parentPort!.postMessage({
  count,
  findings,
  buildMs: build,
  detectMs: detect,
  wallMs: performance.now() - started,
});
