import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testPolicy } from '../testing/policy.ts';
import { loadScenario, parseScenario, SCENARIO_DIR, ScenarioError } from './load.ts';

const { registry } = testPolicy();
const K = '16.71.01.1001';

/** The field a bad scenario is refused for. */
function fieldOf(data: unknown): string {
  try {
    parseScenario(data, 'test.yaml', registry);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as Error).message).toContain('test.yaml');
    return (err as ScenarioError).field;
  }
  throw new Error('accepted');
}

describe('scenario files', () => {
  it('ship valid: every file in sim/scenarios loads', () => {
    const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files).toContain('default.yaml');
    // Each adds something to the plain day: anomalies of its own, or denser natural disruptions.
    for (const f of files) {
      const s = loadScenario(f, registry);
      expect(s.anomalies.length > 0 || s.disruptionFactor > 1, f).toBe(true);
    }
    const d = loadScenario('default', registry);
    expect(d.name).toBe('default');
    expect(new Set(d.anomalies.map((a) => a.type)).size).toBe(8);
  });

  it('name the field of a bad value', () => {
    const a = (x: object) => ({
      anomalies: [{ type: 'desk_unattended', kelurahan: K, desk: 'loket-1', at: '09:00', minutes: 10, ...x }],
    });
    expect(fieldOf(a({ minutes: 0 }))).toBe('anomalies.0.minutes');
    expect(fieldOf(a({ at: '9am' }))).toBe('anomalies.0.at');
    expect(fieldOf(a({ kelurahan: '16.71' }))).toBe('anomalies.0.kelurahan');
    expect(fieldOf(a({ kelurahan: '16.71.99.9999' }))).toBe('anomalies.0.kelurahan');
    expect(fieldOf(a({ desk: 'loket-9' }))).toBe('anomalies.0.desk');
    expect(fieldOf(a({ extra: 1 }))).toBe('anomalies.0');
    expect(fieldOf({ anomalies: [{ type: 'meteor', kelurahan: K }] })).toBe('anomalies.0.type');
    expect(
      fieldOf({
        anomalies: [
          { type: 'late_arrival', kelurahan: K, officer: { desk: 'loket-1', position: 'Lurah' }, minutes: 5 },
        ],
      }),
    ).toBe('anomalies.0.officer');
    expect(
      fieldOf({ anomalies: [{ type: 'officer_absent', kelurahan: K, officer: { desk: 'loket-7' } }] }),
    ).toBe('anomalies.0.officer.desk');
    expect(fieldOf({ anomalies: [{ type: 'clock_skew', kelurahan: K, minutes: 0 }] })).toBe(
      'anomalies.0.minutes',
    );
    expect(
      fieldOf({
        anomalies: [{ type: 'kiosk_offline', kelurahan: K, at: '10:00', minutes: 5, dates: ['2026-02-30'] }],
      }),
    ).toBe('anomalies.0.dates.0');
    expect(fieldOf({ citizensFactor: -1 })).toBe('citizensFactor');
  });

  it('fill in defaults and take the file name as the scenario name', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scn-'));
    const file = path.join(dir, 'quiet-day.yaml');
    writeFileSync(
      file,
      `anomalies:\n  - { type: officer_absent, kelurahan: "${K}", officer: { pin: "3" } }\n`,
    );
    const s = loadScenario(file, registry);
    expect(s).toEqual({
      name: 'quiet-day',
      citizensFactor: 1,
      disruptionFactor: 1,
      anomalies: [
        {
          type: 'officer_absent',
          kelurahan: K,
          officer: { pin: '3' },
          withLeave: false,
          leaveKind: 'izin',
          covered: false,
        },
      ],
    });
    expect(() => loadScenario('no-such-scenario', registry)).toThrow(/no such scenario file/);
    writeFileSync(file, 'anomalies: [');
    expect(() => loadScenario(file, registry)).toThrow(/not valid YAML/);
  });
});
