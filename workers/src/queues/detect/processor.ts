import { addDays, JobName, localDateOf, localTimeOf } from '@pkk/core';
import { touchGroups } from '@pkk/platform/alerts/groups';
import { settleAppeals } from '@pkk/platform/findings/appeal';
import { announceFindings } from '@pkk/platform/findings/announce';
import { detectOffice } from '@pkk/platform/findings/pass';
import { defineProcessor } from '../../processor.ts';

/** One office's detection pass; the changes it committed are announced in-app at once and handed to their alert groups. */
export const detectOfficeProcessor = defineProcessor(JobName.DetectOffice, async (ctx, job) => {
  const changes = await detectOffice(ctx, job.data.kelurahan, job.data.date ? { date: job.data.date } : {});
  await announceFindings(ctx, changes);
  // Updates that change nothing a person is told (a growing wait) are not alert news.
  await touchGroups(
    ctx,
    changes.filter((c) => c.action !== 'updated' || c.finding.severity !== 'info'),
  );
  return changes.length ? 'success' : 'skipped';
});

/**
 * The tick: a pass for every office (conditions that become true with time alone), and in the first
 * hour of a day the closing pass of the day before (its occurrences final). Job ids carry the tick's
 * bucket, so a tick that fires twice, or on two worker processes, adds each pass once.
 */
export const detectTickProcessor = defineProcessor(JobName.DetectTick, async (ctx) => {
  const now = ctx.clock.now();
  const zone = ctx.policy.workHours.zone;
  const tickMs = ctx.policy.detection.tickSeconds * 1000;
  const bucket = now - (now % tickMs);
  const offices = ctx.policy.kelurahan.map((k) => k.code);
  await ctx.jobs.enqueueBulk(
    JobName.DetectOffice,
    offices.map((kelurahan) => ({ kelurahan, reason: 'tick' as const, bucket })),
  );
  if (localTimeOf(now, zone) < '01:00') {
    const yesterday = addDays(localDateOf(now, zone), -1);
    await ctx.jobs.enqueueBulk(
      JobName.DetectOffice,
      offices.map((kelurahan) => ({ kelurahan, date: yesterday, reason: 'close' as const, bucket: 0 })),
    );
  }
  return 'success';
});

/** Findings about a person whose appeal window closed uncontested stand: from now on they may reach an allowance. */
export const findingsSettleProcessor = defineProcessor(JobName.FindingsSettle, async (ctx) => {
  const changes = await settleAppeals(ctx.db, ctx.policy, ctx.clock.now());
  if (changes.length) ctx.log.info({ stood: changes.length }, 'appeal windows closed');
  await announceFindings(ctx, changes);
  return changes.length ? 'success' : 'skipped';
});
