import type { Context } from '@pkk/server/context';
import { ensurePartitions } from '@pkk/server/db/partitions';
import type { JobPayloads, JobName } from '../jobs.ts';
import type { JobStatus } from '../handlers.ts';

/** Keeps monthly partitions of the event tables ahead of time. */
export async function ensurePartitionsJob(ctx: Context, data: JobPayloads[JobName.EnsurePartitions]): Promise<JobStatus> {
  const created = await ensurePartitions(ctx.db, ctx.clock.now(), 1, data.monthsAhead);
  if (created.length) ctx.log.info({ created }, 'partitions created');
  return created.length ? 'success' : 'skipped';
}

/** Removes expired sessions (real time: sessions never follow a simulated clock). */
export async function purgeSessionsJob(ctx: Context): Promise<JobStatus> {
  const res = await ctx.db.deleteFrom('sessions').where('expires_at', '<', new Date()).executeTakeFirst();
  return Number(res.numDeletedRows) > 0 ? 'success' : 'skipped';
}
