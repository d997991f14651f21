import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { restartDelayMs } from '@pkk/platform/infra/managed-process';
import { STANDBY_ENV, STANDBY_SIGNAL } from '@pkk/platform/infra/standby';

/**
 * Keeps the roles of `npm start` running: a role that exits on its own is started again after a
 * backoff (0.5 s, 1 s, 2 s, … capped), logged and counted; a role that keeps crashing (`maxCrashes`
 * within `windowMs`) makes the supervisor give up with a clear message instead of looping for ever.
 * PostgreSQL and Redis are not its business: they are supervised where they are started.
 *
 * A role started with `standby` has a spare beside it: a second process that has loaded the role's
 * code and waits (platform/src/infra/standby.ts). When the role dies, the spare is called (SIGUSR2)
 * after the same backoff, instead of a cold process that would first spend seconds of CPU loading
 * code (on a busy 2-core machine, most of the 16-58 s the api took to be ready again). A new spare is
 * started `spareDelayMs` later, so that it does not compete with the restart for the CPU.
 */
export interface SupervisorOptions {
  maxCrashes?: number;
  windowMs?: number;
  say: (msg: string) => void;
  /** A role crashed too often: stop everything. */
  onGiveUp: (role: string, reason: string) => void;
  /** After every restart, with the counts so far (for /metrics). */
  onRestart?: (restarts: Record<string, number>) => void;
  /** Wait after a start or a restart before a role's spare is started (default 30 s). */
  spareDelayMs?: number;
}

export interface StartOptions {
  /** Keep a spare process of this role waiting, to take over at once when it dies. */
  standby?: boolean;
}

interface Supervised {
  name: string;
  command: string;
  args: string[];
  spawn: SpawnOptions;
  proc: ChildProcess | null;
  crashes: number[];
  timer: NodeJS.Timeout | null;
  standby: boolean;
  spare: ChildProcess | null;
  spareTimer: NodeJS.Timeout | null;
}

export class RoleSupervisor {
  private readonly roles = new Map<string, Supervised>();
  private stopping = false;
  readonly restarts: Record<string, number> = {};

  constructor(private readonly opts: SupervisorOptions) {}

  start(
    name: string,
    command: string,
    args: string[],
    spawnOpts: SpawnOptions,
    startOpts: StartOptions = {},
  ): ChildProcess {
    const s: Supervised = {
      name,
      command,
      args,
      spawn: spawnOpts,
      proc: null,
      crashes: [],
      timer: null,
      standby: startOpts.standby ?? false,
      spare: null,
      spareTimer: null,
    };
    this.roles.set(name, s);
    this.restarts[name] = 0;
    return this.launch(s);
  }

  /** A spare of the role, after `spareDelayMs`: it loads the code, then waits to be called. */
  private scheduleSpare(s: Supervised): void {
    if (!s.standby || this.stopping || s.spare || s.spareTimer) return;
    s.spareTimer = setTimeout(() => {
      s.spareTimer = null;
      if (this.stopping || s.spare) return;
      const env = { ...(s.spawn.env ?? process.env), [STANDBY_ENV]: '1' };
      const spare = spawn(s.command, s.args, { ...s.spawn, env });
      s.spare = spare;
      spare.once('error', () => undefined);
      spare.once('exit', () => {
        if (s.spare === spare) {
          s.spare = null;
          this.scheduleSpare(s);
        }
      });
    }, this.opts.spareDelayMs ?? 30_000);
    s.spareTimer.unref?.();
  }

  /** The waiting spare, called to be the role; null when there is none alive. */
  private promoteSpare(s: Supervised): ChildProcess | null {
    const spare = s.spare;
    s.spare = null;
    if (!spare || spare.exitCode !== null || spare.signalCode !== null) return null;
    spare.removeAllListeners('exit');
    try {
      spare.kill(STANDBY_SIGNAL);
    } catch {
      return null;
    }
    return spare;
  }

  private launch(s: Supervised, promoted: ChildProcess | null = null): ChildProcess {
    const proc = promoted ?? spawn(s.command, s.args, s.spawn);
    s.proc = proc;
    this.scheduleSpare(s);
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
        const spare = this.promoteSpare(s);
        this.launch(s, spare);
        this.restarts[s.name] = (this.restarts[s.name] ?? 0) + 1;
        this.opts.say(`${s.name} restarted (pid ${s.proc?.pid}${spare ? ', the waiting spare' : ''})`);
        this.opts.onRestart?.({ ...this.restarts });
      }, delay);
    });
    return proc;
  }

  pid(name: string): number | null {
    return this.roles.get(name)?.proc?.pid ?? null;
  }

  /** pid of the role's waiting spare, if one is up. */
  sparePid(name: string): number | null {
    const spare = this.roles.get(name)?.spare;
    return spare && spare.exitCode === null && spare.signalCode === null ? (spare.pid ?? null) : null;
  }

  names(): string[] {
    return [...this.roles.keys()];
  }

  /** Stops every role (SIGTERM, then SIGKILL after `graceMs`) and waits for them. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const stop = (proc: ChildProcess | null) =>
      new Promise<void>((resolve) => {
        if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
        proc.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        proc.kill('SIGTERM');
      });
    await Promise.all(
      [...this.roles.values()].flatMap((s) => {
        if (s.timer) clearTimeout(s.timer);
        if (s.spareTimer) clearTimeout(s.spareTimer);
        // A spare holds nothing: SIGTERM ends it at once.
        return [stop(s.proc), stop(s.spare)];
      }),
    );
  }
}
