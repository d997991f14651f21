import { COMMAND_REPLY_LIMITS, commandsForReply, type CommandReply, type QueuedCommand } from '@pkk/core';
import { sql } from 'kysely';
import type { Db } from '@pkk/platform/db/index';

/** How long a handed-out command may wait for its result, and how often it is handed out. */
export interface CommandRetry {
  replyTimeoutSeconds: number;
  maxAttempts: number;
}

/**
 * The per-terminal command queue: pending → sent (handed out on a poll) → done or failed (by the
 * terminal's Return code). A command `sent` whose result has not come after the reply timeout (the
 * reply was lost, or the terminal restarted first) is handed out again on a later poll, up to
 * `maxAttempts` times in all; after the last attempt times out it is marked failed, with no return
 * code. Row locks with SKIP LOCKED make two overlapping polls of one terminal, on any api node, hand
 * out each command once per attempt.
 */
export async function takeCommands(
  db: Db,
  deviceId: number,
  at: Date,
  retry: CommandRetry,
): Promise<QueuedCommand[]> {
  const overdue = new Date(at.getTime() - retry.replyTimeoutSeconds * 1000);
  return db.transaction().execute(async (tx) => {
    await tx
      .updateTable('device_commands')
      .set({ status: 'failed', done_at: at })
      .where('device_id', '=', deviceId)
      .where('status', '=', 'sent')
      .where('sent_at', '<=', overdue)
      .where('attempts', '>=', retry.maxAttempts)
      .execute();
    const offered = await tx
      .selectFrom('device_commands')
      .select(['id', 'command'])
      .where('device_id', '=', deviceId)
      .where((e) =>
        e.or([
          e('status', '=', 'pending'),
          e.and([
            e('status', '=', 'sent'),
            e('sent_at', '<=', overdue),
            e('attempts', '<', retry.maxAttempts),
          ]),
        ]),
      )
      .orderBy('id')
      .limit(COMMAND_REPLY_LIMITS.maxCommands)
      .forUpdate()
      .skipLocked()
      .execute();
    const chosen = commandsForReply(offered);
    if (chosen.length) {
      await tx
        .updateTable('device_commands')
        .set((e) => ({ status: 'sent', sent_at: at, attempts: e('attempts', '+', 1) }))
        .where(
          'id',
          'in',
          chosen.map((c) => c.id),
        )
        .execute();
    }
    return chosen;
  });
}

const COMMAND_ID = /^\d{1,15}$/;

/**
 * Records the results a terminal reports. Only this terminal's own commands change; IDs the product
 * never issued (other servers' commands, alphanumeric IDs) are ignored, and the terminal still gets OK.
 * A result that comes after its command timed out (failed without a return code) is still recorded:
 * the terminal's word beats the timeout's guess.
 */
export async function recordCommandResults(
  db: Db,
  deviceId: number,
  replies: CommandReply[],
  at: Date,
): Promise<number> {
  // One statement whatever the body holds: a terminal (or a stranger with its serial) posting a
  // million result lines costs one UPDATE, not a million. The first result of an ID counts.
  const results = replies.filter((r) => COMMAND_ID.test(r.id) && r.returnCode !== null);
  if (!results.length) return 0;
  const res = await sql`
    update device_commands c
    set status = case when u.rc >= 0 then 'done' else 'failed' end, return_code = u.rc, done_at = ${at}
    from (select distinct on (id) id, rc from unnest(${results.map((r) => r.id)}::bigint[], ${results.map((r) => r.returnCode)}::int[])
            with ordinality as x(id, rc, n) order by id, n) u
    where c.id = u.id and c.device_id = ${deviceId}
      and (c.status in ('pending', 'sent') or (c.status = 'failed' and c.return_code is null))`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}
