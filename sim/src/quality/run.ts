import { addDays, Registry, workingDay, type DeviceKind, type LocalDate, type PolicyConfig } from '@pkk/core';
import { planOfficeDay, type PlanInputs } from '../plan/office-day.ts';
import { generateStaff } from '../plan/staff.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { TruthEntry } from '../truth.ts';
import { replayOfficeDay, type ReplayedFinding } from './replay.ts';
import { score, type KindScore } from './score.ts';

export interface QualityOptions {
  seed: string;
  policy: PolicyConfig;
  scenario: Scenario;
  /** The first day; working days from it on are used, `days` of them. */
  from: LocalDate;
  days: number;
  /** Only these offices (default: all). */
  offices?: string[];
  tickMs: number;
}

export interface QualityResult {
  days: LocalDate[];
  offices: number;
  findings: number;
  truth: number;
  scores: KindScore[];
  /** Everything behind the scores, for a closer look. */
  debug: { findings: ReplayedFinding[]; truth: TruthEntry[] };
}

/** Plans the offices' days, replays them into the detectors and scores what they found. */
export function runQuality(o: QualityOptions): QualityResult {
  const registry = new Registry(o.policy);
  const staff = generateStaff(o.seed, registry);
  const offices = o.offices ?? o.policy.kelurahan.map((k) => k.code);
  const deviceName = (code: string, kind: DeviceKind) => `${kind}@${code}`;
  const inputs: PlanInputs = {
    seed: o.seed,
    policy: o.policy,
    registry,
    staff,
    scenario: o.scenario,
    deviceName,
  };
  const config = { detection: o.policy.detection, thresholds: o.policy.thresholds };
  const days: LocalDate[] = [];
  for (let d = o.from; days.length < o.days; d = addDays(d, 1)) {
    if (workingDay(d, o.policy.workHours, o.policy.holidays).kind === 'working') days.push(d);
  }
  const findings: ReplayedFinding[] = [];
  const truth: TruthEntry[] = [];
  for (const date of days) {
    for (const code of offices) {
      const plan = planOfficeDay(inputs, code, date);
      truth.push(...plan.truth);
      const entry = o.policy.kelurahan.find((k) => k.code === code)!;
      findings.push(
        ...replayOfficeDay(plan, {
          setup: {
            code,
            kecamatanCode: entry.kecamatanCode,
            desks: registry.desksOf(code),
            services: registry.servicesOf(code),
            zone: o.policy.workHours.zone,
            punchDebounceMs: o.policy.workHours.punchDebounceMinutes * 60_000,
            lateGraceMs: o.policy.workHours.lateGraceSeconds * 1000,
          },
          config,
          officers: (staff.get(code) ?? []).map((s) => ({
            nip: s.nip,
            name: s.name,
            position: s.position,
            desk: s.desk,
          })),
          deviceName: (kind) => deviceName(code, kind),
          tickMs: o.tickMs,
        }),
      );
    }
  }
  return {
    days,
    offices: offices.length,
    findings: findings.length,
    truth: truth.length,
    scores: score(findings, truth, config, 2 * o.tickMs),
    debug: { findings, truth },
  };
}
