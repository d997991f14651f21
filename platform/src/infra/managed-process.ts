import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * util-linux's setpriv (essential on Debian) asks the kernel to signal the service when the process
 * that started it dies, however it dies: a test run stopped with Ctrl-C or SIGTERM, or a launcher
 * killed with SIGKILL, leaves no PostgreSQL or redis-server behind.
 */
const SETPRIV = '/usr/bin/setpriv';
const hasSetpriv = process.platform === 'linux' && existsSync(SETPRIV);

/**
 * A local service the project runs itself (PostgreSQL, redis-server): started, judged ready by a line
 * of its output, restarted with capped exponential backoff when it dies on its own, and stopped in
 * order. A spawn failure (a missing binary, a folder the service's user cannot reach) becomes an
 * error that names the cause and the fix, never an unhandled 'error' event.
 */
export interface ManagedProcessOptions {
  /** Short name for messages: 'PostgreSQL', 'redis-server'. */
  name: string;
  command: string;
  args: string[];
  spawn?: Pick<SpawnOptions, 'uid' | 'gid' | 'env' | 'cwd'>;
  /** Output that says the service accepts connections. */
  ready: RegExp;
  /** Added to a spawn error: what to do about it. */
  hint?: (err: NodeJS.ErrnoException) => string;
  /** Runs before every (re)start: e.g. remove a stale lock file a killed run left. */
  beforeStart?: () => void;
  /** Restart on an unexpected exit (default true). */
  restart?: boolean;
  readyTimeoutMs?: number;
  /** Signal for an orderly stop (PostgreSQL: SIGINT, a fast shutdown). */
  stopSignal?: NodeJS.Signals;
  log?: (event: ManagedProcessEvent) => void;
}

export type ManagedProcessEvent =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; output: string }
  | { kind: 'restarting'; attempt: number; inMs: number }
  | { kind: 'restarted'; attempt: number; pid: number }
  | { kind: 'restart-failed'; attempt: number; error: string };

/** Backoff between restarts: 0.5 s, 1 s, 2 s, … capped at 15 s; reset after a minute of good health. */
export function restartDelayMs(attempt: number): number {
  return Math.min(15_000, 500 * 2 ** Math.max(0, attempt - 1));
}

const HEALTHY_AFTER_MS = 60_000;

export class ManagedProcess {
  private child: ChildProcess | null = null;
  private stopping = false;
  private attempt = 0;
  private startedAt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  /** How many times the service was restarted after dying on its own. */
  restarts = 0;

  constructor(private readonly opts: ManagedProcessOptions) {}

  pid(): number | null {
    return this.child?.exitCode === null && this.child.signalCode === null ? (this.child.pid ?? null) : null;
  }

  /** Starts the service and resolves once it is ready; rejects with the reason when it cannot start. */
  async start(): Promise<void> {
    this.stopping = false;
    await this.spawnOnce();
  }

  private spawnOnce(): Promise<void> {
    const o = this.opts;
    o.beforeStart?.();
    return new Promise<void>((resolve, reject) => {
      let output = '';
      let ready = false;
      let child: ChildProcess;
      const fail = (msg: string) => {
        clearTimeout(timer);
        reject(new Error(msg));
      };
      try {
        const signal = (o.stopSignal ?? 'SIGTERM').replace(/^SIG/, '');
        const [cmd, args] = hasSetpriv
          ? [SETPRIV, ['--pdeathsig', signal, '--', o.command, ...o.args]]
          : [o.command, o.args];
        child = spawn(cmd, args, { ...o.spawn, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        return reject(new Error(this.spawnMessage(err as NodeJS.ErrnoException)));
      }
      this.child = child;
      const timer = setTimeout(() => {
        if (ready) return;
        child.kill('SIGKILL');
        fail(`${o.name} was not ready within ${(o.readyTimeoutMs ?? 60_000) / 1000} s: ${tail(output)}`);
      }, o.readyTimeoutMs ?? 60_000);
      const onData = (d: Buffer) => {
        // Keep only the recent output: enough to explain a failure, bounded for a long-lived service.
        output = (output + d.toString()).slice(-8_000);
        if (!ready && o.ready.test(output)) {
          ready = true;
          clearTimeout(timer);
          this.startedAt = Date.now();
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('error', (err) => {
        if (!ready) fail(this.spawnMessage(err));
      });
      child.once('exit', (code, signal) => {
        if (!ready) {
          // Through setpriv a command that cannot be executed is an exit, not a spawn error.
          const exec = /failed to execute [^:]*: (.*)/.exec(output);
          if (exec) return fail(this.spawnMessage(execError(exec[1]!)));
          return fail(`${o.name} exited with ${signal ?? code} before it was ready: ${tail(output)}`);
        }
        if (this.stopping) return;
        o.log?.({ kind: 'exited', code, signal, output: tail(output) });
        if (o.restart !== false) this.scheduleRestart();
      });
    });
  }

  private spawnMessage(err: NodeJS.ErrnoException): string {
    const hint = this.opts.hint?.(err);
    return `cannot run ${this.opts.name} (${this.opts.command}): ${err.code ?? ''} ${err.message}${hint ? `. ${hint}` : ''}`;
  }

  private scheduleRestart(): void {
    if (Date.now() - this.startedAt > HEALTHY_AFTER_MS) this.attempt = 0;
    this.attempt += 1;
    const inMs = restartDelayMs(this.attempt);
    this.opts.log?.({ kind: 'restarting', attempt: this.attempt, inMs });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopping) return;
      this.spawnOnce().then(
        () => {
          this.restarts += 1;
          this.opts.log?.({ kind: 'restarted', attempt: this.attempt, pid: this.child?.pid ?? 0 });
        },
        (err: Error) => {
          this.opts.log?.({ kind: 'restart-failed', attempt: this.attempt, error: err.message });
          if (!this.stopping) this.scheduleRestart();
        },
      );
    }, inMs);
    this.retryTimer.unref();
  }

  /** Stops the service and waits for it to exit (SIGKILL after `graceMs`). */
  async stop(graceMs = 20_000): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill(this.opts.stopSignal ?? 'SIGTERM');
    });
  }
}

/** One line for a service's supervision event, for the launcher's log. */
export function describeEvent(name: string, e: ManagedProcessEvent): string {
  switch (e.kind) {
    case 'exited':
      return `${name} exited unexpectedly (${e.signal ?? `code ${e.code}`}): ${e.output}`;
    case 'restarting':
      return `${name}: restart ${e.attempt} in ${(e.inMs / 1000).toFixed(1)} s`;
    case 'restarted':
      return `${name} restarted (pid ${e.pid})`;
    case 'restart-failed':
      return `${name} restart ${e.attempt} failed: ${e.error}`;
  }
}

function execError(message: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(message);
  if (/no such file/i.test(message)) err.code = 'ENOENT';
  else if (/permission denied/i.test(message)) err.code = 'EACCES';
  return err;
}

function tail(output: string): string {
  return output.trim().split('\n').slice(-8).join('\n');
}
