import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alertingFile, JobName, QueueName, webhookBody, type WebhookAlert } from '@pkk/core';
import { configDir } from '@pkk/platform/config/paths';
import { loadPolicy } from '@pkk/platform/config/policy';
import { flushGroup } from '@pkk/platform/alerts/flush';
import { reconcileAlerts } from '@pkk/platform/alerts/reconcile';
import { touchGroups } from '@pkk/platform/alerts/groups';
import { toFinding } from '@pkk/platform/findings/store';
import { syncRegistry } from '@pkk/server/db/seed';
import { testContext } from '@pkk/server/testing/context';
import { CHANNELS } from '@pkk/workers/delivery/registry';
import { startWorkers, type RunningWorkers } from '@pkk/workers/runner';
import { WebhookReceiver } from './support/webhook-receiver.ts';

/**
 * A webhook receiver (a real local HTTP server) down for ten minutes gets every notification
 * afterwards, in order per group. Ten real minutes are too long for the suite, so the notify
 * queue's backoff is scaled down and the outage with it: under the default policy (12 attempts,
 * exponential from 2 s) a ten-minute outage is 600 / 4094 of the retry span; here the same share of
 * a span of seconds. A separate check proves the default span covers ten minutes, so dead-lettering
 * drops nothing such an outage delays.
 */
const GROUPS = 3;
const PER_GROUP = 4;

let w: Awaited<ReturnType<typeof testContext>>;
let workers: RunningWorkers;
const receiver = new WebhookReceiver();

/** BullMQ's exponential backoff: the wait before retry i (1-based) is backoff * 2^(i-1). */
const retrySpanSeconds = (q: { attempts: number; backoffSeconds: number }) =>
  Array.from({ length: q.attempts - 1 }, (_, i) => q.backoffSeconds * 2 ** i).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  await receiver.start();
  w = await testContext({ DATABASE_POOL_SIZE: '4' });
  w.policy.alerting = alertingFile.parse({
    route: {
      receiver: 'bridge',
      group_by: ['kelurahan'],
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '1h',
      matchers: [],
    },
    receivers: [{ name: 'bridge', recipients: [], webhook_configs: [{ url: `${receiver.url}/hook` }] }],
  });
  w.policy.jobs.queues.notify.backoffSeconds = 0.02;
  await syncRegistry(w.db, w.policy);
  workers = await startWorkers(w, { schedules: false, queues: [QueueName.Notify] });
});
afterAll(async () => {
  await workers?.close();
  await w?.dispose();
  await receiver.stop();
});

const alert = (kelurahan: string, n: number): WebhookAlert => ({
  status: 'firing',
  labels: { alertname: 'queue_wait_sla', kelurahan, ticket: `T-${n}` },
  annotations: { summary: 'queue_wait_sla', kelurahan },
  startsAt: w.clock.now(),
  endsAt: null,
  generatorURL: 'http://127.0.0.1/inbox',
  fingerprint: `${kelurahan}-${n}`,
});

/** One notification per group, as a flush makes it, numbered in its group by `reason`. */
async function notifyRound(groups: { id: number; kelurahan: string }[], round: number): Promise<void> {
  const made = await w.db
    .insertInto('notifications')
    .values(
      groups.map((g) => ({
        group_id: g.id,
        channel: 'webhook' as const,
        target: 'webhook:bridge:0',
        payload: JSON.stringify(
          webhookBody({
            receiver: 'bridge',
            groupKey: `{}:{kelurahan="${g.kelurahan}"}`,
            groupLabels: { kelurahan: g.kelurahan },
            alerts: [alert(g.kelurahan, round)],
            externalURL: 'http://127.0.0.1',
            reason: `round ${round}`,
          }),
        ),
        created_at: new Date(w.clock.now()),
      })),
    )
    .returning(['id', 'target'])
    .execute();
  await w.jobs.enqueueBulk(
    JobName.NotifySend,
    made.map((m) => ({ target: m.target, notificationId: m.id })),
  );
}

describe('a webhook receiver down for ten minutes', () => {
  it('under the default policy, the retry schedule outlasts a ten-minute outage before anything is dead-lettered', () => {
    const notify = loadPolicy(configDir('')).jobs.queues.notify;
    // The last attempt comes this long after the first: a notification made at the start of the
    // outage is still retried after it ends, with margin for one made just before.
    expect(retrySpanSeconds(notify)).toBeGreaterThanOrEqual(2 * 600);
  });

  it('gets every notification afterwards, in order per group, with retries of several groups interleaving', async () => {
    const groups = await w.db
      .insertInto('alert_groups')
      .values(
        Array.from({ length: GROUPS }, (_, i) => ({
          route_id: 'root',
          receiver: 'bridge',
          group_key: `{}:{kelurahan="16.71.0${i + 1}.1001"}`,
          group_labels: JSON.stringify({ kelurahan: `16.71.0${i + 1}.1001` }),
          created_at: new Date(w.clock.now()),
        })),
      )
      .returning(['id', 'group_labels'])
      .execute()
      .then((rows) => rows.map((r) => ({ id: r.id, kelurahan: r.group_labels.kelurahan! })));
    const defaults = loadPolicy(configDir('')).jobs.queues.notify;
    const scale = retrySpanSeconds(w.policy.jobs.queues.notify) / retrySpanSeconds(defaults);
    const outageMs = 600_000 * scale;

    await receiver.stop();
    const downAt = performance.now();
    // Notifications keep coming during the outage, each group's retries on their own schedule.
    for (let round = 1; round <= PER_GROUP; round++) {
      await notifyRound(groups, round);
      await new Promise((r) => setTimeout(r, outageMs / (PER_GROUP + 1)));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, outageMs - (performance.now() - downAt))));
    const attempted = await w.db.selectFrom('notifications').select(['attempts', 'status']).execute();
    expect(attempted.every((n) => n.status === 'pending')).toBe(true);
    expect(Math.max(...attempted.map((n) => n.attempts))).toBeGreaterThan(3);
    await receiver.start();

    await vi.waitFor(() => expect(receiver.got.length).toBeGreaterThanOrEqual(GROUPS * PER_GROUP), {
      timeout: 60_000,
      interval: 100,
    });
    for (const g of groups) {
      const seen = receiver.got.filter((r) => r.body.groupLabels.kelurahan === g.kelurahan);
      expect(
        seen.every(
          (r) => r.body.version === '4' && r.body.receiver === 'bridge' && r.body.status === 'firing',
        ),
      ).toBe(true);
      expect(seen.map((r) => r.body.notification_reason)).toEqual(
        Array.from({ length: PER_GROUP }, (_, i) => `round ${i + 1}`),
      );
    }
    const log = await w.db.selectFrom('notifications').select(['status', 'attempts']).execute();
    expect(log.map((n) => n.status)).toEqual(Array(GROUPS * PER_GROUP).fill('sent'));
  }, 90_000);

  it('makes one notification when two flushes of one group run at once, so a group’s messages cannot cross', async () => {
    const kelurahan = '16.71.01.1002';
    const now = new Date(w.clock.now());
    const row = await w.db
      .insertInto('findings')
      .values({
        kind: 'queue_wait_sla',
        nature: 'condition',
        fingerprint: 'race-1',
        kelurahan_code: kelurahan,
        kecamatan_code: '16.71.01',
        date: '2026-11-23',
        subject: JSON.stringify({ kelurahan, ticket: 'R-1' }),
        labels: JSON.stringify({
          alertname: 'queue_wait_sla',
          kelurahan,
          kecamatan: '16.71.01',
          severity: 'warning',
          ticket: 'R-1',
        }),
        from_at: now,
        to_at: null,
        severity: 'warning',
        confidence: 1,
        state: 'open',
        standing: null,
        evidence: '{}',
        digest: 'd',
        opened_at: now,
        updated_at: now,
        resolved_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await touchGroups(w, [{ finding: toFinding(row) }]);
    const group = await w.db
      .selectFrom('alert_groups')
      .select('id')
      .where('group_key', 'like', `%${kelurahan}%`)
      .executeTakeFirstOrThrow();
    // The flush of a delivery's pass and the one of a tick, on two worker processes, at the same moment.
    const results = await Promise.all(Array.from({ length: 5 }, () => flushGroup(w, group.id, CHANNELS)));
    expect(results.filter((r) => r.notified)).toHaveLength(1);
    expect(
      await w.db.selectFrom('notifications').select('id').where('group_id', '=', group.id).execute(),
    ).toHaveLength(1);
  });
});

describe('a process dying between a commit and its jobs', () => {
  it('loses no notification and no alert: the reconciler queues the lost steps again from the tables, once', async () => {
    const kelurahan = '16.71.01.1003';
    const before = new Date(w.clock.now() - 3 * 60_000);
    // A flush committed its notification, and died before queuing the send.
    const [group] = await w.db
      .insertInto('alert_groups')
      .values({
        route_id: 'root',
        receiver: 'bridge',
        group_key: '{}:{kelurahan="16.71.02.1004"}',
        group_labels: JSON.stringify({ kelurahan: '16.71.02.1004' }),
        created_at: before,
      })
      .returning('id')
      .execute();
    await w.db
      .insertInto('notifications')
      .values({
        group_id: group!.id,
        channel: 'webhook',
        target: 'webhook:bridge:0',
        payload: JSON.stringify(
          webhookBody({
            receiver: 'bridge',
            groupKey: 'g',
            groupLabels: { kelurahan: '16.71.02.1004' },
            alerts: [alert('16.71.02.1004', 99)],
            externalURL: 'http://127.0.0.1',
            reason: 'send lost',
          }),
        ),
        created_at: before,
      })
      .execute();
    // A detection pass committed a finding, and died before touching its alert groups.
    await w.db
      .insertInto('findings')
      .values({
        kind: 'queue_wait_sla',
        nature: 'condition',
        fingerprint: 'lost-pass-1',
        kelurahan_code: kelurahan,
        kecamatan_code: '16.71.01',
        date: '2026-11-23',
        subject: JSON.stringify({ kelurahan, ticket: 'L-1' }),
        labels: JSON.stringify({
          alertname: 'queue_wait_sla',
          kelurahan,
          kecamatan: '16.71.01',
          severity: 'warning',
          ticket: 'L-1',
        }),
        from_at: before,
        to_at: null,
        severity: 'warning',
        confidence: 1,
        state: 'open',
        standing: null,
        evidence: '{}',
        digest: 'd',
        opened_at: before,
        updated_at: before,
        resolved_at: null,
      })
      .execute();

    const first = await reconcileAlerts(w);
    expect(first).toMatchObject({ findings: 1, targets: 1 });
    await vi.waitFor(
      () => expect(receiver.got.some((r) => r.body.notification_reason === 'send lost')).toBe(true),
      { timeout: 15_000, interval: 50 },
    );
    // The finding's group exists now, with its flush queued; the flush (run here: this test's
    // workers deliver only) notifies the finding.
    const made = await w.db
      .selectFrom('alert_groups')
      .select('id')
      .where('group_key', 'like', `%${kelurahan}%`)
      .executeTakeFirstOrThrow();
    const flushes = await w.jobs.queue(QueueName.Alerts).getJobs(['delayed', 'waiting']);
    expect(
      flushes.some(
        (j) => j.name === JobName.AlertsFlush && (j.data as { groupId: number }).groupId === made.id,
      ),
    ).toBe(true);
    expect((await flushGroup(w, made.id, CHANNELS)).notified).toBe(true);
    await vi.waitFor(
      () => expect(receiver.got.some((r) => r.body.alerts.some((a) => a.labels.ticket === 'L-1'))).toBe(true),
      { timeout: 15_000, interval: 50 },
    );

    // Nothing lost any more: a second round queues nothing.
    expect(await reconcileAlerts(w)).toEqual({ findings: 0, repeats: 0, targets: 0 });
    expect(receiver.got.filter((r) => r.body.notification_reason === 'send lost')).toHaveLength(1);
  }, 60_000);
});
