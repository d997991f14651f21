import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { JobName, routesFor } from '@pkk/core';
import type { Context } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { toFinding } from '../findings/store.ts';
import { externalUrl, kelurahanNames, type ChannelFanOut, type GroupAlert } from './fan-out.ts';
import { alertLabels } from './labels.ts';
import { loadMutes } from './mutes.ts';

export { externalUrl } from './fan-out.ts';

export interface FlushResult {
  notified: boolean;
  firing: number;
  resolved: number;
  silenced: number;
  inhibited: number;
}

/**
 * One group's flush, as Alertmanager's: its alerts now (open findings of the group that are neither
 * silenced nor inhibited, and the ones resolved since the last notification), notified when they
 * differ from what was last sent or when the repeat interval has passed; nothing otherwise. A group
 * with alerts still firing is checked again after its repeat interval.
 */
export async function flushGroup(
  ctx: Context,
  groupId: number,
  channels: readonly ChannelFanOut[],
): Promise<FlushResult> {
  const result: FlushResult = { notified: false, firing: 0, resolved: 0, silenced: 0, inhibited: 0 };
  // One flush of a group at a time (the group's row locked to the commit): two flushes at once (a
  // pass's and a tick's, on two worker processes) would both see the old digest and both notify,
  // and a group's messages could cross. The notify jobs are added after the commit.
  const made = await ctx.db.transaction().execute((trx) => decide(ctx, trx, groupId, channels, result));
  if (!made) return result;
  await ctx.jobs.enqueueBulk(
    JobName.NotifySend,
    made.created.map((c) => ({ target: c.target, notificationId: c.id })),
  );
  if (result.firing > 0)
    await ctx.jobs.enqueue(JobName.AlertsFlush, {
      groupId,
      dueAt: Math.ceil((Date.now() + made.repeatMs) / 1000) * 1000,
    });
  result.notified = true;
  return result;
}

/** Under the group's lock: what to notify, recorded; null when nothing is due. */
async function decide(
  ctx: Context,
  trx: Transaction<Database>,
  groupId: number,
  channels: readonly ChannelFanOut[],
  result: FlushResult,
): Promise<{ created: { id: number; target: string }[]; repeatMs: number } | null> {
  const group = await trx
    .selectFrom('alert_groups')
    .selectAll()
    .where('id', '=', groupId)
    .forUpdate()
    .executeTakeFirst();
  if (!group) return null;
  const receiver = ctx.policy.alerting.receivers.find((r) => r.name === group.receiver);
  if (!receiver) return null;
  const now = ctx.clock.now();
  const told = group.last_firing;
  // The group's open findings, and the latest row of each it last said was firing.
  const rows = await trx
    .selectFrom('findings')
    .selectAll()
    .where(sql<boolean>`labels @> ${JSON.stringify(group.group_labels)}::jsonb`)
    .where((w) =>
      told.length ? w.or([w('state', '=', 'open'), w('fingerprint', 'in', told)]) : w('state', '=', 'open'),
    )
    .orderBy('id')
    .limit(5000)
    .execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows)
    if (r.state === 'open' || !latest.has(r.fingerprint) || latest.get(r.fingerprint)!.state !== 'open')
      latest.set(r.fingerprint, r);
  const mutes = await loadMutes(ctx, trx, now);

  const alerts: GroupAlert[] = [];
  for (const r of latest.values()) {
    const f = toFinding(r);
    const labels = alertLabels(f);
    if (
      !routesFor(ctx.policy.alerting.route, labels).some(
        (x) => x.id === group.route_id && x.receiver === group.receiver,
      )
    )
      continue;
    if (f.state === 'open') {
      if (mutes.silenced(labels)) {
        result.silenced++;
        continue;
      }
      if (mutes.inhibited(labels)) {
        result.inhibited++;
        continue;
      }
    }
    alerts.push({ finding: f, labels, status: f.state === 'open' ? 'firing' : 'resolved' });
  }
  // Most serious first, firing before resolved: a channel that tells one alert tells the first.
  alerts.sort(
    (a, b) =>
      Number(a.status !== 'firing') - Number(b.status !== 'firing') ||
      rank(a.finding.severity) - rank(b.finding.severity) ||
      a.finding.id - b.finding.id,
  );
  result.firing = alerts.filter((a) => a.status === 'firing').length;
  result.resolved = alerts.length - result.firing;
  const digest = createHash('sha256')
    .update(
      alerts
        .map((a) => `${a.finding.fingerprint}:${a.status}:${a.labels.severity}`)
        .sort()
        .join('\n'),
    )
    .digest('hex');
  const route = routesFor(
    ctx.policy.alerting.route,
    alerts[0]?.labels ?? (group.group_labels as Record<string, string>),
  ).find((x) => x.id === group.route_id);
  const repeatMs = route?.repeatIntervalMs ?? 4 * 3_600_000;
  const repeatDue =
    group.last_notified_at !== null && Date.now() - group.last_notified_at.getTime() >= repeatMs;
  if (
    !alerts.length ||
    (digest === group.last_digest && !repeatDue) ||
    (result.firing === 0 && group.last_notified_at === null)
  )
    return null;

  const reason =
    group.last_notified_at === null
      ? 'first notification'
      : digest === group.last_digest
        ? 'repeat'
        : 'alerts changed';
  const ids: { id: number; target: string }[] = [];
  const fanOut = {
    db: trx,
    receiver,
    group: { id: groupId, groupKey: group.group_key, groupLabels: group.group_labels },
    alerts,
    reason,
    externalURL: externalUrl(ctx),
    nameOf: kelurahanNames(ctx),
    zone: ctx.policy.workHours.zone,
  };
  for (const channel of channels) {
    const made = await channel.fanOut(fanOut);
    if (!made.length) continue;
    const rows = await trx
      .insertInto('notifications')
      .values(
        made.map((n) => ({
          group_id: groupId,
          channel: channel.name,
          target: n.target,
          payload: JSON.stringify(n.payload),
          created_at: new Date(now),
        })),
      )
      .returning(['id', 'target'])
      .execute();
    ids.push(...rows);
  }
  const firing = alerts.filter((a) => a.status === 'firing').map((a) => a.finding.fingerprint);
  await trx
    .updateTable('alert_groups')
    .set({ last_notified_at: new Date(), last_digest: digest, last_firing: JSON.stringify(firing) })
    .where('id', '=', groupId)
    .execute();
  return { created: ids, repeatMs };
}

const rank = (s: string) => (s === 'critical' ? 0 : s === 'warning' ? 1 : 2);
