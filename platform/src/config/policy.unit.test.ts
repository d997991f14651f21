import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configDir } from './paths.ts';
import { ConfigError, loadPolicy } from './policy.ts';

const dirs: string[] = [];
function copyConfig(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pkk-config-'));
  cpSync(configDir(''), d, { recursive: true });
  dirs.push(d);
  return d;
}
function edit(dir: string, file: string, change: (text: string) => string) {
  const p = path.join(dir, file);
  writeFileSync(p, change(readFileSync(p, 'utf8')));
}
function failure(dir: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    loadPolicy(dir, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('policy config', () => {
  it('loads the shipped Palembang config: 18 kecamatan, 107 kelurahan with boundaries', () => {
    const c = loadPolicy(configDir(''), {});
    expect(c.kecamatan).toHaveLength(18);
    expect(c.kelurahan).toHaveLength(107);
    expect(new Set(c.boundaries.features.map((f) => f.properties.code)).size).toBe(107);
    expect(c.kelurahan.find((k) => k.nameLegacy === '35 Ilir')?.name).toBe('Tiga-puluh-lima Ilir');
    expect(c.workHours.regular.fri.end).toBe('16:30');
  });

  it('names file, key and reason for a bad value', () => {
    const d = copyConfig();
    edit(d, 'work-hours.yaml', (t) =>
      t.replace('fri: { start: "07:30", end: "16:30"', 'fri: { start: "07:30", end: "25:30"'),
    );
    const e = failure(d);
    expect(e.file).toBe(path.join(d, 'work-hours.yaml'));
    expect(e.key).toBe('regular.fri.end');
    expect(e.reason).toMatch(/HH:mm/);
    expect(e.message).toContain('work-hours.yaml at regular.fri.end');
  });

  it('refuses a desk offering a service that does not exist', () => {
    const d = copyConfig();
    edit(d, 'offices.yaml', (t) =>
      t.replace('services: [domisili, sktm, keterangan-usaha]', 'services: [domisili, sktm, ktp-elektronik]'),
    );
    const e = failure(d);
    expect(e.key).toBe('defaultDesks.1.services.2');
    expect(e.reason).toContain("unknown service 'ktp-elektronik'");
  });

  it('refuses a kelurahan of an unknown kecamatan and unreadable YAML', () => {
    const d = copyConfig();
    edit(d, 'kelurahan.json', (t) => t.replace('"kecamatanCode": "16.71.01"', '"kecamatanCode": "16.71.99"'));
    expect(failure(d).reason).toContain('unknown kecamatan 16.71.99');
    const d2 = copyConfig();
    edit(d2, 'thresholds.yaml', () => 'ingest: [unclosed');
    expect(failure(d2).file).toBe(path.join(d2, 'thresholds.yaml'));
  });

  it('takes single values from the environment, typed, and refuses unknown keys', () => {
    const c = loadPolicy(configDir(''), {
      CONFIG__thresholds__queue__waitTargetMinutes: '20',
      CONFIG__WORK_HOURS__lateGraceSeconds: '0',
    });
    expect(c.thresholds.queue.waitTargetMinutes).toBe(20);
    expect(c.workHours.lateGraceSeconds).toBe(0);
    const e = failure(configDir(''), { CONFIG__thresholds__queue__waitTargetMinutez: '20' });
    expect(e.key).toBe('queue.waitTargetMinutez');
    expect(failure(configDir(''), { CONFIG__thresholds__queue__waitTargetMinutes: 'soon' }).key).toBe(
      'queue.waitTargetMinutes',
    );
  });
});
