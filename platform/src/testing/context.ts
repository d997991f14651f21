import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { sql } from 'kysely';
import { createContext, closeContext, type Context } from '../context.ts';
import { envSchema, type Env } from '../config/env.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLogger } from '../infra/logger.ts';
import { createDb } from '../db/index.ts';
// Brings the global set-up's `inject` keys (databaseUrl, redisUrl) into every program that uses this file.
import type {} from './global-setup.ts';

/**
 * Tests run on a fixed office day, whatever the real date and hour: Monday 23 November 2026, from
 * 10:00 WIB, at real speed. A test that started at 00:01 WIB would otherwise see "3 minutes ago"
 * fall on another day. Pass CLOCK_* overrides to choose another moment.
 */
export const TEST_DAY_START = Date.parse('2026-11-23T10:00:00+07:00');

/** `schema`: work in an existing schema (a restart over the same data); its creator drops it. */
export interface TestContextOptions {
  schema?: string;
}

/**
 * A context of its own for one test file: a fresh schema in the shared test PostgreSQL and a fresh
 * Redis prefix, so files running side by side never see each other's rows, keys or channels.
 */
export async function testContext(
  overrides: Partial<Record<keyof Env, string>> = {},
  opts: TestContextOptions = {},
): Promise<Context & { schema: string; dispose(): Promise<void> }> {
  const id = randomBytes(4).toString('hex');
  const owned = !opts.schema; // a schema passed in belongs to another context: do not create it
  const schema = opts.schema ?? `t_${id}`;
  const url = inject('databaseUrl');
  if (owned) {
    const admin = createDb({ url, poolSize: 1 });
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    await admin.db.destroy();
  }
  const env = envSchema.parse({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `t${id}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    // Metrics listeners on free ports too: test files run side by side.
    METRICS_PORT: '0',
    MEDIA_METRICS_PORT: '0',
    CLOCK_REAL_ANCHOR: String(Date.now()),
    CLOCK_VIRTUAL_ANCHOR: String(TEST_DAY_START),
    // Keys of their own, as the launcher's: nothing in a test leans on the development defaults.
    MEDIA_SIGNING_KEY: randomBytes(32).toString('base64url'),
    CAMERA_SECRET_KEY: randomBytes(32).toString('hex'),
    ...overrides,
  });
  const ctx = createContext({ env, schema, log: createLogger(env.LOG_LEVEL, { test: schema }) });
  await migrateToLatest(ctx.db);
  return {
    ...ctx,
    schema,
    async dispose() {
      // The schema is left in place: the test cluster is thrown away after the run, and dropping a
      // schema while another file's migrator introspects the catalog made that file fail
      // ("schema t_… does not exist").
      await closeContext(ctx);
    },
  };
}
