/**
 * The one source of "now" for every role. In production it is the system clock. In a simulated demo
 * every role runs on the same scaled clock (a working day in minutes), anchored by the launcher so
 * that the api, the workers, the simulator and the browser agree on what time it is.
 */
export interface Clock {
  now(): number;
  /** How many simulated milliseconds pass per real millisecond (1 in production). */
  readonly speed: number;
}

export interface ClockAnchor {
  /** Real epoch ms at which the simulated time was `virtualEpochMs`. */
  realEpochMs: number;
  virtualEpochMs: number;
  speed: number;
}

export const systemClock: Clock = { now: () => Date.now(), speed: 1 };

export function scaledClock(anchor: ClockAnchor, realNow: () => number = Date.now): Clock {
  return {
    speed: anchor.speed,
    now: () => anchor.virtualEpochMs + Math.round((realNow() - anchor.realEpochMs) * anchor.speed),
  };
}

/** Real milliseconds to wait for a span of simulated milliseconds. */
export function realDelay(clock: Clock, virtualMs: number): number {
  return Math.max(0, virtualMs / clock.speed);
}
