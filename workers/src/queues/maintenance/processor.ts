import { JobName } from '@pkk/core';
import { ensurePartitions } from '@pkk/platform/db/partitions';
import { defineProcessor } from '../../processor.ts';

/** Keeps monthly partitions of the event tables ahead of time. */
export const ensurePartitionsProcessor = defineProcessor(JobName.EnsurePartitions, async (ctx, job) => {
  const created = await ensurePartitions(ctx.db, ctx.clock.now(), 1, job.data.monthsAhead);
  if (created.length) ctx.log.info({ created }, 'partitions created');
  return created.length ? 'success' : 'skipped';
});

/** Removes expired sessions (real time: sessions never follow a simulated clock). */
export const purgeSessionsProcessor = defineProcessor(JobName.PurgeSessions, async (ctx) => {
  const res = await ctx.db.deleteFrom('sessions').where('expires_at', '<', new Date()).executeTakeFirst();
  return Number(res.numDeletedRows) > 0 ? 'success' : 'skipped';
});
