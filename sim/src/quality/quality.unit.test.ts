import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load.ts';
import { testPolicy } from '../testing/policy.ts';
import { runQuality } from './run.ts';

/**
 * The fast version of bench/detect-quality: a quarter of the city on two working days of the dense
 * scoring scenario, replayed into the detectors and scored against the ground truth, near misses
 * included. The targets are the issue's: precision ≥ 0.98 and recall ≥ 0.95.
 */
describe('detector quality against the simulator ground truth', () => {
  const { policy, registry } = testPolicy();
  const result = runQuality({
    seed: 'quality-unit',
    policy,
    scenario: loadScenario('quality', registry),
    from: '2026-11-23',
    days: 2,
    offices: policy.kelurahan.filter((_, i) => i % 4 === 0).map((k) => k.code),
    tickMs: 10_000,
  });
  const byKind = new Map(result.scores.map((s) => [s.kind, s]));

  it.each([
    'desk_unattended',
    'late_arrival',
    'absent_no_notice',
    'queue_wait_sla',
    'device_offline',
  ] as const)(
    '%s: precision ≥ 0.98 and recall ≥ 0.95, with real cases and near misses to tell apart',
    (kind) => {
      const s = byKind.get(kind)!;
      expect(s.cases).toBeGreaterThan(5);
      expect(s.nearMisses).toBeGreaterThan(5);
      expect(s.precision).toBeGreaterThanOrEqual(0.98);
      expect(s.recall).toBeGreaterThanOrEqual(0.95);
      expect(s.nearMissesFlagged).toBe(0);
    },
  );

  it('finds early departures and missing check-outs as well', () => {
    for (const kind of ['early_departure', 'missing_checkout'] as const) {
      const s = byKind.get(kind)!;
      expect(s.cases).toBeGreaterThan(0);
      expect([s.precision, s.recall]).toEqual([1, 1]);
    }
  });
}, 120_000);
