import { audit } from '@pkk/platform/audit/log';
import { JobName } from '@pkk/core';
import { flushGroup } from '@pkk/platform/alerts/flush';
import { touchGroups } from '@pkk/platform/alerts/groups';
import { reconcileAlerts } from '@pkk/platform/alerts/reconcile';
import { toFinding } from '@pkk/platform/findings/store';
import { CHANNELS } from '../../delivery/registry.ts';
import { defineProcessor } from '../../processor.ts';

/** One alert group's flush: notify what changed (or repeat), else nothing. */
export const alertsFlushProcessor = defineProcessor(JobName.AlertsFlush, async (ctx, job) => {
  const r = await flushGroup(ctx, job.data.groupId, CHANNELS);
  return r.notified ? 'success' : 'skipped';
});

/**
 * Escalation: an open finding nobody acknowledged within a level's time is raised to that level;
 * its `escalation` label changes, so the routing tree sends it on (to the camat, then the mayor's
 * office). Runs on the detection tick.
 */
export const alertsEscalateProcessor = defineProcessor(JobName.AlertsEscalate, async (ctx) => {
  const now = ctx.clock.now();
  const raised = [];
  for (const { after, level } of [...ctx.policy.alerting.escalation].sort((a, b) => b.level - a.level)) {
    const rows = await ctx.db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('findings')
        .set({ escalation_level: level, updated_at: new Date(now) })
        .where('state', '=', 'open')
        .where('acknowledged_at', 'is', null)
        .where('escalation_level', '<', level)
        .where('opened_at', '<=', new Date(now - after))
        .returningAll()
        .execute();
      if (rows.length) {
        await trx
          .insertInto('finding_events')
          .values(
            rows.map((r) => ({
              finding_id: r.id,
              at: new Date(now),
              action: 'escalated',
              detail: JSON.stringify({ level }),
            })),
          )
          .execute();
        for (const r of rows)
          await audit(trx, {
            at: now,
            actor: 'system:alerts',
            action: 'finding.escalated',
            subject: `finding:${r.id}`,
            refs: [`kelurahan:${r.kelurahan_code}`, ...(r.nip ? [`officer:${r.nip}`] : [])],
            payload: { level },
          });
      }
      return rows;
    });
    raised.push(...rows.map((r) => ({ finding: toFinding(r) })));
  }
  if (raised.length) await touchGroups(ctx, raised);
  return raised.length ? 'success' : 'skipped';
});

/** What a process lost between a commit and its jobs, queued again from the tables (platform/src/alerts/reconcile.ts). */
export const alertsReconcileProcessor = defineProcessor(JobName.AlertsReconcile, async (ctx) => {
  const r = await reconcileAlerts(ctx);
  // It counts only what was really lost (pkk_alerts_lost): worth a warning each time.
  if (r.findings || r.repeats || r.targets)
    ctx.log.warn(r, 'alerting steps lost, queued again from the tables');
  return r.findings || r.repeats || r.targets ? 'success' : 'skipped';
});
