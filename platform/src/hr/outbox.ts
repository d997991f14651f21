import { HR_SIGNAL_EVENT } from '@pkk/core';
import { sql } from 'kysely';
import type { AuditTrx } from '../audit/log.ts';

/** The receiver every HR message goes to (its URL and secret are settings: HR_WEBHOOK_URL, HR_WEBHOOK_SECRET). */
export const HR_RECEIVER = 'hr';

/**
 * Puts one webhook message in the outbox inside the change's transaction: it exists exactly when the
 * change committed. `id` becomes the Standard Webhooks `webhook-id` (the receiver's idempotency key).
 */
export async function enqueueHrWebhook(
  trx: AuditTrx,
  msg: { id: string; body: string; at: number; type?: string },
): Promise<void> {
  await trx
    .insertInto('hr_outbox')
    .values({
      msg_id: msg.id,
      endpoint: HR_RECEIVER,
      event_type: msg.type ?? HR_SIGNAL_EVENT,
      body: msg.body,
      // Delivery runs on real time (the database's), whatever clock the change was made on.
      next_at: sql<Date>`now()`,
      created_at: new Date(msg.at),
    })
    .onConflict((oc) => oc.column('msg_id').doNothing())
    .execute();
}
