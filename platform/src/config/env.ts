import { z } from 'zod';
import { allowedOrigins, trustedProxies } from './edge.ts';

/** Process settings from the environment, validated once; everything else reads this object. */
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /**
   * The role this process runs, as its log lines name it. Which roles exist is scripts/roles.ts
   * (scripts/role.ts refuses any other), not a second list here.
   */
  ROLE: z
    .string()
    .regex(/^[a-z][a-z-]*$/, 'a role name')
    .default('api'),
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
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/)
    .default('pkk'),
  CONFIG_DIR: z.string().default(''),
  VAR_DIR: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: readable lines in a terminal, JSON lines otherwise. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Demo mode seeds demo users; never on in production. */
  DEMO: bool.default(false),
  /** Token the simulator provisions devices and officers with (demo mode registers it). */
  SIM_API_TOKEN: z.string().min(32).optional(),
  /** Secure session cookies (HTTPS only); turned off explicitly for a plain-HTTP local run. */
  COOKIE_SECURE: bool.default(true),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Failed sign-ins per account and address before each next one waits longer (server/src/auth/login-throttle.ts). */
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(5),
  /** Proxies whose X-Forwarded-For is believed: addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`. */
  TRUSTED_PROXIES: trustedProxies,
  /** Web origins besides PUBLIC_URL's that may act with a session cookie (comma-separated). */
  ALLOWED_ORIGINS: allowedOrigins,
  /** Where /metrics is served: a listener of its own, never the public port. */
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** A media node's metrics listener (on METRICS_HOST). */
  MEDIA_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  /** When set, scrapes must send `Authorization: Bearer <token>` (a listener reachable beyond the host). */
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.string().min(16).optional()),
  /** Shared scaled clock of a simulated demo: speed and anchors (set by the launcher). */
  CLOCK_SPEED: z.coerce.number().positive().default(1),
  CLOCK_REAL_ANCHOR: z.coerce.number().int().optional(),
  CLOCK_VIRTUAL_ANCHOR: z.coerce.number().int().optional(),
  WEB_DIST: z.string().default(''),
  /** Where people reach the app: links in notifications (Alertmanager's externalURL). */
  PUBLIC_URL: z.url().optional(),
  /** PEM file of extra certificate authorities a push service may be signed by (a private push relay). */
  PUSH_CA_FILE: z.string().optional(),
  /** Media nodes, `id=publicUrl[|internalUrl],…` (core/src/media/owner.ts); the api hands out the owner's URLs. */
  MEDIA_NODES: z.string().default('media-1=http://127.0.0.1:8090'),
  /** This media process's id in MEDIA_NODES (ROLE=media). */
  MEDIA_NODE_ID: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('media-1'),
  /** Port a media node listens on (ROLE=media): its URL in MEDIA_NODES. */
  MEDIA_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  /** HMAC key of play tokens, shared by the api and the media nodes (at least 32 characters). */
  MEDIA_SIGNING_KEY: z.string().min(32).optional(),
  /** Key that encrypts camera RTSP URLs at rest (AES-256-GCM): 32 bytes, base64 or hex. */
  CAMERA_SECRET_KEY: z.string().min(32).optional(),
  /** UDP ports WebRTC viewers are given, one each: `from-to`. */
  MEDIA_RTC_PORTS: z
    .string()
    .regex(/^\d+-\d+$/)
    .default('40000-40999'),
  /** Address announced in WebRTC candidates (the host's reachable IP); the bound address when unset. */
  MEDIA_ANNOUNCED_IP: z.string().optional(),
  /** Play tokens a user may be handed per minute (every api node together). */
  PLAY_RATE_LIMIT: z.coerce.number().int().positive().default(60),
  /** RTMP port node-media-server listens on for encoder and NVR pushes (0: off). */
  MEDIA_RTMP_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Seconds an on-demand pull stays up after its last viewer leaves. */
  MEDIA_IDLE_SECONDS: z.coerce.number().int().min(1).default(30),
  /**
   * Longest an HLS view lasts (seconds) before the player must ask for a new play: HLS is a run of
   * separate requests whose URLs can be copied, so its views end; WebRTC and fMP4 are one connection.
   */
  MEDIA_HLS_MAX_SESSION_SECONDS: z.coerce.number().int().min(5).default(1800),
  /** Seconds between snapshots of each camera (staggered); 0 turns them off. */
  SNAPSHOT_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  SNAPSHOT_RETENTION_HOURS: z.coerce.number().positive().default(72),
  /**
   * Person detection in the desk zones of this node's cameras (media/src/vision): `on` judges every
   * zone each `vision.judgeEverySeconds`; `off` (the default until its observations reach the record).
   */
  MEDIA_VISION: z.enum(['on', 'off']).default('off'),
  /** TURN servers for browsers behind UDP-blocking networks: `turn:host:3478?transport=udp,…`. */
  TURN_URLS: z.string().default(''),
  TURN_USERNAME: z.string().optional(),
  TURN_CREDENTIAL: z.string().optional(),
  /** The HR system's webhook receiver (discipline signals, Standard Webhooks); unset: pull feed only. */
  HR_WEBHOOK_URL: z.url().optional(),
  /** Its signing secret, `whsec_<base64>` (Standard Webhooks). */
  HR_WEBHOOK_SECRET: z.string().optional(),
  /** First retry delay (ms), doubled each attempt; 12 attempts from 2 s span about 68 minutes. */
  HR_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).default(2000),
  HR_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(12),
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
