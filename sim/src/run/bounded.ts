import path from 'node:path';
import { epochAt, Registry, scaledClock, type LocalDate, type PolicyConfig } from '@pkk/core';
import { loadPolicy } from '@pkk/platform/config/policy';
import { configDir, varDir } from '@pkk/platform/config/paths';
import type { Log } from '../http/client.ts';
import { emptyScenario, loadScenario } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { Simulator, type SimResult } from './simulator.ts';

export interface RunOptions {
  apiUrl: string;
  /** Admin API token. */
  token: string;
  seed: string | number;
  date: LocalDate;
  /** Simulated window, local `HH:mm` (to may be `24:00`). */
  from?: string;
  to?: string;
  /** Simulated ms per real ms. */
  speed?: number;
  offices?: string[];
  /** A scenario (loaded, or a name in sim/scenarios, or a path); none by default. */
  scenario?: Scenario | string;
  adms?: 'auto' | 'on' | 'off';
  jsonAttendance?: string[];
  /** Ground truth goes to `${truthDir}` (default `${varDir}/sim`). */
  varDir?: string;
  truthDir?: string;
  policy?: PolicyConfig;
  log?: Log;
  concurrency?: number;
  minContactMs?: number;
  progressEveryMs?: number;
}

/**
 * A bounded simulation for tests and benchmarks: one date, one window, its own scaled clock that
 * starts at `from` once the devices are provisioned. Returns the counters and the ground truth.
 */
export async function runSimulation(o: RunOptions): Promise<SimResult> {
  const policy = o.policy ?? loadPolicy(configDir(process.env.CONFIG_DIR ?? ''));
  const zone = policy.workHours.zone;
  const speed = o.speed ?? 60;
  const from = epochAt(o.date, o.from ?? '07:00', zone);
  const to =
    o.to === '24:00' ? epochAt(o.date, '00:00', zone) + 86_400_000 : epochAt(o.date, o.to ?? '09:00', zone);
  if (to <= from) throw new Error(`empty window ${o.from}–${o.to}`);
  const scenario =
    o.scenario === undefined
      ? emptyScenario()
      : typeof o.scenario === 'string'
        ? loadScenario(o.scenario, new Registry(policy))
        : o.scenario;
  const sim = new Simulator({
    apiUrl: o.apiUrl,
    token: o.token,
    seed: String(o.seed),
    policy,
    scenario,
    clock: () => scaledClock({ realEpochMs: Date.now(), virtualEpochMs: from, speed }),
    offices: o.offices,
    adms: o.adms ?? 'auto',
    jsonAttendance: o.jsonAttendance,
    truthDir: o.truthDir ?? path.join(varDir(o.varDir ?? process.env.VAR_DIR ?? ''), 'sim'),
    log: o.log ?? (() => undefined),
    concurrency: o.concurrency,
    endAt: to,
    minContactMs: o.minContactMs,
    progressEveryMs: o.progressEveryMs ?? 0,
  });
  return sim.run();
}
