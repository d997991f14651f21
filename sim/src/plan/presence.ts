import type { LocalDate } from '@pkk/core';
import { Rng } from '../random.ts';
import { MINUTE } from '../time.ts';
import { PARAMS } from './params.ts';
import type { Interval, PresenceItem } from './types.ts';

const P = PARAMS.presence;

/**
 * What the camera analytics reports for each desk: every couple of minutes, whether somebody sits at
 * it. Mostly right with high confidence; now and then wrong with low confidence, as real detectors are.
 */
export function planPresence(
  seed: string,
  date: LocalDate,
  code: string,
  desks: string[],
  attended: Map<string, Interval[]>,
  officeStart: number,
  officeEnd: number,
): PresenceItem[] {
  const rng = Rng.from(seed, 'presence', date, code);
  const out: PresenceItem[] = [];
  const from = officeStart - P.marginMin * MINUTE;
  const to = officeEnd + P.marginMin * MINUTE;
  desks.forEach((desk, i) => {
    const spans = attended.get(desk) ?? [];
    // Cameras are not synchronised: each desk's readings are offset by a few seconds.
    for (let t = from + (i * 17 + 5) * 1000; t < to; t += P.everyMin * MINUTE) {
      const truth = spans.some((s) => t >= s.from && t < s.to);
      const wrong = rng.chance(P.errorChance);
      out.push({
        at: t,
        desk,
        present: wrong ? !truth : truth,
        confidence: Math.round((wrong ? rng.float(0.45, 0.65) : rng.float(0.8, 0.99)) * 100) / 100,
        camera: `cam-${desk}`,
      });
    }
  });
  return out.sort((a, b) => a.at - b.at);
}
