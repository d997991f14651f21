import { z } from 'zod';

/** Process settings from the environment, validated once; everything else reads this object. */
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  ROLE: z.enum(['api', 'workers', 'media', 'sim', 'all']).default('api'),
  /** Queues this worker process runs (comma-separated), or all: detection and delivery scale apart. */
  WORKER_QUEUES: z.string().default('all'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** External PostgreSQL; unset means the launcher's embedded one. */
  DATABASE_URL: z.url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** External Redis; unset means the launcher's local redis-server. */
  REDIS_URL: z.url().optional(),
  /** Prefix of every Redis key and channel, so that several deployments or tests share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[a-z0-9:_-]+$/).default('pkk'),
  CONFIG_DIR: z.string().default(''),
  VAR_DIR: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: readable lines in a terminal, JSON lines otherwise. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Demo mode seeds demo users; never on in production. */
  DEMO: bool.default(false),
  /** Token the simulator provisions devices and officers with (demo mode registers it). */
  SIM_API_TOKEN: z.string().min(32).optional(),
  /** Secure cookies need HTTPS; off for plain-HTTP local runs. */
  COOKIE_SECURE: bool.default(false),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  /** Shared scaled clock of a simulated demo: speed and anchors (set by the launcher). */
  CLOCK_SPEED: z.coerce.number().positive().default(1),
  CLOCK_REAL_ANCHOR: z.coerce.number().int().optional(),
  CLOCK_VIRTUAL_ANCHOR: z.coerce.number().int().optional(),
  WEB_DIST: z.string().default(''),
  /** Where people reach the app: links in notifications (Alertmanager's externalURL). */
  PUBLIC_URL: z.url().optional(),
  /** PEM file of extra certificate authorities a push service may be signed by (a private push relay). */
  PUSH_CA_FILE: z.string().optional(),
});
export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
