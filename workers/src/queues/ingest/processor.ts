import { sql } from 'kysely';
import { addDays, JobName, localDateOf, type JobOf } from '@pkk/core';
import { readEvents } from '@pkk/platform/events/read';
import { applyOnce } from '@pkk/platform/jobs/effects';
import type { Context } from '@pkk/platform/context';
import { defineProcessor } from '../../processor.ts';

/**
 * Takes in one committed delivery handed over by the outbox: reads its events back from PostgreSQL
 * (the job carries references, never the data) and records, once, what the office's intake now
 * holds, then asks for a detection pass of the office: detection sees every committed event at least
 * once, whatever happened to the announcement on Redis.
 */
export const ingestCommittedProcessor = defineProcessor(JobName.IngestCommitted, async (ctx, job) => {
  const d = job.data;
  const events =
    (
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
  await requestDetection(ctx, d.kelurahan, d.fromAt, d.toAt);
  return done.applied ? 'success' : 'skipped';
});

/**
 * A pass for today (deliveries within one real second share one, run as that second closes), and one
 * for each earlier day the delivery reaches back to (a terminal that uploads yesterday's punches
 * after an outage).
 */
async function requestDetection(
  ctx: Context,
  kelurahan: string,
  fromAt: number,
  toAt: number,
): Promise<void> {
  const now = ctx.clock.now();
  const zone = ctx.policy.workHours.zone;
  const today = localDateOf(now, zone);
  // The real second that closes after this delivery: the pass runs then, once for all of them.
  const real = Date.now();
  const bucket = real - (real % 1000) + 1000;
  const jobs: JobOf<JobName.DetectOffice>[] = [{ kelurahan, reason: 'ingest', bucket }];
  // At most a month back: older data is an archive re-upload, judged by no live detection.
  for (
    let day = localDateOf(fromAt, zone);
    day < today && day <= localDateOf(toAt, zone) && jobs.length <= 31;
    day = addDays(day, 1)
  ) {
    jobs.push({ kelurahan, date: day, reason: 'ingest', bucket });
  }
  await ctx.jobs.enqueueBulk(JobName.DetectOffice, jobs);
}
