/**
 * The stack under test: a durable PostgreSQL (fsync on: the settings `npm start` uses) and a
 * redis-server on free ports in the bench's temp folder, and the api in a separate process exactly
 * as production starts it, so that the load generator never shares the api's event loop.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '@pkk/platform/config/paths';
import { startLocalPostgres, type LocalPostgres } from '@pkk/platform/infra/embedded-postgres';
import { startLocalRedis, type LocalRedis } from '@pkk/platform/infra/local-redis';
import { freePort } from '@pkk/platform/infra/ports';
import { persistedMediaKeys } from '@pkk/platform/media/key-files';
import { say, type Groups } from './measure.ts';
import { settings } from './settings.ts';
import { HttpClient, spawnLogged, stopChild, tail, waitHttpOk, type Cleanup } from './stack.ts';

export interface Stack {
  pg: LocalPostgres;
  redis: LocalRedis;
  apiPid: number;
  apiUrl: string;
  /** The api's metrics listener (`…/metrics`). */
  metricsUrl: string;
  databaseUrl: string;
  http: HttpClient;
  /** The processes whose CPU each phase accounts. */
  groups: Groups;
  stopApi(): Promise<void>;
}

export async function startStack(cleanup: Cleanup, dir: string): Promise<Stack> {
  const pgPort = await freePort();
  const pgi = await startLocalPostgres({ dir: path.join(dir, 'pg'), port: pgPort });
  cleanup.add('postgres', () => pgi.stop());
  cleanup.trackPid(pgi.pid());
  const redis = await startLocalRedis({ dir: path.join(dir, 'redis'), port: await freePort() });
  cleanup.add('redis', () => redis.stop());
  cleanup.trackPid(redis.pid());
  say(`PostgreSQL (durable, fsync on) on :${pgPort}, redis-server on ${redis.url}`);

  const port = await freePort();
  const metricsPort = await freePort();
  const varDir = path.join(dir, 'var');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: pgi.url,
    REDIS_URL: redis.url,
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ROLE: 'api',
    DEMO: '0',
    VAR_DIR: varDir,
    // The media keys a production api requires, made as the launcher makes them.
    ...persistedMediaKeys(varDir),
    // Experiments only (e.g. GC settings): options for the api process alone.
    ...(settings.apiNodeOptions ? { NODE_OPTIONS: settings.apiNodeOptions } : {}),
  };
  const args = [
    '--import',
    'tsx',
    ...(settings.profile ? ['--cpu-prof', '--cpu-prof-dir', path.join(dir, 'profile')] : []),
    'server/src/main.ts',
  ];
  const log = path.join(dir, 'api.log');
  const proc = spawnLogged(process.execPath, args, { cwd: repoRoot, env, log });
  cleanup.track(proc);
  const stopApi = () => stopChild(proc);
  cleanup.add('api', stopApi);
  const apiUrl = `http://127.0.0.1:${port}`;
  const t = performance.now();
  try {
    await waitHttpOk(`${apiUrl}/readyz`, 60_000, () => proc.exitCode !== null);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- api log ---\n${tail(log)}`);
  }
  say(
    `api (separate process, pid ${proc.pid}) ready in ${((performance.now() - t) / 1000).toFixed(1)} s at ${apiUrl}`,
  );
  const http = new HttpClient(apiUrl);
  cleanup.add('http agent', async () => http.close());
  const apiPid = proc.pid!;
  return {
    pg: pgi,
    redis,
    apiPid,
    apiUrl,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    databaseUrl: pgi.url,
    http,
    groups: () => ({ api: apiPid, postgres: pgi.pid(), redis: redis.pid() }),
    stopApi,
  };
}
