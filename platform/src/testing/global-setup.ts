import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalPostgres } from '../infra/embedded-postgres.ts';
import { startLocalRedis } from '../infra/local-redis.ts';
import { freePort } from '../infra/ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}

/** One real PostgreSQL and one real Redis for the whole run, on free ports, in a throwaway folder. */
export default async function setup(project: TestProject) {
  // Under the system temp folder: as root, PostgreSQL runs as another user, who must reach its data.
  const dir = path.join(os.tmpdir(), `pkk-test-${process.pid}`);
  const pg = await startLocalPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), durable: false });
  const redis = await startLocalRedis({
    dir: path.join(dir, 'redis'),
    port: await freePort(),
    persist: false,
  });
  project.provide('databaseUrl', pg.url);
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
