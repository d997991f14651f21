import { JobName, groupKey, groupLabels, routesFor, type Finding } from '@pkk/core';
import type { Context } from '../context.ts';
import { alertLabels } from './labels.ts';

/**
 * After a detection pass: the alert groups its changes fall in (per route receiver and group
 * labels, as Alertmanager groups), created when new, and a flush of each scheduled: a new group
 * after `group_wait`, a group that was notified no sooner than `group_interval` after that.
 */
export async function touchGroups(ctx: Context, changes: readonly { finding: Finding }[]): Promise<void> {
  const due = new Map<number, number>();
  const now = Date.now();
  for (const { finding } of changes) {
    const labels = alertLabels(finding);
    for (const route of routesFor(ctx.policy.alerting.route, labels)) {
      const key = groupKey(route, labels);
      const row = await ctx.db
        .insertInto('alert_groups')
        .values({
          route_id: route.id,
          receiver: route.receiver,
          group_key: key,
          group_labels: JSON.stringify(groupLabels(route, labels)),
          created_at: new Date(),
        })
        .onConflict((c) => c.columns(['receiver', 'group_key']).doUpdateSet({ route_id: route.id }))
        .returning(['id', 'last_notified_at'])
        .executeTakeFirstOrThrow();
      const at = row.last_notified_at
        ? Math.max(now, row.last_notified_at.getTime() + route.groupIntervalMs)
        : now + route.groupWaitMs;
      // Flushes due within a second of each other are one job.
      const dueAt = Math.ceil(at / 1000) * 1000;
      due.set(row.id, Math.min(due.get(row.id) ?? Infinity, dueAt));
    }
  }
  await ctx.jobs.enqueueBulk(
    JobName.AlertsFlush,
    [...due].map(([groupId, dueAt]) => ({ groupId, dueAt })),
  );
}
