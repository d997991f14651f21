import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { epochAt } from '@pkk/core';
import { configDir } from '../config/paths.ts';
import { loadPolicy } from '../config/policy.ts';
import {
  demoClockStart,
  readSimPosition,
  simPositionFile,
  writeSimPosition,
  type SimPosition,
} from './position.ts';

const policy = loadPolicy(configDir(''), {});
const ID = { seed: '1', scenario: 'default', offices: null };
const dir = mkdtempSync(path.join(os.tmpdir(), 'pkk-position-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const saved = (at: number, more: Partial<SimPosition> = {}): SimPosition => ({
  ...ID,
  speed: 60,
  at,
  deliveredThrough: at - 5_000,
  savedAt: new Date(0).toISOString(),
  ...more,
});
// Wednesday 25 November 2026, 14:00 WIB, real time.
const REAL = epochAt('2026-11-25', '14:00');

describe('where the demo clock starts', () => {
  it('fresh: the latest working day at 06:45 (a weekend goes back to Friday)', () => {
    expect(demoClockStart(REAL, policy, ID, null)).toEqual({
      at: epochAt('2026-11-25', '06:45'),
      why: 'fresh',
    });
    expect(demoClockStart(epochAt('2026-11-29', '10:00'), policy, ID, null)).toEqual({
      at: epochAt('2026-11-27', '06:45'),
      why: 'fresh',
    });
  });

  it('continues where the same simulation stopped, later the same day or days ahead', () => {
    const sameDay = epochAt('2026-11-25', '11:12');
    expect(demoClockStart(REAL, policy, ID, saved(sameDay))).toEqual({ at: sameDay, why: 'continue' });
    const ahead = epochAt('2026-12-02', '09:30');
    expect(demoClockStart(REAL, policy, ID, saved(ahead))).toEqual({ at: ahead, why: 'continue' });
  });

  it('starts a new day when the same simulation stopped before it', () => {
    expect(demoClockStart(REAL, policy, ID, saved(epochAt('2026-11-20', '15:00')))).toEqual({
      at: epochAt('2026-11-25', '06:45'),
      why: 'fresh',
    });
  });

  it('after another seed, scenario or set of offices, starts the working day after its last', () => {
    // Friday 27 November: the next working day is Monday 30 November.
    const other = saved(epochAt('2026-11-27', '10:00'), { seed: '2' });
    expect(demoClockStart(REAL, policy, ID, other)).toEqual({
      at: epochAt('2026-11-30', '06:45'),
      why: 'next-day',
    });
    const fewer = saved(epochAt('2026-11-25', '08:00'), { offices: ['16.71.01.1001'] });
    expect(demoClockStart(REAL, policy, ID, fewer)).toEqual({
      at: epochAt('2026-11-26', '06:45'),
      why: 'next-day',
    });
    // Long ago: today is fresh for it.
    expect(
      demoClockStart(REAL, policy, ID, saved(epochAt('2026-11-02', '10:00'), { scenario: 'x' })),
    ).toEqual({
      at: epochAt('2026-11-25', '06:45'),
      why: 'fresh',
    });
  });
});

describe('the position file', () => {
  it('is written whole and read back; a damaged one is named, not trusted', () => {
    const file = simPositionFile(dir);
    expect(readSimPosition(file)).toEqual({ position: null });
    const p = saved(epochAt('2026-11-25', '11:12'));
    writeSimPosition(file, p);
    expect(readSimPosition(file)).toEqual({ position: p });
    writeFileSync(file, '{"seed":');
    expect(readSimPosition(file)).toMatchObject({ position: null, problem: expect.stringContaining(file) });
    writeFileSync(file, JSON.stringify({ ...p, at: 'noon' }));
    expect(readSimPosition(file)).toMatchObject({ position: null, problem: expect.stringContaining(file) });
  });
});
