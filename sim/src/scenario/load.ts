import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { Registry } from '@pkk/core';
import { scenarioFile, type Scenario } from './schema.ts';

export const SCENARIO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios');

/** A scenario that cannot be used: names the file, the field and why. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`scenario error in ${file} at ${field || '(root)'}: ${reason}`);
    this.name = 'ScenarioError';
  }
}

/** `default`, `default.yaml` or a path → the file. */
export function scenarioPath(nameOrPath: string): string {
  if (nameOrPath.includes('/')) return path.resolve(nameOrPath);
  const file = /\.ya?ml$/.test(nameOrPath) ? nameOrPath : `${nameOrPath}.yaml`;
  return path.join(SCENARIO_DIR, file);
}

/**
 * Validates a scenario: its shape first (zod, every field named by its path), then against the
 * registry (the kelurahan exists, the desk is one of its desks).
 */
export function parseScenario(data: unknown, source: string, registry: Registry): Scenario {
  const result = scenarioFile.safeParse(data ?? {});
  if (!result.success) {
    const first = result.error.issues[0]!;
    throw new ScenarioError(source, first.path.join('.'), first.message);
  }
  const s = result.data;
  s.anomalies.forEach((a, i) => {
    if (!registry.get(a.kelurahan))
      throw new ScenarioError(source, `anomalies.${i}.kelurahan`, `unknown kelurahan ${a.kelurahan}`);
    const desks = registry.desksOf(a.kelurahan).map((d) => d.code);
    const desk = a.type === 'desk_unattended' ? a.desk : 'officer' in a ? a.officer.desk : undefined;
    const field = a.type === 'desk_unattended' ? 'desk' : 'officer.desk';
    if (desk !== undefined && !desks.includes(desk)) {
      throw new ScenarioError(
        source,
        `anomalies.${i}.${field}`,
        `desk '${desk}' is not configured for ${a.kelurahan} (has ${desks.join(', ')})`,
      );
    }
  });
  return { ...s, name: s.name ?? path.basename(source).replace(/\.ya?ml$/, '') };
}

export function loadScenario(nameOrPath: string, registry: Registry): Scenario {
  const file = scenarioPath(nameOrPath);
  if (!existsSync(file)) throw new ScenarioError(file, '', 'no such scenario file');
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ScenarioError(file, '', `not valid YAML: ${(err as Error).message}`);
  }
  return parseScenario(data, file, registry);
}

/** A scenario with no anomalies: the plain day plan. */
export function emptyScenario(name = 'none'): Scenario {
  return { name, citizensFactor: 1, disruptionFactor: 1, anomalies: [] };
}
