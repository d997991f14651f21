import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assumptionsOf, sourcedValues } from '@pkk/core';
import { configDir } from './paths.ts';
import { ConfigError, loadPolicy } from './policy.ts';

const dirs: string[] = [];
function configWith(file: string, change: (text: string) => string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pkk-config-tpp-'));
  cpSync(configDir(''), d, { recursive: true });
  dirs.push(d);
  const p = path.join(d, file);
  writeFileSync(p, change(readFileSync(p, 'utf8')));
  return d;
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

describe('TPP and kinerja policy', () => {
  it('loads the shipped rules, every value with its source, the assumptions marked', () => {
    const c = loadPolicy(configDir(''), {});
    expect([c.tpp.weights.kinerjaBp.value, c.tpp.weights.disiplinBp.value]).toEqual([6000, 4000]);
    expect(c.tpp.basic.byKelas['7']).toMatchObject({ value: 3854725, status: 'FOUND', source: 'S7' });
    expect(Object.keys(c.tpp.disiplin.tiers)).toEqual([
      'TL1',
      'TL2',
      'TL3',
      'TL4',
      'PSW1',
      'PSW2',
      'PSW3',
      'PSW4',
    ]);
    const values = [...sourcedValues(c.tpp), ...sourcedValues(c.kinerja)];
    expect(values.every((v) => v.source.length > 0 && /^(R\d|GAP)/.test(v.rule))).toBe(true);
    const typical = [...assumptionsOf(c.tpp), ...assumptionsOf(c.kinerja)].map((a) => a.path);
    expect(typical).toEqual(
      expect.arrayContaining([
        'disiplin.cutBase',
        'disiplin.absence',
        'ladder.butuh_perbaikan',
        'lateEvidence.deadlineWorkingDays',
      ]),
    );
    expect(typical).not.toContain('weights.kinerjaBp');
  });

  it('names file, key and reason for a bad value', () => {
    const weights = failure(
      configWith('tpp.yaml', (t) => t.replace('kinerjaBp: { value: 6000', 'kinerjaBp: { value: 7000')),
    );
    expect([path.basename(weights.file), weights.key]).toEqual(['tpp.yaml', 'weights.disiplinBp.value']);
    expect(weights.reason).toMatch(/add up to 10000/);
    const float = failure(
      configWith('tpp.yaml', (t) => t.replace('TL1: { value: 50,', 'TL1: { value: 0.5,')),
    );
    expect([float.key, float.reason]).toEqual(['disiplin.tiers.TL1.value', expect.stringMatching(/int/i)]);
    const untagged = failure(
      configWith('kinerja.yaml', (t) =>
        t.replace('status: FOUND, source: "S4", rule: R2.2', 'status: MAYBE, source: "S4", rule: R2.2'),
      ),
    );
    expect([path.basename(untagged.file), untagged.key]).toEqual(['kinerja.yaml', 'realisationCapBp.status']);
    const ladder = failure(
      configWith('kinerja.yaml', (t) => t.replace('kurang: { value: 5000', 'kurang: { value: 9000')),
    );
    expect([ladder.key, ladder.reason]).toEqual([
      'ladder.kurang.value',
      'must not exceed butuh_perbaikan (7500 bp)',
    ]);
  });

  it('refuses a tier the detectors classify but the TPP does not price', () => {
    const e = failure(configWith('tpp.yaml', (t) => t.replace(/^ {4}PSW3: .*\n/m, '')));
    expect([path.basename(e.file), e.key]).toEqual(['tpp.yaml', 'disiplin.tiers.PSW3']);
    expect(e.reason).toBe('detection.yaml attendance.earlyTiers.2 classifies PSW3, which has no rate here');
  });

  it('takes a rule from the environment, checked like the file', () => {
    const c = loadPolicy(configDir(''), { CONFIG__tpp__disiplin__cutBase__value: 'disiplin_component' });
    expect(c.tpp.disiplin.cutBase.value).toBe('disiplin_component');
    expect(failure(configDir(''), { CONFIG__tpp__rounding__value: 'banker' }).key).toBe('rounding.value');
  });
});
