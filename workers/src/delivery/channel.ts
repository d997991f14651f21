import type { z } from 'zod';
import type { Context } from '@pkk/platform/context';
import type { Db } from '@pkk/platform/db/index';
import type { ChannelFanOut } from '@pkk/platform/alerts/fan-out';

/** What a channel says of one attempt: sent, gone for good (a push subscription expired), or failed. */
export type DeliveryOutcome =
  { ok: true; status?: number } | { ok: false; gone?: boolean; status?: number; error: string };

/**
 * A delivery channel (as Uptime Kuma's notification providers): one file each, one line in
 * ./registry.ts, which the channel names derive from. A channel makes its notifications of a group's
 * news (`fanOut`, called by the flush under the group's lock), says what its stored payload is
 * (checked before each send), and sends one to its target; retries, order and the delivery log are
 * the notify processor's. The in-app channel is the socket relay of the api, which shows a finding
 * at once; these are the ones paced by the route's group_wait and group_interval.
 */
export interface DeliveryChannel<Name extends string = string, Payload = unknown> extends ChannelFanOut<
  Name,
  Payload
> {
  payload: z.ZodType<Payload>;
  /**
   * `db` is the connection the notify job already holds (its target's lock): a channel reads and
   * writes through it, never through a second pool connection, so concurrent jobs cannot exhaust
   * the pool waiting for each other.
   */
  send(ctx: Context, db: Db, target: string, payload: Payload): Promise<DeliveryOutcome>;
}

/** Names a channel's types once: its name literal and payload flow to the registry. */
export function defineChannel<Name extends string, Payload>(
  channel: DeliveryChannel<Name, Payload>,
): DeliveryChannel<Name, Payload> {
  return channel;
}
