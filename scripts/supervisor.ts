import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { restartDelayMs } from '@pkk/platform/infra/managed-process';

/**
 * Keeps the roles of `npm start` running: a role that exits on its own is started again after a
 * backoff (0.5 s, 1 s, 2 s, … capped), logged and counted; a role that keeps crashing (`maxCrashes`
 * within `windowMs`) makes the supervisor give up with a clear message instead of looping for ever.
 * PostgreSQL and Redis are not its business: they are supervised where they are started.
 */
export interface SupervisorOptions {
  maxCrashes?: number;
  windowMs?: number;
  say: (msg: string) => void;
  /** A role crashed too often: stop everything. */
  onGiveUp: (role: string, reason: string) => void;
  /** After every restart, with the counts so far (for /metrics). */
  onRestart?: (restarts: Record<string, number>) => void;
}

interface Supervised {
  name: string;
  command: string;
  args: string[];
  spawn: SpawnOptions;
  proc: ChildProcess | null;
  crashes: number[];
  timer: NodeJS.Timeout | null;
}

export class RoleSupervisor {
  private readonly roles = new Map<string, Supervised>();
  private stopping = false;
  readonly restarts: Record<string, number> = {};

  constructor(private readonly opts: SupervisorOptions) {}

  start(name: string, command: string, args: string[], spawnOpts: SpawnOptions): ChildProcess {
    const s: Supervised = { name, command, args, spawn: spawnOpts, proc: null, crashes: [], timer: null };
    this.roles.set(name, s);
    this.restarts[name] = 0;
    return this.launch(s);
  }

  private launch(s: Supervised): ChildProcess {
    const proc = spawn(s.command, s.args, s.spawn);
    s.proc = proc;
    proc.once('error', (err) => this.opts.say(`${s.name} could not be started: ${err.message}`));
    proc.once('exit', (code, signal) => {
      if (this.stopping) return;
      const now = Date.now();
      const window = this.opts.windowMs ?? 60_000;
      s.crashes = [...s.crashes.filter((t) => now - t < window), now];
      const max = this.opts.maxCrashes ?? 5;
      if (s.crashes.length >= max) {
        this.opts.onGiveUp(
          s.name,
          `${s.name} exited ${s.crashes.length} times within ${Math.round(window / 1000)} s (last: ${signal ?? `code ${code}`}); giving up`,
        );
        return;
      }
      const delay = restartDelayMs(s.crashes.length);
      this.opts.say(
        `${s.name} exited (${signal ?? `code ${code}`}); restarting in ${(delay / 1000).toFixed(1)} s (crash ${s.crashes.length} of at most ${max - 1} per ${Math.round(window / 1000)} s)`,
      );
      s.timer = setTimeout(() => {
        s.timer = null;
        if (this.stopping) return;
        this.launch(s);
        this.restarts[s.name] = (this.restarts[s.name] ?? 0) + 1;
        this.opts.say(`${s.name} restarted (pid ${s.proc?.pid})`);
        this.opts.onRestart?.({ ...this.restarts });
      }, delay);
    });
    return proc;
  }

  pid(name: string): number | null {
    return this.roles.get(name)?.proc?.pid ?? null;
  }

  names(): string[] {
    return [...this.roles.keys()];
  }

  /** Stops every role (SIGTERM, then SIGKILL after `graceMs`) and waits for them. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.roles.values()].map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.timer) clearTimeout(s.timer);
            const proc = s.proc;
            if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
            const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
            proc.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            proc.kill('SIGTERM');
          }),
      ),
    );
  }
}
