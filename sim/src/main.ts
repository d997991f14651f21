/**
 * Entry point of the sim role: plays the 107 kelurahan offices against the api over the real device
 * protocols, day after day on the shared clock, writing ground truth as it goes. Started by
 * `npm start` (scripts/start.ts) with SIM_API_URL, SIM_API_TOKEN and the clock anchors.
 */
import path from 'node:path';
import { z } from 'zod';
import { Registry } from '@pkk/core';
import { loadEnv } from '@pkk/platform/config/env';
import { ConfigError, loadPolicy } from '@pkk/platform/config/policy';
import { configDir, varDir } from '@pkk/platform/config/paths';
import { readSimPosition, sameSimulation, simPositionFile } from '@pkk/platform/demo/position';
import { clockFromEnv } from '@pkk/platform/context';
import { onShutdown } from '@pkk/platform/infra/lifecycle';
import type { Log } from './http/client.ts';
import { Simulator } from './run/simulator.ts';
import { loadScenario, ScenarioError } from './scenario/load.ts';

const simEnv = z.object({
  SIM_API_URL: z.url(),
  SIM_API_TOKEN: z.string().min(1),
  SIM_SEED: z.string().min(1).default('1'),
  /** A file in sim/scenarios (with or without .yaml) or a path. */
  SIM_SCENARIO: z.string().min(1).default('default'),
  SIM_ADMS: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Comma-separated kelurahan codes to simulate; all when unset. */
  SIM_OFFICES: z.string().optional(),
  SIM_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Floor of the interval between two contacts of one device, real ms. */
  SIM_MIN_CONTACT_MS: z.coerce.number().int().min(50).default(1000),
  SIM_PROGRESS_MS: z.coerce.number().int().min(0).default(10_000),
  /** The simulated cameras' RTSP port (sim/src/cameras); SIM_CAMERAS=off serves none. */
  SIM_RTSP_PORT: z.coerce.number().int().min(0).max(65535).default(8554),
  SIM_CAMERAS: z.enum(['on', 'off']).default('on'),
  VAR_DIR: z.string().default(''),
  CONFIG_DIR: z.string().default(''),
});

const log: Log = (level, msg) => {
  const line = `[sim] ${msg}`;
  if (level === 'info') console.log(line);
  else if (level === 'warn') console.warn(line);
  else console.error(line);
};

async function main(): Promise<void> {
  const parsed = simEnv.safeParse(process.env);
  if (!parsed.success) {
    console.error(
      `[sim] invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
    process.exit(78);
  }
  const env = parsed.data;
  let policy, scenario, clock;
  try {
    policy = loadPolicy(configDir(env.CONFIG_DIR));
    scenario = loadScenario(env.SIM_SCENARIO, new Registry(policy));
    clock = clockFromEnv(loadEnv());
  } catch (err) {
    console.error(
      `[sim] ${err instanceof ConfigError || err instanceof ScenarioError ? err.message : String(err)}`,
    );
    process.exit(78);
  }

  // Where the last run of this simulation stopped: what it delivered is not sent again.
  const offices = env.SIM_OFFICES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const positionFile = simPositionFile(varDir(env.VAR_DIR));
  const saved = readSimPosition(positionFile);
  if (saved.problem) log('warn', `ignoring the saved position: ${saved.problem}`);
  const resumeFrom =
    saved.position &&
    sameSimulation(saved.position, {
      seed: env.SIM_SEED,
      scenario: env.SIM_SCENARIO,
      offices: offices ?? null,
    })
      ? saved.position.deliveredThrough
      : undefined;
  if (resumeFrom !== undefined)
    log(
      'info',
      `resuming: what was due before ${new Date(resumeFrom).toLocaleString('sv-SE', { timeZone: policy.workHours.zone }).slice(0, 16)} WIB was delivered already`,
    );

  const sim = new Simulator({
    apiUrl: env.SIM_API_URL,
    token: env.SIM_API_TOKEN,
    seed: env.SIM_SEED,
    policy,
    scenario,
    clock: () => clock,
    offices,
    resumeFrom,
    position: { file: positionFile, scenario: env.SIM_SCENARIO },
    adms: env.SIM_ADMS,
    truthDir: path.join(varDir(env.VAR_DIR), 'sim'),
    log,
    concurrency: env.SIM_CONCURRENCY,
    minContactMs: env.SIM_MIN_CONTACT_MS,
    progressEveryMs: env.SIM_PROGRESS_MS,
    ...(env.SIM_CAMERAS === 'on'
      ? {
          cameras: {
            port: env.SIM_RTSP_PORT,
            clipDir: path.join(varDir(env.VAR_DIR), 'sim', 'cameras', 'clips'),
          },
        }
      : {}),
  });
  log(
    'info',
    `seed ${env.SIM_SEED}, scenario ${scenario.name} (${scenario.anomalies.length} anomalies), clock ${clock.speed}x, api ${env.SIM_API_URL}`,
  );
  const running = sim.run();
  onShutdown(async (reason) => {
    log('info', `stopping (${reason})`);
    sim.stop();
    const r = await running.catch(() => null);
    if (r)
      log(
        'info',
        `stopped after ${(r.realMs / 1000).toFixed(0)} s: ${r.stats.http.requests} requests, ${r.stats.http.failures} failures`,
      );
  });
  await running.catch((err: unknown) => {
    if (sim.stopping) return;
    console.error(`[sim] ${(err as Error).message}`);
    process.exit(1);
  });
}

void main();
