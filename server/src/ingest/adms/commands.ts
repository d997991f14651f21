import { formatCommandReply, type CommandReply } from '@pkk/core';
import type { IngestDeps } from '../json-routes.ts';
import { storeRaw } from '../store.ts';
import { recordCommandResults, takeCommands } from './command-store.ts';
import { rawPayloadOf, type TerminalExchange } from './exchange.ts';
import type { Outcome } from './outcome.ts';

/** The heartbeat poll: pending (and overdue) commands as `C:<id>:<cmd>` lines, marked sent; `OK` when there are none. */
export async function pollCommands(deps: IngestDeps, x: TerminalExchange): Promise<Outcome> {
  const devices = deps.ctx.policy.thresholds.devices;
  const commands = await takeCommands(deps.ctx.db, x.device.id, x.receivedAt, {
    replyTimeoutSeconds: devices.commandReplyTimeoutSeconds,
    maxAttempts: devices.commandMaxAttempts,
  });
  if (commands.length)
    deps.ctx.log.info(
      { deviceId: x.device.id, commands: commands.map((c) => c.id) },
      'ADMS commands handed out',
    );
  return { reply: commands.length ? formatCommandReply(commands) : 'OK', events: [] };
}

/**
 * Command results (on /devicecmd, or on /cdata without `table` on some firmware): the body is kept raw
 * (INFO results carry the terminal's details) together with the status changes, in one transaction.
 */
export async function acceptCommandResults(
  deps: IngestDeps,
  x: TerminalExchange,
  replies: CommandReply[],
): Promise<Outcome> {
  const updated = await deps.ctx.db.transaction().execute(async (tx) => {
    await storeRaw(
      tx,
      rawPayloadOf(x, 'devicecmd', { itemCount: replies.length, validCount: replies.length, rejects: [] }),
    );
    return recordCommandResults(tx, x.device.id, replies, x.receivedAt);
  });
  if (replies.length)
    deps.ctx.log.info(
      { deviceId: x.device.id, replies: replies.length, updated },
      'ADMS command results recorded',
    );
  return { reply: 'OK', events: [] };
}
