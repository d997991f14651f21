import { mkdir } from 'node:fs/promises';
import { ManagedProcess, describeEvent } from './managed-process.ts';

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
  pid(): number | null;
  /** Times redis-server was restarted after it died on its own. */
  restarts(): number;
}

/**
 * Runs Debian's `redis-server` in a folder of ours, on loopback, with an append-only file, as a
 * supervised child: killed or crashed, it is started again on the same port and data, and every
 * client (ioredis reconnects by itself) carries on.
 */
export async function startLocalRedis(opts: {
  dir: string;
  port: number;
  persist?: boolean;
  log?: (line: string) => void;
}): Promise<LocalRedis> {
  await mkdir(opts.dir, { recursive: true });
  const proc = new ManagedProcess({
    name: 'redis-server',
    command: 'redis-server',
    args: [
      '--port',
      String(opts.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      opts.dir,
      '--save',
      '',
      '--appendonly',
      opts.persist === false ? 'no' : 'yes',
      '--daemonize',
      'no',
      '--loglevel',
      'notice',
    ],
    ready: /Ready to accept connections/,
    hint: (err) =>
      err.code === 'ENOENT' ? "run 'npm run setup' to install it" : `check that it can run from ${opts.dir}`,
    log: (e) => opts.log?.(describeEvent('redis-server', e)),
  });
  await proc.start();
  return {
    url: `redis://127.0.0.1:${opts.port}`,
    pid: () => proc.pid(),
    restarts: () => proc.restarts,
    stop: () => proc.stop(),
  };
}
