/**
 * A role process started ahead of need (`STANDBY=1`, by the launcher's supervisor): it has loaded its
 * code, which is most of what a start costs, and waits for SIGUSR2 to become the role when the running
 * one dies. Until then it holds no connection and does no work; it ends by itself when its parent
 * goes away, and on SIGTERM as any process does.
 */
export const STANDBY_ENV = 'STANDBY';
export const STANDBY_SIGNAL: NodeJS.Signals = 'SIGUSR2';

let calledAt = 0;

/** ms (performance clock) from which this process counts as the role: its start, or when a spare was called. */
export function roleStartedAt(): number {
  return calledAt;
}

export function standbyUntilCalled(): Promise<void> {
  if (process.env[STANDBY_ENV] !== '1') return Promise.resolve();
  return new Promise((resolve) => {
    const parent = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid !== parent) process.exit(0);
    }, 500);
    process.once(STANDBY_SIGNAL, () => {
      clearInterval(watch);
      delete process.env[STANDBY_ENV];
      calledAt = performance.now();
      resolve();
    });
  });
}
