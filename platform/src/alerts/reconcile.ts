import { sql } from 'kysely';
import { JobName, QueueName, groupKey, routesFor } from '@pkk/core';
import type { Context } from '../context.ts';
import { toFinding } from '../findings/store.ts';
import { touchGroups } from './groups.ts';
import { alertLabels } from './labels.ts';

export interface AlertsReconcileResult {
  /** Findings no alert group has notified (open) or told resolved, touched again. */
  findings: number;
  /** Groups still firing whose repeat flush never came. */
  repeats: number;
  /** Delivery targets with pending notifications and no job to send them. */
  targets: number;
}

/** What was committed a while ago, not what a pass or a flush is handing over right now. */
const SETTLE_MS = 2 * 60_000;

/**
 * PostgreSQL is the record of alerts; jobs on Redis only carry the next step. A step is lost when a
 * process dies (or Redis refuses the add) between a commit and its jobs: a detection pass's
 * findings whose groups were never touched, a flush whose notifications were never queued, a group
 * whose repeat was never scheduled; or when Redis comes back without its data. This finds each
 * from the tables and queues it again; every step it queues is idempotent (a flush notifies only
 * what differs from what it last sent, a send sends only what is still pending), so running it
 * while nothing was lost costs queries, never a duplicate.
 */
export async function reconcileAlerts(ctx: Context): Promise<AlertsReconcileResult> {
  const settled = new Date(ctx.clock.now() - SETTLE_MS);

  // 1. Open findings a group has not said are firing, and resolved ones a group still says are.
  const groups = await ctx.db
    .selectFrom('alert_groups')
    .select(['id', 'receiver', 'group_key', 'last_firing', 'last_notified_at', 'route_id', 'group_labels'])
    .execute();
  const told = new Map(
    groups.map((g) => [`${g.receiver}\u0000${g.group_key}`, new Set(g.last_firing as string[])]),
  );
  const open = await ctx.db
    .selectFrom('findings')
    .selectAll()
    .where('state', '=', 'open')
    .where('opened_at', '<', settled)
    .execute();
  const owed = open.map(toFinding).filter((f) => {
    const labels = alertLabels(f);
    return routesFor(ctx.policy.alerting.route, labels).some(
      (r) => !told.get(`${r.receiver}\u0000${groupKey(r, labels)}`)?.has(f.fingerprint),
    );
  });
  const firingPrints = [...new Set(groups.flatMap((g) => g.last_firing as string[]))];
  const openPrints = new Set(open.map((r) => r.fingerprint));
  const gone = firingPrints.filter((p) => !openPrints.has(p));
  const resolved = gone.length
    ? await ctx.db
        .selectFrom('findings')
        .selectAll()
        .distinctOn('fingerprint')
        .where('fingerprint', 'in', gone)
        .where('state', '=', 'resolved')
        .where('resolved_at', '<', settled)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('findings as o')
                .select(sql`1`.as('one'))
                .whereRef('o.fingerprint', '=', 'findings.fingerprint')
                .where('o.state', '=', 'open'),
            ),
          ),
        )
        .orderBy('fingerprint')
        .orderBy('id', 'desc')
        .execute()
    : [];
  const touched = [...owed, ...resolved.map(toFinding)].map((finding) => ({ finding }));
  if (touched.length) await touchGroups(ctx, touched);

  // 2. Groups still firing whose repeat is overdue (a flush schedules it after its commit).
  const now = Date.now();
  const overdue = groups.filter((g) => {
    if (!(g.last_firing as string[]).length || !g.last_notified_at) return false;
    const route = routesFor(ctx.policy.alerting.route, g.group_labels as Record<string, string>).find(
      (r) => r.id === g.route_id,
    );
    return now - g.last_notified_at.getTime() > (route?.repeatIntervalMs ?? 4 * 3_600_000) + SETTLE_MS;
  });
  if (overdue.length)
    await ctx.jobs.enqueueBulk(
      JobName.AlertsFlush,
      overdue.map((g) => ({ groupId: g.id, dueAt: Math.ceil(now / 1000) * 1000 })),
    );

  // 3. Pending notifications no job will send (none waiting, delayed or running reaches them).
  const pending = await ctx.db
    .selectFrom('notifications')
    .select(['target', (e) => e.fn.max('id').as('last')])
    .where('status', '=', 'pending')
    .where('created_at', '<', settled)
    .groupBy('target')
    .execute();
  let targets = 0;
  if (pending.length) {
    const live = await ctx.jobs
      .queue(QueueName.Notify)
      .getJobs(['waiting', 'delayed', 'active', 'prioritized'], 0, -1);
    // A job sends its target's pending notifications up to its own: it covers the newest or not at all.
    const reach = new Map<string, number>();
    for (const j of live) {
      const d = j.data as { target?: string; notificationId?: number };
      if (d.target && d.notificationId)
        reach.set(d.target, Math.max(reach.get(d.target) ?? 0, d.notificationId));
    }
    const lost = pending.filter((p) => (reach.get(p.target) ?? 0) < Number(p.last));
    // A new job id per round: the lost one may be kept among the finished, and would swallow the add.
    const round = Math.floor(now / 60_000);
    await ctx.jobs.enqueueBulk(
      JobName.NotifySend,
      lost.map((p) => ({ target: p.target, notificationId: Number(p.last), round })),
    );
    targets = lost.length;
  }
  return { findings: touched.length, repeats: overdue.length, targets };
}
