import { COMMAND_REPLY_LIMITS, commandsForReply, type CommandReply, type QueuedCommand } from '@pkk/core';
import type { Db } from '@pkk/platform/db/index';

/**
 * The per-terminal command queue: pending → sent (handed out on a poll) → done or failed (by the
 * terminal's Return code). Row locks with SKIP LOCKED make two overlapping polls of one terminal, on
 * any api node, hand out each command once.
 */
export async function takeCommands(db: Db, deviceId: number, at: Date): Promise<QueuedCommand[]> {
  return db.transaction().execute(async (tx) => {
    const pending = await tx
      .selectFrom('device_commands')
      .select(['id', 'command'])
      .where('device_id', '=', deviceId)
      .where('status', '=', 'pending')
      .orderBy('id')
      .limit(COMMAND_REPLY_LIMITS.maxCommands)
      .forUpdate()
      .skipLocked()
      .execute();
    const chosen = commandsForReply(pending);
    if (chosen.length) {
      await tx
        .updateTable('device_commands')
        .set({ status: 'sent', sent_at: at })
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
 */
export async function recordCommandResults(
  db: Db,
  deviceId: number,
  replies: CommandReply[],
  at: Date,
): Promise<number> {
  let updated = 0;
  for (const r of replies) {
    if (!COMMAND_ID.test(r.id) || r.returnCode === null) continue;
    const res = await db
      .updateTable('device_commands')
      .set({ status: r.returnCode >= 0 ? 'done' : 'failed', return_code: r.returnCode, done_at: at })
      .where('id', '=', Number(r.id))
      .where('device_id', '=', deviceId)
      .where('status', 'in', ['pending', 'sent'])
      .executeTakeFirst();
    updated += Number(res.numUpdatedRows);
  }
  return updated;
}
