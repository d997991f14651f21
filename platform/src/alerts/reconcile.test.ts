import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertingFile, QueueName } from '@pkk/core';
import { testContext } from '../testing/context.ts';
import { storedWaitFinding } from '../testing/findings.ts';
import { flushGroup } from './flush.ts';
import { touchGroups } from './groups.ts';
import { readAlertsLost, reconcileAlerts } from './reconcile.ts';

/**
 * The reconciler counts only what is really lost. In the demo the clock runs at 60x while the group
 * timers (group_wait, group_interval) run on the real clock: a finding waiting out its group_wait, or
 * muted by a silence, is on its way or rightly held, not lost; a finding whose group was never
 * touched, or whose flush job vanished, is lost and queued again.
 */
let ctx: Awaited<ReturnType<typeof testContext>>;
const SIM_MINUTE = 60_000;
/** A real minute on the 60x clock. */
const REAL_MINUTE = 60 * SIM_MINUTE;

beforeAll(async () => {
  ctx = await testContext({ CLOCK_SPEED: '60' });
  ctx.policy.alerting = alertingFile.parse({
    route: {
      receiver: 'lurah',
      group_by: ['kelurahan'],
      group_wait: '5m',
      group_interval: '15m',
      repeat_interval: '4h',
    },
    receivers: [{ name: 'lurah' }],
  });
});
afterAll(() => ctx?.dispose());

/** An open finding committed three real minutes (three simulated hours) ago: settled, on either clock. */
const committed = (kelurahan: string, ticket: string) =>
  storedWaitFinding(ctx, { kelurahan, ticket, minutes: 40, openedAt: ctx.clock.now() - 3 * REAL_MINUTE });

/** Redis lost the queued flushes (of one group, or all). */
async function dropFlushJobs(groupId?: number): Promise<void> {
  const q = ctx.jobs.queue(QueueName.Alerts);
  for (const j of await q.getJobs(['delayed', 'waiting', 'prioritized']))
    if (groupId === undefined || (j.data as { groupId: number }).groupId === groupId) await j.remove();
}

describe('the alerts reconciler', () => {
  it('finds nothing lost while a group waits out its group_wait on the real clock', async () => {
    const f = await committed('16.71.01.1001', 'R-1');
    await touchGroups(ctx, [{ finding: f }]);
    expect(await reconcileAlerts(ctx)).toEqual({ findings: 0, repeats: 0, targets: 0 });
    expect(await readAlertsLost(ctx)).toMatchObject({ last: { findings: 0 } });
  });

  it('finds nothing lost for a finding a silence mutes, once its group has flushed', async () => {
    const f = await committed('16.71.01.1002', 'R-2');
    const now = new Date(ctx.clock.now());
    await ctx.db
      .insertInto('silences')
      .values({
        matchers: JSON.stringify(['kelurahan="16.71.01.1002"']),
        starts_at: new Date(now.getTime() - SIM_MINUTE),
        ends_at: new Date(now.getTime() + 60 * SIM_MINUTE),
        comment: 'pemadaman listrik',
        created_by: null,
        created_at: now,
      })
      .execute();
    await touchGroups(ctx, [{ finding: f }]);
    const group = await ctx.db
      .selectFrom('alert_groups')
      .select('id')
      .where('group_key', 'like', '%16.71.01.1002%')
      .executeTakeFirstOrThrow();
    // Its flush ran (here, at once): the finding is silenced, so nothing is told, nothing sent.
    await dropFlushJobs(group.id);
    expect(await flushGroup(ctx, group.id, [])).toMatchObject({ notified: false, silenced: 1 });
    expect(await reconcileAlerts(ctx)).toEqual({ findings: 0, repeats: 0, targets: 0 });
  });

  it('still finds what is really lost: a finding no group was told of, a group whose flush vanished', async () => {
    await dropFlushJobs();
    await committed('16.71.01.1003', 'R-3'); // the pass died before touching its groups
    const f = await committed('16.71.01.1004', 'R-4');
    await touchGroups(ctx, [{ finding: f }]);
    await dropFlushJobs(); // Redis lost the flush job
    // R-1's flush job was dropped too: its group was touched, and is owed now as well.
    expect(await reconcileAlerts(ctx)).toEqual({ findings: 3, repeats: 0, targets: 0 });
    expect(await readAlertsLost(ctx)).toEqual({
      last: { findings: 3, repeats: 0, targets: 0 },
      total: { findings: 3, repeats: 0, targets: 0 },
    });
    // Queued again: their flushes are on their way, and nothing is owed any more.
    expect(await reconcileAlerts(ctx)).toEqual({ findings: 0, repeats: 0, targets: 0 });
  });
});
