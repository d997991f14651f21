import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: where `npm start` runs. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `npm start` (scripts/start.ts) as a child process, its stdout and stderr collected. */
export function launch(env: NodeJS.ProcessEnv): {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  // 'exit' can come before the last output is read; 'close' comes after it, unless a child still holds
  // the pipe (the test then fails on that child anyway, so wait for it only a little).
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      proc.once('close', () => resolve(code));
      setTimeout(() => resolve(code), 5_000).unref();
    }),
  );
  return { proc, output: () => out, exited };
}

/** Waits for a condition checked every 50 ms; fails naming what it waited for. */
export async function until(cond: () => boolean, what: string, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
