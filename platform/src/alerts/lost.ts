import type { Redis } from 'ioredis';
import type { Context } from '../context.ts';

/** What a reconcile round found lost and queued again, by step. */
export interface LostSteps {
  findings: number;
  repeats: number;
  targets: number;
}
const STEPS = ['findings', 'repeats', 'targets'] as const;

const key = (prefix: string) => `${prefix}:alerts:lost`;
const connections = new WeakMap<Context['redis'], Redis>();
function redisOf(ctx: Pick<Context, 'redis'>): Redis {
  let r = connections.get(ctx.redis);
  if (!r) {
    // Waits for Redis like the workers' own connections (a producer's would refuse before it is ready).
    r = ctx.redis.create('worker', 'alerts-lost');
    connections.set(ctx.redis, r);
  }
  return r;
}

/**
 * The workers have no HTTP server: the reconciler's counts go to Redis, where the api's /metrics
 * reads them (`pkk_alerts_lost{step}`, the last round; `pkk_alerts_lost_total{step}`, every round).
 */
export async function recordAlertsLost(
  ctx: Pick<Context, 'redis' | 'env' | 'log'>,
  lost: LostSteps,
): Promise<void> {
  const m = redisOf(ctx).multi();
  for (const s of STEPS) {
    m.hset(key(ctx.env.REDIS_PREFIX), `last:${s}`, lost[s]);
    m.hincrby(key(ctx.env.REDIS_PREFIX), `total:${s}`, lost[s]);
  }
  m.hset(key(ctx.env.REDIS_PREFIX), 'at', Date.now());
  await m.exec().catch((err: Error) => ctx.log.warn({ err }, 'alerts reconcile counts not recorded'));
}

/** The counts as recorded, zero before any round. */
export async function readAlertsLost(
  ctx: Pick<Context, 'redis' | 'env'>,
): Promise<{ last: LostSteps; total: LostSteps }> {
  const h = await redisOf(ctx).hgetall(key(ctx.env.REDIS_PREFIX));
  const of = (kind: 'last' | 'total') =>
    Object.fromEntries(STEPS.map((s) => [s, Number(h[`${kind}:${s}`] ?? 0)])) as unknown as LostSteps;
  return { last: of('last'), total: of('total') };
}
