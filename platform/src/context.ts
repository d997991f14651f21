import { Registry, scaledClock, systemClock, type Clock, type PolicyConfig } from '@pkk/core';
import { createDb, type Db } from './db/index.ts';
import type pg from 'pg';
import { loadEnv, type Env } from './config/env.ts';
import { configDir } from './config/paths.ts';
import { ConfigError, loadPolicy } from './config/policy.ts';
import { createLogger, type Logger } from './infra/logger.ts';
import { createRedisFactory, type RedisFactory } from './infra/redis.ts';
import { JobProducer } from './jobs/producer.ts';
import { Faults } from './infra/faults.ts';

/** What every role is given at start: settings, policy, the clock and the shared connections. */
export interface Context {
  env: Env;
  policy: PolicyConfig;
  registry: Registry;
  clock: Clock;
  log: Logger;
  db: Db;
  pool: pg.Pool;
  redis: RedisFactory;
  /** Adds jobs for the workers, from any role. */
  jobs: JobProducer;
  /** Fault injection points (armed by tests only). */
  faults: Faults;
}

export function clockFromEnv(env: Env): Clock {
  if (env.CLOCK_SPEED === 1 && env.CLOCK_VIRTUAL_ANCHOR === undefined) return systemClock;
  const real = env.CLOCK_REAL_ANCHOR ?? Date.now();
  return scaledClock({
    realEpochMs: real,
    virtualEpochMs: env.CLOCK_VIRTUAL_ANCHOR ?? real,
    speed: env.CLOCK_SPEED,
  });
}

export interface ContextOverrides {
  env?: Env;
  schema?: string;
  log?: Logger;
}

/** Builds the context from the environment; throws a clear error on bad config or missing services. */
export function createContext(overrides: ContextOverrides = {}): Context {
  const env = overrides.env ?? loadEnv();
  if (!env.DATABASE_URL)
    throw new Error('DATABASE_URL is not set (npm start sets it for the embedded PostgreSQL)');
  if (!env.REDIS_URL) throw new Error('REDIS_URL is not set (npm start sets it for the local redis-server)');
  const log = overrides.log ?? createLogger(env.LOG_LEVEL, { role: env.ROLE }, env.LOG_FORMAT);
  const policy = loadPolicy(configDir(env.CONFIG_DIR));
  const { db, pool } = createDb({
    url: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    schema: overrides.schema,
    onIdleError: (err) => log.warn({ err }, 'idle PostgreSQL connection lost'),
  });
  const redis = createRedisFactory(env.REDIS_URL, env.REDIS_PREFIX, (name, err) =>
    log.warn({ connection: name, err: err.message }, 'Redis connection lost; reconnecting'),
  );
  return {
    env,
    policy,
    registry: new Registry(policy),
    clock: clockFromEnv(env),
    log,
    db,
    pool,
    redis,
    jobs: new JobProducer(redis, policy.jobs),
    faults: new Faults(),
  };
}

export async function closeContext(ctx: Context): Promise<void> {
  await ctx.jobs.close();
  await ctx.redis.closeAll();
  await ctx.db.destroy();
}

/** The context for a role's entry point; a bad config or environment ends the process with its reason. */
export function contextOrExit(): Context {
  try {
    return createContext();
  } catch (err) {
    // Bad config stops start-up with the file, key and reason, not a stack trace.
    console.error(err instanceof ConfigError ? err.message : `cannot start: ${(err as Error).message}`);
    process.exit(78);
  }
}
