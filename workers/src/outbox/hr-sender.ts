import { Webhook } from 'standardwebhooks';
import { sql } from 'kysely';
import type { Context } from '@pkk/platform/context';

/**
 * Delivers the HR outbox (hr_outbox, written in the transaction of each signal) to the HR system's
 * receiver in the Standard Webhooks form: `webhook-id` (the message id: the receiver's idempotency
 * key), `webhook-timestamp`, `webhook-signature` (the `standardwebhooks` package). At least once:
 * a row is claimed with SKIP LOCKED (any number of workers side by side), sent, then marked; a crash
 * in between sends it again with the same id. A failure is retried with exponential backoff
 * (HR_WEBHOOK_BACKOFF_MS doubled per attempt) until HR_WEBHOOK_MAX_ATTEMPTS, then the row is dead
 * and listed for admins (GET /api/v1/hr/outbox?status=dead). Times are the database's (real time).
 */
export class HrWebhookSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly webhook: Webhook | null;
  sent = 0;

  constructor(
    private readonly ctx: Context,
    private readonly pollMs = 500,
  ) {
    const { HR_WEBHOOK_URL: url, HR_WEBHOOK_SECRET: secret } = ctx.env;
    this.webhook = url && secret ? new Webhook(secret) : null;
    if (url && !secret)
      ctx.log.warn('HR_WEBHOOK_URL is set without HR_WEBHOOK_SECRET: HR webhooks are not sent');
  }

  get enabled(): boolean {
    return this.webhook !== null;
  }

  start(): void {
    if (this.enabled) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain()
        .then(() => undefined)
        .catch((err) => this.ctx.log.warn({ err }, 'HR webhook delivery failed; retrying'))
        .finally(() => {
          this.running = null;
          this.schedule(this.pollMs);
        });
    }, ms);
    this.timer.unref();
  }

  /** Sends every message that is due, a batch at a time; returns how many were attempted. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.batch(20);
      total += n;
      if (n < 20) return total;
    }
  }

  private async batch(size: number): Promise<number> {
    if (!this.webhook) return 0;
    const wh = this.webhook;
    const url = this.ctx.env.HR_WEBHOOK_URL!;
    return this.ctx.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('hr_outbox')
        .select(['id', 'msg_id', 'event_type', 'body', 'attempts'])
        .where('status', '=', 'pending')
        .where('next_at', '<=', sql<Date>`now()`)
        .orderBy('id')
        .limit(size)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const r of rows) {
        const at = new Date();
        const payload = `{"type":${JSON.stringify(r.event_type)},"timestamp":${JSON.stringify(at.toISOString())},"data":${r.body}}`;
        let error: string | null = null;
        let status: number | null = null;
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'webhook-id': r.msg_id,
              'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
              'webhook-signature': wh.sign(r.msg_id, at, payload),
            },
            body: payload,
            signal: AbortSignal.timeout(10_000),
          });
          status = res.status;
          await res.arrayBuffer().catch(() => undefined);
          if (!res.ok) error = `HTTP ${res.status}`;
        } catch (err) {
          error = (err as Error).message;
        }
        const attempts = r.attempts + 1;
        if (!error) {
          this.sent++;
          await trx
            .updateTable('hr_outbox')
            .set({
              status: 'sent',
              attempts,
              http_status: status,
              last_error: null,
              sent_at: sql<Date>`now()`,
            })
            .where('id', '=', r.id)
            .execute();
          continue;
        }
        const dead = attempts >= this.ctx.env.HR_WEBHOOK_MAX_ATTEMPTS;
        const delayMs = this.ctx.env.HR_WEBHOOK_BACKOFF_MS * 2 ** (attempts - 1);
        await trx
          .updateTable('hr_outbox')
          .set({
            status: dead ? 'dead' : 'pending',
            attempts,
            http_status: status,
            last_error: error.slice(0, 500),
            next_at: sql<Date>`now() + ${delayMs} * interval '1 millisecond'`,
          })
          .where('id', '=', r.id)
          .execute();
        if (dead) this.ctx.log.error({ msgId: r.msg_id, attempts, error }, 'HR webhook dead-lettered');
      }
      return rows.length;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
