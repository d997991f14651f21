import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '@pkk/platform/config/paths';
import { freePort } from '@pkk/platform/infra/ports';

/**
 * A role of the product as its own process, started the way a deployment starts one
 * (`ROLE=<role> node --import tsx scripts/role.ts`), its output (JSON log lines) in a file. For fault
 * tests that kill or starve a real process: an in-process role would take the test runner down
 * with it, or hide a crash behind the runner's own handlers.
 */
export interface RoleProcess {
  role: 'api' | 'workers';
  proc: ChildProcess;
  /** The api's base URL (api only). */
  url: string;
  log: string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** The log so far. */
  output(): string;
  /** Resolves once the process exited, with its code or signal. */
  exited: Promise<string>;
  /** SIGTERM (an orderly stop), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export async function startRole(
  role: 'api' | 'workers',
  env: Record<string, string>,
  opts: { log: string; readyTimeoutMs?: number },
): Promise<RoleProcess> {
  const port = role === 'api' ? await freePort() : 0;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    ROLE: role,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    DEMO: '0',
    SIM: 'off',
    ...env,
  };
  const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/role.ts'], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(opts.log);
  proc.stdout!.pipe(out, { end: false });
  proc.stderr!.pipe(out, { end: false });
  const exited = new Promise<string>((resolve) =>
    proc.once('exit', (code, signal) => {
      out.end();
      resolve(signal ?? `code ${code}`);
    }),
  );
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  const output = () => {
    try {
      return readFileSync(opts.log, 'utf8');
    } catch {
      return '';
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const running: RoleProcess = {
    role,
    proc,
    url,
    log: opts.log,
    alive,
    output,
    exited,
    async stop(graceMs = 10_000) {
      if (!alive()) return;
      const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      proc.kill('SIGTERM');
      await exited;
      clearTimeout(kill);
    },
  };
  const ready =
    role === 'api'
      ? async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200
      : async () => /"msg":"workers ready"/.test(output());
  const deadline = performance.now() + (opts.readyTimeoutMs ?? 60_000);
  while (!(await ready())) {
    if (!alive())
      throw new Error(`${role} exited before it was ready (${await exited}):\n${output().slice(-3000)}`);
    if (performance.now() > deadline) {
      await running.stop(1000);
      throw new Error(
        `${role} not ready within ${opts.readyTimeoutMs ?? 60_000} ms:\n${output().slice(-3000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return running;
}
