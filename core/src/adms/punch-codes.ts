import type { AttendancePunch } from '../schemas/ingest.ts';

/**
 * What the numeric codes of an ATTLOG record mean. Status is the key the officer pressed (many never
 * press one, so it is a hint); verify is how the terminal recognised the person. Codes other than
 * these vary by firmware and map to `unknown` / `other` rather than being guessed.
 */

export type PunchDirection = AttendancePunch['direction'];
export type PunchVerify = AttendancePunch['verify'];

/** 0 check-in and 4 overtime-in are arrivals; 1 check-out and 5 overtime-out are departures. */
export function directionOfStatus(status: number): PunchDirection {
  if (status === 0 || status === 4) return 'in';
  if (status === 1 || status === 5) return 'out';
  return 'unknown';
}

const VERIFY: ReadonlyMap<number, PunchVerify> = new Map([
  [0, 'password'],
  [1, 'fingerprint'],
  [2, 'card'],
  [15, 'face'],
  [25, 'palm'],
]);

export function verifyOfCode(code: number): PunchVerify {
  return VERIFY.get(code) ?? 'other';
}
