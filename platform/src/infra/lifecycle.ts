/**
 * Graceful stop for every role: on SIGTERM or SIGINT, or when the parent process disappears (a
 * launcher killed without a chance to signal us), run `stop` once, then exit. A stop that hangs is cut
 * short after `graceMs`.
 */
export function onShutdown(stop: (reason: string) => Promise<void>, graceMs = 10_000): void {
  let stopping = false;
  const run = (reason: string) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), graceMs);
    force.unref();
    stop(reason).then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => run('SIGTERM'));
  process.on('SIGINT', () => run('SIGINT'));
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && run('parent exited'), 1000).unref();
}

/** Whether a process with this pid still exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
