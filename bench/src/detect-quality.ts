/**
 * bench/detect-quality: every detector scored against the simulator's ground truth over whole
 * simulated working days of the city (the dense `quality` scenario, and the demo's `default` one),
 * near misses included: precision, recall and detection delay per kind. Writes
 * bench/results/detect-quality.json and prints a table.
 *
 *   npm run bench:detect-quality [-- --days 3 --tick 10]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Registry } from '@pkk/core';
import { loadPolicy } from '@pkk/platform/config/policy';
import { configDir, repoRoot } from '@pkk/platform/config/paths';
import { loadScenario, runQuality, type KindScore } from '@pkk/sim';

const TARGETS = new Set([
  'desk_unattended',
  'late_arrival',
  'absent_no_notice',
  'queue_wait_sla',
  'device_offline',
]);

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '3' },
    tick: { type: 'string', default: '10' },
    from: { type: 'string', default: '2026-11-23' },
  },
});
const policy = loadPolicy(configDir(''), {});
const registry = new Registry(policy);

const runs = ['quality', 'default'].map((name) => {
  const started = performance.now();
  const r = runQuality({
    seed: 'bench',
    policy,
    scenario: loadScenario(name, registry),
    from: values.from!,
    days: Number(values.days),
    tickMs: Number(values.tick) * 1000,
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    scenario: name,
    days: r.days,
    offices: r.offices,
    truthEntries: r.truth,
    findings: r.findings,
    seconds: Math.round(seconds * 10) / 10,
    scores: r.scores,
  };
});

const round = (n: number) => Math.round(n * 10_000) / 10_000;
const meets = (s: KindScore) =>
  !TARGETS.has(s.kind) || (s.precision >= 0.98 && s.recall >= 0.95 && s.cases >= 100);
const quality = runs[0]!;
const result = {
  bench: 'detect-quality',
  at: new Date().toISOString(),
  tickSeconds: Number(values.tick),
  targets: { precision: 0.98, recall: 0.95, minCases: 100, kinds: [...TARGETS] },
  passed: quality.scores.every(meets),
  // Targets are judged on the scoring scenario; the demo's day is reported for what it shows (its
  // clock-skew anomaly, for one).
  runs: runs.map((r) => ({
    ...r,
    scores: r.scores.map((s) => ({
      ...s,
      precision: round(s.precision),
      recall: round(s.recall),
      meetsTarget: r.scenario === 'quality' && TARGETS.has(s.kind) ? meets(s) : null,
    })),
  })),
};
const out = path.join(repoRoot, 'bench/results/detect-quality.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

for (const r of result.runs) {
  console.log(
    `\n${r.scenario}: ${r.offices} offices × ${r.days.length} working days (${r.days.join(', ')}), ${r.findings} findings, ${r.seconds} s`,
  );
  console.table(
    r.scores.map((s) => ({
      kind: s.kind,
      cases: s.cases,
      'near misses': s.nearMisses,
      TP: s.truePositives,
      FP: s.falsePositives,
      'near flagged': s.nearMissesFlagged,
      missed: s.missed,
      precision: s.precision,
      recall: s.recall,
      'delay p50/p99/max s': s.delaySeconds
        ? `${s.delaySeconds.p50} / ${s.delaySeconds.p99} / ${s.delaySeconds.max}`
        : '-',
      target: s.meetsTarget === null ? '' : s.meetsTarget ? 'met' : 'MISSED',
    })),
  );
}
console.log(
  `\n${result.passed ? 'all targets met' : 'TARGETS MISSED'}; wrote ${path.relative(repoRoot, out)}`,
);
process.exitCode = result.passed ? 0 : 1;
