import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  alertingFile,
  boundaryFile,
  detectionFile,
  holidaysFile,
  kecamatanFile,
  kelurahanFile,
  mapFile,
  jobsFile,
  kinerjaFile,
  officesFile,
  thresholdsFile,
  tppFile,
  workHoursFile,
  type PolicyConfig,
} from '@pkk/core';

/** A config file that cannot be used: names the file, the key and why. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly reason: string,
  ) {
    super(`config error in ${file} at ${key || '(root)'}: ${reason}`);
    this.name = 'ConfigError';
  }
}

const FILES = {
  kecamatan: ['kecamatan.json', kecamatanFile],
  kelurahan: ['kelurahan.json', kelurahanFile],
  boundaries: ['kelurahan.geojson', boundaryFile],
  offices: ['offices.yaml', officesFile],
  workHours: ['work-hours.yaml', workHoursFile],
  holidays: ['holidays.yaml', holidaysFile],
  thresholds: ['thresholds.yaml', thresholdsFile],
  map: ['map.yaml', mapFile],
  jobs: ['jobs.yaml', jobsFile],
  detection: ['detection.yaml', detectionFile],
  alerting: ['alerting.yaml', alertingFile],
  tpp: ['tpp.yaml', tppFile],
  kinerja: ['kinerja.yaml', kinerjaFile],
} as const satisfies Record<keyof PolicyConfig, readonly [string, z.ZodType]>;

/**
 * Environment overrides of single values: `CONFIG__<file>__<key>__<key>=value`, where <file> is the
 * file name without extension (`thresholds`, `work_hours`) and keys match case-insensitively. The value
 * is read as YAML, so numbers and booleans keep their type.
 */
function applyOverrides(file: string, data: unknown, env: NodeJS.ProcessEnv): unknown {
  // Shells allow no '-' in names: `work-hours.yaml` is addressed as WORK_HOURS or work_hours.
  const stem = file
    .replace(/\.(ya?ml|json|geojson)$/, '')
    .toLowerCase()
    .replaceAll('-', '_');
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('CONFIG__') || value === undefined) continue;
    const [target, ...keys] = name.slice('CONFIG__'.length).split('__');
    if (target?.toLowerCase() !== stem) continue;
    if (!keys.length) throw new ConfigError(file, '', `override ${name} names no key`);
    let node = data as Record<string, unknown>;
    keys.forEach((k, i) => {
      const actual = Object.keys(node ?? {}).find((x) => x.toLowerCase() === k.toLowerCase());
      if (actual === undefined || typeof node !== 'object' || node === null) {
        throw new ConfigError(
          file,
          keys.slice(0, i + 1).join('.'),
          `override ${name} names a key the file does not have`,
        );
      }
      if (i === keys.length - 1) node[actual] = parseYaml(value);
      else node = node[actual] as Record<string, unknown>;
    });
  }
  return data;
}

function readOne<S extends z.ZodType>(
  dir: string,
  file: string,
  schema: S,
  env: NodeJS.ProcessEnv,
): z.infer<S> {
  const full = path.join(dir, file);
  let raw: unknown;
  try {
    const text = readFileSync(full, 'utf8');
    raw = file.endsWith('.yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(full, '', (err as Error).message);
  }
  raw = applyOverrides(file, raw, env);
  const result = schema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0]!;
    throw new ConfigError(full, first.path.join('.'), first.message);
  }
  return result.data;
}

/** Checks that the files agree with each other: every office in the registry, boundaries, overrides. */
function crossCheck(dir: string, c: PolicyConfig): void {
  const kec = new Set(c.kecamatan.map((k) => k.code));
  const kel = new Set<string>();
  c.kelurahan.forEach((k, i) => {
    if (kel.has(k.code))
      throw new ConfigError(path.join(dir, 'kelurahan.json'), `${i}.code`, `duplicate code ${k.code}`);
    kel.add(k.code);
    if (!kec.has(k.kecamatanCode)) {
      throw new ConfigError(
        path.join(dir, 'kelurahan.json'),
        `${i}.kecamatanCode`,
        `unknown kecamatan ${k.kecamatanCode}`,
      );
    }
  });
  c.boundaries.features.forEach((f, i) => {
    if (!kel.has(f.properties.code)) {
      throw new ConfigError(
        path.join(dir, 'kelurahan.geojson'),
        `features.${i}.properties.code`,
        `unknown kelurahan ${f.properties.code}`,
      );
    }
  });
  for (const code of Object.keys(c.offices.overrides)) {
    if (!kel.has(code))
      throw new ConfigError(path.join(dir, 'offices.yaml'), `overrides.${code}`, 'unknown kelurahan');
  }
  // The detectors classify TL/PSW tiers, the TPP prices them: every tier they give needs a rate.
  const { lateTiers, earlyTiers } = c.detection.attendance;
  for (const [ladder, tiers] of [
    ['lateTiers', lateTiers],
    ['earlyTiers', earlyTiers],
  ] as const) {
    tiers.forEach((t, i) => {
      if (c.tpp.disiplin.tiers[t.code] === undefined) {
        throw new ConfigError(
          path.join(dir, 'tpp.yaml'),
          `disiplin.tiers.${t.code}`,
          `detection.yaml attendance.${ladder}.${i} classifies ${t.code}, which has no rate here`,
        );
      }
    });
  }
}

export function loadPolicy(dir: string, env: NodeJS.ProcessEnv = process.env): PolicyConfig {
  const out = {} as Record<string, unknown>;
  for (const [key, [file, schema]] of Object.entries(FILES)) out[key] = readOne(dir, file, schema, env);
  const config = out as unknown as PolicyConfig;
  crossCheck(dir, config);
  return config;
}
