import type { Redis } from 'ioredis';
import type { Context } from '../context.ts';
import { publishMessage } from '../infra/bus.ts';
import type { FindingChange } from '@pkk/core';

const publishers = new WeakMap<Context, Redis>();

/**
 * Announces committed finding changes on Redis. The findings table is the record: a lost message
 * costs a live update only (the inbox reads the table whenever it (re)connects), so a failed
 * publish is logged, never retried by failing the pass.
 */
export async function announceFindings(ctx: Context, changes: FindingChange[]): Promise<void> {
  if (!changes.length) return;
  let pub = publishers.get(ctx);
  // Not a producer connection: the pass runs in a worker, not an HTTP request, and a publish made
  // while the connection is (re)connecting should wait for it rather than be lost.
  if (!pub) publishers.set(ctx, (pub = ctx.redis.create('worker', 'findings-pub')));
  try {
    await publishMessage(pub, ctx.env.REDIS_PREFIX, 'findings', { changes });
  } catch (err) {
    ctx.log.warn(
      { err, changes: changes.length },
      'finding changes not announced; the inbox catches up from the table',
    );
  }
}
