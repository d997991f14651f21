import { JobName } from '@pkk/core';
import { ensurePartitions } from '@pkk/platform/db/partitions';
import { anchorClosedMonths } from '@pkk/platform/audit/verify';
import { defineProcessor } from '../../processor.ts';

/**
 * Keeps monthly partitions of the event tables ahead of time, and (same daily run) records the audit
 * chain head of each month that has closed (audit_anchors: printed on the public page and HR exports).
 */
export const ensurePartitionsProcessor = defineProcessor(JobName.EnsurePartitions, async (ctx, job) => {
  const created = await ensurePartitions(ctx.db, ctx.clock.now(), 1, job.data.monthsAhead);
  if (created.length) ctx.log.info({ created }, 'partitions created');
  const anchored = await anchorClosedMonths(ctx.db, ctx.clock.now());
  if (anchored.length) ctx.log.info({ anchored }, 'audit chain heads of closed months recorded');
  return created.length || anchored.length ? 'success' : 'skipped';
});

/** Removes expired sessions (real time: sessions never follow a simulated clock). */
export const purgeSessionsProcessor = defineProcessor(JobName.PurgeSessions, async (ctx) => {
  const res = await ctx.db.deleteFrom('sessions').where('expires_at', '<', new Date()).executeTakeFirst();
  return Number(res.numDeletedRows) > 0 ? 'success' : 'skipped';
});
