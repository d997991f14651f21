import { JobName, ingestChannel, type JobOf } from '@pkk/core';
import type { Context } from '@pkk/platform/context';

/**
 * Drains the ingest outbox into the ingest queue. Rows are claimed with SKIP LOCKED, so any number
 * of worker processes drain side by side; a row is deleted in the same transaction only after its
 * job is in Redis. A crash in between leaves the row, which is dispatched again: the job's id (the
 * outbox id) keeps BullMQ from adding it twice, and its effect is applied once (applyOnce).
 * Polled every `pollMilliseconds`, and woken at once by `wake()` (each announcement of new data).
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Rows handed over since start. */
  dispatched = 0;

  constructor(private readonly ctx: Context) {}

  start(): void {
    this.schedule(0);
  }

  wake(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain()
        .then(() => undefined)
        .catch((err) => this.ctx.log.warn({ err }, 'outbox dispatch failed; retrying'))
        .finally(() => {
          this.running = null;
          const more = this.again;
          this.again = false;
          this.schedule(more ? 0 : this.ctx.policy.jobs.outbox.pollMilliseconds);
        });
    }, ms);
    this.timer.unref();
  }

  /** Hands over everything waiting, batch by batch. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.drainBatch();
      total += n;
      if (n < this.ctx.policy.jobs.outbox.batchSize) return total;
    }
  }

  private async drainBatch(): Promise<number> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('ingest_outbox')
        .select(['id', 'kelurahan_code', 'channel', 'raw_payload_id', 'seq', 'from_at', 'to_at'])
        .orderBy('id')
        .limit(this.ctx.policy.jobs.outbox.batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (!rows.length) return 0;
      const jobs: JobOf<JobName.IngestCommitted>[] = rows.map((r) => ({
        outboxId: r.id,
        kelurahan: r.kelurahan_code,
        channel: ingestChannel.parse(r.channel),
        rawPayloadId: r.raw_payload_id,
        seq: r.seq,
        fromAt: r.from_at.getTime(),
        toAt: r.to_at.getTime(),
      }));
      await this.ctx.jobs.enqueueBulk(JobName.IngestCommitted, jobs);
      this.ctx.faults.check('outbox.enqueue');
      await trx
        .deleteFrom('ingest_outbox')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      this.dispatched += rows.length;
      return rows.length;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
