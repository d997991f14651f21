import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { addDays, epochAt, localDateOf, workingDay, type PolicyConfig } from '@pkk/core';

/**
 * Where the demo's simulated city stands, kept in `var/sim/position.json` by the simulator as it
 * plays and read by the launcher at the next `npm start`: the demo continues where it stopped rather
 * than replaying a day the database already holds. The simulated clock is the whole stack's (every
 * role gets the same anchors from the launcher), so this is also where the api and workers resume.
 */
export const simPosition = z.object({
  /** What was simulated: the same plan comes back only with the same seed, scenario and offices. */
  seed: z.string(),
  scenario: z.string(),
  /** The offices simulated; null: all of them. */
  offices: z.array(z.string()).nullable(),
  speed: z.number().positive(),
  /** How far the simulated clock had come (epoch ms). */
  at: z.number().int(),
  /**
   * Every device item due before this instant (epoch ms, simulated) was delivered: a simulator that
   * resumes sends nothing older again. Not after `at`.
   */
  deliveredThrough: z.number().int(),
  /** Real time of the write, for a person reading the file. */
  savedAt: z.iso.datetime(),
});
export type SimPosition = z.infer<typeof simPosition>;

/** What a run is: a saved position belongs to it when these match. */
export type SimIdentity = Pick<SimPosition, 'seed' | 'scenario' | 'offices'>;

export const simPositionFile = (varDir: string) => path.join(varDir, 'sim', 'position.json');

export function sameSimulation(p: SimPosition, id: SimIdentity): boolean {
  return (
    p.seed === id.seed &&
    p.scenario === id.scenario &&
    JSON.stringify(p.offices ?? null) === JSON.stringify(id.offices ?? null)
  );
}

/** The saved position, or null when there is none; a file that does not parse is named in `problem`. */
export function readSimPosition(file: string): { position: SimPosition | null; problem?: string } {
  if (!existsSync(file)) return { position: null };
  try {
    const parsed = simPosition.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return { position: parsed.data };
    return { position: null, problem: `${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  } catch (err) {
    return { position: null, problem: `${file}: ${(err as Error).message}` };
  }
}

/** Writes the position whole or not at all (a reader never sees half a file). */
export function writeSimPosition(file: string, p: SimPosition): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(p, null, 2));
  renameSync(tmp, file);
}

/** The office day's simulated start: early enough to see the first arrivals. */
export const DEMO_DAY_START = '06:45';

export interface DemoClockStart {
  /** Simulated epoch ms the stack's clock starts at. */
  at: number;
  /** `fresh`: the latest working day; `continue`: where the last run stopped; `next-day`: after another simulation's last day. */
  why: 'fresh' | 'continue' | 'next-day';
}

/**
 * Where the demo's clock starts. Fresh, the latest working day up to today at 06:45. After an
 * earlier run of the same simulation, where it stopped, unless that is before the fresh start (the
 * demo sat still for days: a new day is simulated). After a run of another seed, scenario or set of
 * offices, the working day after its last, so the new plan never lands on a day the other stored.
 */
export function demoClockStart(
  realNow: number,
  policy: PolicyConfig,
  id: SimIdentity,
  saved: SimPosition | null,
): DemoClockStart {
  const zone = policy.workHours.zone;
  const working = (d: string) => workingDay(d, policy.workHours, policy.holidays).kind === 'working';
  let date = localDateOf(realNow, zone);
  while (!working(date)) date = addDays(date, -1);
  const fresh = epochAt(date, DEMO_DAY_START, zone);
  if (!saved) return { at: fresh, why: 'fresh' };
  if (sameSimulation(saved, id))
    return saved.at >= fresh ? { at: saved.at, why: 'continue' } : { at: fresh, why: 'fresh' };
  let next = addDays(localDateOf(saved.at, zone), 1);
  while (!working(next)) next = addDays(next, 1);
  const after = epochAt(next, DEMO_DAY_START, zone);
  return after > fresh ? { at: after, why: 'next-day' } : { at: fresh, why: 'fresh' };
}
