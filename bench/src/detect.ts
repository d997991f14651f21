/**
 * bench/detect: detection and alert delivery numbers, written to bench/results/detect.json.
 * - one detection pass over the city's 107 offices (target ≤ 50 ms), a synthetic 10,000-office region
 *   (≤ 2 s) and 83,000 offices sharded over the worker threads of this machine (≤ 15 s);
 * - from a condition becoming true (threshold included) to the stored finding (p99 ≤ 15 s), and from
 *   the stored finding to the mayor's socket (p99 ≤ 1 s), on the real pipeline;
 * - webhook notifications and Web Push requests per second to local receivers.
 *
 *   npm run bench:detect
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadPolicy } from '@pkk/platform/config/policy';
import { configDir, repoRoot } from '@pkk/platform/config/paths';
import { liveBench } from './detect/live.ts';
import { passBench } from './detect/pass.ts';

const policy = loadPolicy(configDir(''), {});
const pass = await passBench(policy, '2026-11-23');
console.log('[bench] passes', JSON.stringify(pass));
const live = await liveBench();
console.log('[bench] live', JSON.stringify(live));
const result = {
  bench: 'detect',
  at: new Date().toISOString(),
  pass,
  live,
  targetsMet: {
    city: pass.city.passMs.max <= pass.city.targetMs,
    region10k: pass.region10k.passMs.max <= pass.region10k.targetMs,
    country83k: pass.country83k.passMs <= pass.country83k.targetMs,
    conditionToStored:
      (live.conditionToStoredSeconds.p99 ?? Infinity) <= 15 &&
      live.conditionToStoredSeconds.found === live.conditions,
    storedToSocket: (live.storedToSocketMs.p99 ?? Infinity) <= 1_000,
  },
};
const out = path.join(repoRoot, 'bench/results/detect.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result.targetsMet), `wrote ${path.relative(repoRoot, out)}`);
process.exit(Object.values(result.targetsMet).every(Boolean) ? 0 : 1);
