import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { repoRoot } from '../config/paths.ts';
import { createDb } from '../db/index.ts';
import type { Env } from '../config/env.ts';
// Brings the global set-up's `inject` keys (databaseUrl, redisUrl) into every program that uses this file.
import type {} from './global-setup.ts';

/** One JSON log line of the child (pino). */
export interface LogLine {
  level: number;
  msg?: string;
  [k: string]: unknown;
}

/**
 * A role running as a real separate process (its own entry file, as the launcher starts it), over its
 * own schema of the test PostgreSQL and its own Redis prefix. Whether it is still running is
 * observable: an uncaught exception or an unhandled rejection ends a Node process, and `exit` says so.
 */
export interface RoleProcess {
  proc: ChildProcess;
  schema: string;
  prefix: string;
  /** Every JSON line it wrote, and stdout/stderr text that was not JSON (a crash's stack). */
  lines: LogLine[];
  text(): string;
  /** Set once the process has ended: its code or signal. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Resolves with the first log line the predicate accepts (rejects if the process ends first). */
  waitFor(pred: (l: LogLine) => boolean, what: string, ms?: number): Promise<LogLine>;
  stop(): Promise<void>;
}

export async function startRoleProcess(
  entry: string,
  env: Partial<Record<keyof Env, string>> & Record<string, string>,
): Promise<RoleProcess> {
  const id = randomBytes(4).toString('hex');
  const schema = `p_${id}`;
  const url = inject('databaseUrl');
  const admin = createDb({ url, poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.db.destroy();
  const db = new URL(url);
  db.searchParams.set('options', `-c search_path=${schema}`);

  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, entry)], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      DATABASE_URL: db.toString(),
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: `p${id}`,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      MEDIA_METRICS_PORT: '0',
      MEDIA_SIGNING_KEY: randomBytes(32).toString('base64url'),
      CAMERA_SECRET_KEY: randomBytes(32).toString('hex'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let raw = '';
  const waiters = new Set<{ pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  const onText = (chunk: Buffer, buf: { rest: string }) => {
    buf.rest += chunk.toString();
    let nl: number;
    while ((nl = buf.rest.indexOf('\n')) >= 0) {
      const line = buf.rest.slice(0, nl);
      buf.rest = buf.rest.slice(nl + 1);
      let parsed: LogLine | null = null;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        raw += line + '\n';
      }
      if (!parsed || typeof parsed.level !== 'number') continue;
      lines.push(parsed);
      for (const w of waiters) if (w.pred(parsed)) w.resolve(parsed);
    }
  };
  const out = { rest: '' };
  const err = { rest: '' };
  proc.stdout!.on('data', (d: Buffer) => onText(d, out));
  proc.stderr!.on('data', (d: Buffer) => onText(d, err));

  const role: RoleProcess = {
    proc,
    schema,
    prefix: `p${id}`,
    lines,
    text: () => raw + out.rest + err.rest,
    exit: null,
    waitFor(pred, what, ms = 60_000) {
      const seen = lines.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        if (role.exit) return reject(new Error(`${entry} had exited before ${what}:\n${role.text()}`));
        const w = {
          pred,
          resolve: (l: LogLine) => {
            cleanup();
            resolve(l);
          },
        };
        const onExit = () => {
          cleanup();
          reject(new Error(`${entry} exited before ${what}:\n${role.text()}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${what}`));
        }, ms);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(w);
          proc.off('exit', onExit);
        };
        waiters.add(w);
        proc.once('exit', onExit);
      });
    },
    async stop() {
      if (role.exit) return;
      const done = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      const force = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(force);
    },
  };
  proc.once('exit', (code, signal) => (role.exit = { code, signal }));
  return role;
}
