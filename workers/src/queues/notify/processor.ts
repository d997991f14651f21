import { sql } from 'kysely';
import { JobName } from '@pkk/core';
import { checkChannels } from '../../delivery/registry.ts';
import { defineProcessor } from '../../processor.ts';

const channels = checkChannels();

/**
 * Sends a target's pending notifications, oldest first, up to the one this job is for: a webhook
 * receiver that was down gets every message afterwards, in order. A failure fails the job (BullMQ
 * retries it with backoff); on the last attempt the notification is dead-lettered and the next goes.
 * One target at a time (an advisory lock), so two jobs never send the same message twice.
 */
export const notifySendProcessor = defineProcessor(JobName.NotifySend, async (ctx, job) => {
  const { target, notificationId } = job.data;
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  // One connection, holding the target's lock while it sends; each update commits at once, so what
  // was recorded of a failed attempt stays when the job fails.
  return ctx.db.connection().execute(async (db) => {
    await sql`select pg_advisory_lock(hashtext(${`notify:${target}`}))`.execute(db);
    try {
      const pending = await db
        .selectFrom('notifications')
        .selectAll()
        .where('target', '=', target)
        .where('status', '=', 'pending')
        .where('id', '<=', notificationId)
        .orderBy('id')
        .execute();
      if (!pending.length) return 'skipped';
      for (const n of pending) {
        const channel = channels.get(n.channel);
        const payload = channel?.payload.safeParse(n.payload);
        const outcome = !channel
          ? { ok: false as const, gone: true, error: `no channel ${n.channel}` }
          : !payload!.success
            ? {
                ok: false as const,
                gone: true,
                error: `not a ${n.channel} payload: ${payload!.error.message}`,
              }
            : await channel.send(ctx, db, target, payload!.data);
        if (outcome.ok) {
          await db
            .updateTable('notifications')
            .set({
              status: 'sent',
              sent_at: new Date(),
              attempts: n.attempts + 1,
              http_status: outcome.status ?? null,
              last_error: null,
            })
            .where('id', '=', n.id)
            .execute();
          continue;
        }
        const status = outcome.gone ? 'gone' : last ? 'dead' : 'pending';
        await db
          .updateTable('notifications')
          .set({
            status,
            attempts: n.attempts + 1,
            http_status: outcome.status ?? null,
            last_error: outcome.error,
          })
          .where('id', '=', n.id)
          .execute();
        if (status === 'pending') throw new Error(`${target}: ${outcome.error}`);
        ctx.log.warn(
          { target, notification: n.id, error: outcome.error, status },
          status === 'dead'
            ? 'notification dead-lettered after its last attempt'
            : 'notification target gone',
        );
      }
      return 'success';
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${`notify:${target}`}))`.execute(db);
    }
  });
});
