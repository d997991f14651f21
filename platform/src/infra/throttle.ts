/**
 * Calls `fn` at most once per `ms` (monotonic time), telling it how many calls were held back since
 * the last: an error repeated many times a second (a worker while Redis is down) is one log line
 * every so often with its count, not a flood.
 */
export function throttled<A extends unknown[]>(
  ms: number,
  fn: (suppressed: number, ...args: A) => void,
  now: () => number = () => performance.now(),
): (...args: A) => void {
  let last = -Infinity;
  let held = 0;
  return (...args) => {
    const t = now();
    if (t - last < ms) {
      held++;
      return;
    }
    last = t;
    const n = held;
    held = 0;
    fn(n, ...args);
  };
}
