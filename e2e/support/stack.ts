import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import { epochAt, workingDay, addDays } from '@pkk/core';
import { startApi, type RunningApi } from '@pkk/server/api/start';
import { hashPassword } from '@pkk/platform/auth/secrets';
import { envSchema } from '@pkk/platform/config/env';
import { configDir, repoRoot } from '@pkk/platform/config/paths';
import { loadPolicy } from '@pkk/platform/config/policy';
import { closeContext, createContext, type Context } from '@pkk/platform/context';
import { createDb } from '@pkk/platform/db/index';
import { startLocalPostgres } from '@pkk/platform/infra/embedded-postgres';
import { startLocalRedis } from '@pkk/platform/infra/local-redis';
import { freePort } from '@pkk/platform/infra/ports';
import { startVideo, type StackVideo } from './video.ts';

/**
 * A real api for browser tests and the browser bench: its own PostgreSQL schema and Redis prefix
 * over shared services (the vitest global setup's, or ones started here), serving the built web app.
 */
export interface Stack {
  url: string;
  /** The cameras and media node, when asked for. */
  video: StackVideo | null;
  ctx: Context;
  api: RunningApi;
  /** Creates a user with a known password (for signing in through the login form). */
  user(u: StackUser): Promise<StackUser & { password: string }>;
  stop(): Promise<void>;
}

export interface StackUser {
  username: string;
  role: 'walikota' | 'operator' | 'admin' | 'camat' | 'lurah' | 'asn' | 'verifikator' | 'hr';
  displayName?: string;
  kecamatanCode?: string | null;
  kelurahanCode?: string | null;
  nip?: string | null;
}

export interface StackOptions {
  databaseUrl: string;
  redisUrl: string;
  /**
   * Server time: `real`, or a fixed wall-clock time (HH:mm, WIB) of the latest working day, running
   * at real speed from now on, so that screens show an open office day whenever the tests run.
   */
  clock?: 'real' | { at: string; speed?: number };
  logLevel?: string;
  /** More settings for the stack's roles (e.g. MEDIA_IDLE_SECONDS for a bench). */
  env?: Record<string, string>;
  /** Live video for these offices: simulated RTSP cameras and a media node (e2e/support/video.ts). */
  video?: { offices: { code: string; name: string }[] };
}

/**
 * The office day every browser test runs on, whatever the real date: a Monday whose year the holiday
 * calendar covers. Reading the real date made the suite's screens depend on the day it ran (a holiday
 * week, or a year without holiday data yet).
 */
export const E2E_DAY = '2026-11-23';

/** The latest working day at or before the e2e day, and the epoch of HH:mm on it. */
export function workingDayAt(hhmm: string, day = E2E_DAY): number {
  const policy = loadPolicy(configDir(''));
  const zone = policy.workHours.zone;
  let date = day;
  while (workingDay(date, policy.workHours, policy.holidays).kind !== 'working') date = addDays(date, -1);
  return epochAt(date, hhmm, zone);
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const id = randomBytes(4).toString('hex');
  const schema = `e2e_${id}`;
  const admin = createDb({ url: opts.databaseUrl, poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.db.destroy();

  const clock: Record<string, string> = {};
  if (opts.clock && opts.clock !== 'real') {
    clock.CLOCK_SPEED = String(opts.clock.speed ?? 1);
    clock.CLOCK_REAL_ANCHOR = String(Date.now());
    clock.CLOCK_VIRTUAL_ANCHOR = String(workingDayAt(opts.clock.at));
  }
  const mediaPort = opts.video ? await freePort() : 0;
  const env = envSchema.parse({
    NODE_ENV: 'test',
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    REDIS_PREFIX: `e2e${id}`,
    LOG_LEVEL: opts.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    METRICS_PORT: '0',
    MEDIA_METRICS_PORT: '0',
    LOGIN_RATE_LIMIT: '1000',
    WEB_DIST: path.join(repoRoot, 'web', 'dist'),
    MEDIA_SIGNING_KEY: randomBytes(32).toString('base64url'),
    CAMERA_SECRET_KEY: randomBytes(32).toString('hex'),
    ...(mediaPort
      ? {
          MEDIA_NODES: `media-1=http://127.0.0.1:${mediaPort}`,
          MEDIA_PORT: String(mediaPort),
          SNAPSHOT_INTERVAL_SECONDS: '5',
        }
      : {}),
    ...clock,
    ...opts.env,
  });
  const ctx = createContext({ env, schema });
  const api = await startApi(ctx, { port: 0, host: '127.0.0.1' });
  const video = opts.video && mediaPort ? await startVideo(ctx, schema, opts.video.offices, mediaPort) : null;

  return {
    url: api.url,
    ctx,
    api,
    video,
    async user(u) {
      const password = `pw-${randomBytes(8).toString('hex')}`;
      await ctx.db
        .insertInto('users')
        .values({
          username: u.username,
          display_name: u.displayName ?? u.username,
          password_hash: await hashPassword(password),
          role: u.role,
          kecamatan_code: u.kecamatanCode ?? null,
          kelurahan_code: u.kelurahanCode ?? null,
          nip: u.nip ?? null,
        })
        .execute();
      return { ...u, password };
    },
    async stop() {
      await video?.stop();
      await api.close();
      await closeContext(ctx);
      // The schema stays: its cluster is thrown away after the run, and dropping it while another
      // file's migrator introspects the catalog fails that file ("schema e2e_… does not exist").
    },
  };
}

/** PostgreSQL and Redis of our own, for programs outside vitest (the bench, screenshots). */
export async function startServices(): Promise<{
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}> {
  const dir = path.join(repoRoot, 'var', 'e2e', `run-${process.pid}`);
  const pg = await startLocalPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), durable: false });
  const redis = await startLocalRedis({
    dir: path.join(dir, 'redis'),
    port: await freePort(),
    persist: false,
  });
  return {
    databaseUrl: pg.url,
    redisUrl: redis.url,
    async stop() {
      await redis.stop();
      await pg.stop();
      const { rm } = await import('node:fs/promises');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
