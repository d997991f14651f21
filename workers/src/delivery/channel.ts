import type { Context } from '@pkk/platform/context';
import type { Db } from '@pkk/platform/db/index';

/** What a channel says of one attempt: sent, gone for good (a push subscription expired), or failed. */
export type DeliveryOutcome =
  { ok: true; status?: number } | { ok: false; gone?: boolean; status?: number; error: string };

/**
 * A delivery channel (as Uptime Kuma's notification providers): one file each, one registry. It
 * sends one stored notification to its target; retries, order and the delivery log are the
 * notify processor's. The in-app channel is the socket relay of the api, which shows a finding at
 * once; these are the ones that are paced by the route's group_wait and group_interval.
 */
export interface DeliveryChannel {
  name: 'webhook' | 'webpush';
  /**
   * `db` is the connection the notify job already holds (its target's lock): a channel reads and
   * writes through it, never through a second pool connection, so concurrent jobs cannot exhaust
   * the pool waiting for each other.
   */
  send(ctx: Context, db: Db, target: string, payload: unknown): Promise<DeliveryOutcome>;
}
