import { buildHandshake, parseCommandReplies, timeReply } from '@pkk/core';
import type { IngestDeps } from '../json-routes.ts';
import { ingestAttlog } from './attlog.ts';
import { acceptCommandResults } from './commands.ts';
import { recordedTableName, type TerminalExchange } from './exchange.ts';
import type { Outcome } from './outcome.ts';
import { storeOpaque, storeOperlog } from './tables.ts';

/**
 * `GET /iclock/cdata`: the handshake (`options=all`), a time query (`type=time`), or nothing to say.
 * `TimeZone` is the terminal's own registered offset: the zone its punches are read in must be the
 * zone its clock is set to.
 */
export function cdataGet(deps: IngestDeps, x: TerminalExchange): Outcome {
  const { device } = x;
  const devices = deps.ctx.policy.thresholds.devices;
  if (x.param('options') !== undefined) {
    const reply = buildHandshake({
      serial: device.serial ?? '',
      pushVersion: x.param('pushver') ?? null,
      delaySeconds: devices.admsDelaySeconds,
      errorDelaySeconds: devices.admsErrorDelaySeconds,
      timeZoneMinutes: device.tzOffsetMinutes,
    });
    return { reply, events: [] };
  }
  if (x.param('type') === 'time')
    return { reply: timeReply(x.receivedAt.getTime(), device.tzOffsetMinutes), events: [] };
  return { reply: 'OK', events: [] };
}

/** `POST /iclock/cdata?table=…`: uploads, by table. */
export async function cdataPost(deps: IngestDeps, x: TerminalExchange): Promise<Outcome> {
  const table = x.param('table');
  if (table === undefined) {
    // Some firmware posts command results here instead of /devicecmd.
    const replies = parseCommandReplies(x.body);
    return replies.length ? acceptCommandResults(deps, x, replies) : storeOpaque(deps, x, null);
  }
  switch (table.toUpperCase()) {
    case 'ATTLOG':
      return ingestAttlog(deps, x, 'ATTLOG');
    case 'OPERLOG':
      return storeOperlog(deps, x, 'OPERLOG');
    default:
      return storeOpaque(deps, x, recordedTableName(table));
  }
}
