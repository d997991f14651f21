import { sql } from 'kysely';
import { JobName } from '@pkk/core';
import { readEvents } from '@pkk/platform/events/read';
import { applyOnce } from '@pkk/platform/jobs/effects';
import { defineProcessor } from '../../processor.ts';

/**
 * Takes in one committed delivery handed over by the outbox: reads its events back from PostgreSQL
 * (the job carries references, never the data) and records, once, what the office's intake now
 * holds. Detection plugs in here: it sees every committed event at least once, whatever happened to
 * the announcement on Redis.
 */
export const ingestCommittedProcessor = defineProcessor(JobName.IngestCommitted, async (ctx, job) => {
  const d = job.data;
  const events = (
    await readEvents(ctx.db, {
      from: new Date(d.fromAt),
      to: new Date(d.toAt + 1),
      kelurahan: d.kelurahan,
      rawPayloadId: d.rawPayloadId,
      channels: [d.channel],
    })
  ).get(d.kelurahan) ?? [];
  const done = await applyOnce(ctx.db, `ingest-${d.outboxId}`, async (trx) => {
    await trx
      .insertInto('office_intake')
      .values({ kelurahan_code: d.kelurahan, last_seq: d.seq, events: events.length })
      .onConflict((c) =>
        c.column('kelurahan_code').doUpdateSet({
          last_seq: sql`greatest(office_intake.last_seq, excluded.last_seq)`,
          events: sql`office_intake.events + excluded.events`,
          updated_at: sql`now()`,
        }),
      )
      .execute();
  });
  // A test's stand-in for a worker killed after the effect and before BullMQ heard of it.
  ctx.faults.check('job.after-effect');
  return done.applied ? 'success' : 'skipped';
});
