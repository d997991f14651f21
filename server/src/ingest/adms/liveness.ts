import type { LiveEvent } from '@pkk/core';
import type { IngestDeps } from '../json-routes.ts';
import type { TerminalExchange } from './exchange.ts';

/**
 * After a request's data is committed: the terminal was seen (last seen, and a `device` live event),
 * plus the live events of what it added. Neither may fail the request: the data is already stored,
 * and live state catches up from the database.
 */
export async function announceExchange(
  deps: IngestDeps,
  x: TerminalExchange,
  events: LiveEvent[],
  seq: number | null,
): Promise<void> {
  const { device, receivedAt } = x;
  await Promise.all([
    deps.announcer.announce(
      device.kelurahanCode,
      [{ kind: 'device', deviceId: device.id, at: receivedAt.getTime() }],
      events,
      seq,
    ),
    deps.directory.touch(device.id, receivedAt, x.sourceAddress).catch((err: unknown) => {
      deps.ctx.log.warn({ err, deviceId: device.id }, 'could not record that an ADMS terminal was seen');
    }),
  ]);
}
