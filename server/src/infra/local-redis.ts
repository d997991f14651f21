import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
  pid(): number | null;
}

/** Runs Debian's `redis-server` in a folder of ours, on loopback, with an append-only file. */
export async function startLocalRedis(opts: { dir: string; port: number; persist?: boolean }): Promise<LocalRedis> {
  await mkdir(opts.dir, { recursive: true });
  const args = [
    '--port', String(opts.port),
    '--bind', '127.0.0.1',
    '--dir', opts.dir,
    '--save', '',
    '--appendonly', opts.persist === false ? 'no' : 'yes',
    '--daemonize', 'no',
    '--loglevel', 'notice',
  ];
  let child: ChildProcess;
  try {
    child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`cannot run redis-server (${(err as Error).message}): run 'npm run setup' to install it`);
  }
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', (e) => reject(new Error(`cannot run redis-server (${e.message}): run 'npm run setup' to install it`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out.trim().slice(-400)}`)));
  });
  // Keep draining its output so that the pipe never fills.
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url: `redis://127.0.0.1:${opts.port}`,
    pid: () => child.pid ?? null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
