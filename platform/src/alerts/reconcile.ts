import { sql } from 'kysely';
import { JobName, QueueName, groupKey, routesFor } from '@pkk/core';
import type { Context } from '../context.ts';
import { toFinding } from '../findings/store.ts';
import { touchGroups } from './groups.ts';
import { alertLabels } from './labels.ts';
import { recordAlertsLost } from './lost.ts';
import { loadMutes } from './mutes.ts';

export { readAlertsLost } from './lost.ts';

export interface AlertsReconcileResult {
  /** Findings no alert group has notified (open) or told resolved, touched again. */
  findings: number;
  /** Groups still firing whose repeat flush never came. */
  repeats: number;
  /** Delivery targets with pending notifications and no job to send them. */
  targets: number;
}

/**
 * What was committed a while ago, not what a pass or a flush is handing over right now: on the real
 * clock (jobs and group timers run on it), however fast a simulated clock runs.
 */
const SETTLE_MS = 2 * 60_000;

/**
 * PostgreSQL is the record of alerts; jobs on Redis only carry the next step. A step is lost when a
 * process dies (or Redis refuses the add) between a commit and its jobs: a detection pass's
 * findings whose groups were never touched, a flush whose notifications were never queued, a group
 * whose repeat was never scheduled; or when Redis comes back without its data. This finds each
 * from the tables and queues it again; every step it queues is idempotent (a flush notifies only
 * what differs from what it last sent, a send sends only what is still pending), so running it
 * while nothing was lost costs queries, never a duplicate.
 *
 * It counts only what is lost, so that its count (`pkk_alerts_lost` in /metrics) means a loss when
 * it is not zero: a finding its group has not told yet is not lost while a flush of that group is
 * queued within the route's group_wait or group_interval (the normal path, timed on the real
 * clock), nor while a silence or an inhibiting alert holds it back.
 */
export async function reconcileAlerts(ctx: Context): Promise<AlertsReconcileResult> {
  const now = Date.now();
  const settled = new Date(ctx.clock.now() - SETTLE_MS * ctx.clock.speed);

  // 1. Open findings a group has not said are firing, and resolved ones a group still says are.
  const groups = await ctx.db
    .selectFrom('alert_groups')
    .select(['id', 'receiver', 'group_key', 'last_firing', 'last_notified_at', 'route_id', 'group_labels'])
    .execute();
  const byKey = new Map(groups.map((g) => [`${g.receiver}\u0000${g.group_key}`, g]));
  const flushes = await pendingFlushes(ctx);
  /** A flush of the group is queued, due within what the normal path may take (its timers, and settling). */
  const onItsWay = (groupId: number, route: { groupWaitMs: number; groupIntervalMs: number }) => {
    const due = flushes.get(groupId);
    return due !== undefined && due <= now + Math.max(route.groupWaitMs, route.groupIntervalMs) + SETTLE_MS;
  };
  const open = await ctx.db
    .selectFrom('findings')
    .selectAll()
    .where('state', '=', 'open')
    .where('opened_at', '<', settled)
    .execute();
  const mutes = await loadMutes(ctx, ctx.db, ctx.clock.now());
  const owed = open.map(toFinding).filter((f) => {
    const labels = alertLabels(f);
    if (mutes.silenced(labels) || mutes.inhibited(labels)) return false;
    return routesFor(ctx.policy.alerting.route, labels).some((r) => {
      const g = byKey.get(`${r.receiver}\u0000${groupKey(r, labels)}`);
      if (!g) return true;
      return !(g.last_firing as string[]).includes(f.fingerprint) && !onItsWay(g.id, r);
    });
  });
  const openPrints = new Set(open.map((r) => r.fingerprint));
  // Told firing, no longer open (or not yet settled: then it is left for the next round).
  const stale = groups.flatMap((g) =>
    (g.last_firing as string[]).filter((p) => !openPrints.has(p)).map((p) => ({ g, p })),
  );
  const gone = [...new Set(stale.map((x) => x.p))];
  const resolvedRows = gone.length
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
  const resolvedBy = new Map(resolvedRows.map((r) => [r.fingerprint, r]));
  const untold = new Map<number, (typeof resolvedRows)[number]>();
  for (const { g, p } of stale) {
    const r = resolvedBy.get(p);
    if (!r) continue;
    const route = routesFor(ctx.policy.alerting.route, g.group_labels as Record<string, string>).find(
      (x) => x.id === g.route_id,
    );
    if (route && onItsWay(g.id, route)) continue;
    untold.set(r.id, r);
  }
  const touched = [...owed, ...[...untold.values()].map(toFinding)].map((finding) => ({ finding }));
  if (touched.length) await touchGroups(ctx, touched);

  // 2. Groups still firing whose repeat is overdue (a flush schedules it after its commit).
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
  const result = { findings: touched.length, repeats: overdue.length, targets };
  await recordAlertsLost(ctx, result);
  return result;
}

/** Queued flushes (waiting, delayed, running) by group: the earliest due of each. */
async function pendingFlushes(ctx: Context): Promise<Map<number, number>> {
  const jobs = await ctx.jobs
    .queue(QueueName.Alerts)
    .getJobs(['waiting', 'delayed', 'active', 'prioritized'], 0, -1);
  const due = new Map<number, number>();
  for (const j of jobs) {
    if (j.name !== JobName.AlertsFlush) continue;
    const d = j.data as { groupId: number; dueAt: number };
    due.set(d.groupId, Math.min(due.get(d.groupId) ?? Infinity, d.dueAt));
  }
  return due;
}
