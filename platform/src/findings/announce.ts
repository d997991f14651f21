import type { Redis } from 'ioredis';
import type { Context } from '../context.ts';
import { channels } from '../infra/redis.ts';
import type { FindingChange } from '@pkk/core';

/** What a detection pass publishes after its commit: the api relays it to the rooms in scope. */
export interface FindingsMessage {
  changes: FindingChange[];
}

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
    await pub.publish(
      channels.findings(ctx.env.REDIS_PREFIX),
      JSON.stringify({ changes } satisfies FindingsMessage),
    );
  } catch (err) {
    ctx.log.warn(
      { err, changes: changes.length },
      'finding changes not announced; the inbox catches up from the table',
    );
  }
}
