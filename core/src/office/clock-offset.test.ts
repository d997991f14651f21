import { describe, expect, it } from 'vitest';
import {
  CLOCK_ESTIMATE_WINDOW_MS,
  clockCorrectionSeconds,
  leadSeconds,
  nextClockEstimate,
  type ClockEstimate,
} from './clock-offset.ts';

const T0 = Date.UTC(2026, 10, 23, 0, 0); // 07:00 WIB
const min = 60_000;

/** Deliveries of a terminal whose clock leads by `lead` ms, each arriving `delay` ms after the punch. */
function run(lead: number, delays: number[]): ClockEstimate | null {
  let est: ClockEstimate | null = null;
  delays.forEach((delay, i) => {
    const real = T0 + i * 5 * min;
    est = nextClockEstimate(est, leadSeconds([real + lead], real + delay), real + delay);
  });
  return est;
}

describe('clock estimate of a terminal', () => {
  it('finds a clock 12 minutes ahead from prompt pushes, whatever the network added', () => {
    expect(clockCorrectionSeconds(run(12 * min, [800, 300, 2_000, 150]))).toBe(720);
  });

  it('is not fooled by a backlog: delayed deliveries only lower the lead, the prompt one holds', () => {
    expect(clockCorrectionSeconds(run(12 * min, [200, 40 * min, 90 * min]))).toBe(720);
  });

  it('corrects nothing for a right clock, nor for a slow one (a lag may be a delay)', () => {
    expect(clockCorrectionSeconds(run(0, [500, 200, 30 * min]))).toBeNull();
    expect(clockCorrectionSeconds(run(-10 * min, [200, 300]))).toBeNull();
    expect(clockCorrectionSeconds(run(40_000, [100]))).toBeNull();
  });

  it('lets an old lead expire once the clock was set right', () => {
    const ahead: ClockEstimate = { seconds: 720, at: T0 };
    const later = T0 + CLOCK_ESTIMATE_WINDOW_MS + min;
    expect(nextClockEstimate(ahead, 1, T0 + 2 * 3_600_000)).toEqual(ahead);
    expect(nextClockEstimate(ahead, 1, later)).toEqual({ seconds: 1, at: later });
  });

  it('takes the most prompt item of a batch, and nothing from an empty one', () => {
    expect(leadSeconds([T0 - 30 * min, T0 + 600_400, T0 - 5 * min], T0)).toBe(600);
    expect(leadSeconds([], T0)).toBeNull();
    expect(nextClockEstimate(null, null, T0)).toBeNull();
  });
});
