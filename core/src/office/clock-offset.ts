import type { LiveEvent } from '../live/office.ts';

/**
 * A terminal's clock, as far as its deliveries tell. A punch stamped at device time `occurred` that
 * arrives at server time `received` says `occurred - received = offset - delay`, and a delay is
 * never negative: every delivery is a lower bound of how far the clock runs ahead, and the most
 * prompt one is the closest. So the estimate is the largest lead seen within a window (a clock set
 * right again stops leading, and the old lead expires with the window).
 *
 * Only a clock found running AHEAD is corrected. A lead cannot come from a slow network, so it is
 * proof; a lag can (a terminal that was offline sends old punches), so moving punches later on its
 * strength would make officers late on a guess. A finding may cost an officer money: it may rest on
 * a correction only where the device itself proved its clock wrong.
 */
export interface ClockEstimate {
  /** Seconds the device clock runs ahead of the server's (negative: behind, or delayed deliveries). */
  seconds: number;
  /** Server time of the delivery the estimate was last raised or renewed by. */
  at: number;
}

/** A lead older than this expires: the next delivery sets the estimate afresh. */
export const CLOCK_ESTIMATE_WINDOW_MS = 6 * 3_600_000;
/** Leads below this are network and rounding noise, not a wrong clock. */
export const MIN_CLOCK_CORRECTION_SECONDS = 60;

/** How far ahead of its arrival a delivery's most prompt item was stamped, in whole seconds. */
export function leadSeconds(occurredAt: readonly number[], receivedAt: number): number | null {
  if (!occurredAt.length) return null;
  let max = -Infinity;
  for (const at of occurredAt) if (at > max) max = at;
  return Math.round((max - receivedAt) / 1000);
}

export function nextClockEstimate(
  prev: ClockEstimate | null,
  lead: number | null,
  receivedAt: number,
): ClockEstimate | null {
  if (lead === null) return prev;
  if (!prev || receivedAt - prev.at > CLOCK_ESTIMATE_WINDOW_MS || lead >= prev.seconds)
    return { seconds: lead, at: receivedAt };
  return prev;
}

/** Seconds to take off the device's stamps, or null when its clock needs no correction. */
export function clockCorrectionSeconds(estimate: ClockEstimate | null): number | null {
  return estimate && estimate.seconds >= MIN_CLOCK_CORRECTION_SECONDS ? estimate.seconds : null;
}

/**
 * A stored or just-accepted punch as the live state and detection read it: at the corrected time,
 * with the direction the device recorded when it recorded one (`unknown` is left out).
 */
export function punchEvent(
  nip: string,
  deviceAt: number,
  correctionSeconds: number | null,
  id?: number,
  direction?: string | null,
): Extract<LiveEvent, { kind: 'punch' }> {
  return {
    kind: 'punch',
    nip,
    at: deviceAt - (correctionSeconds ?? 0) * 1000,
    ...(correctionSeconds ? { clockCorrectionSeconds: correctionSeconds } : {}),
    ...(id !== undefined ? { id } : {}),
    ...(direction === 'in' || direction === 'out' ? { direction } : {}),
  };
}
