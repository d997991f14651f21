import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { JobName, QueueName, webhookBody } from '@pkk/core';
import { configDir } from '@pkk/platform/config/paths';
import { testContext } from '@pkk/server/testing/context';
import { startRole, type RoleProcess } from './support/roles.ts';
import { WebhookReceiver } from './support/webhook-receiver.ts';

/**
 * A workers process killed with SIGKILL in the middle of a job (a webhook sent, its answer not yet
 * back): another workers process takes the job again once the dead one's lock lapses, and its
 * effect is recorded once: one notification row, sent once in the delivery log. (The receiver may
 * see the message twice, as from Alertmanager: delivery is at least once, the record exactly once.)
 */
const KEL = '16.71.01.1002';
let dir: string;
let ctx: Awaited<ReturnType<typeof testContext>>;
let env: Record<string, string>;
const receiver = new WebhookReceiver();
const running: RoleProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pkk-fault-worker-'));
  await receiver.start();
  ctx = await testContext();
  // The policy of the workers processes: the shipped files, with a webhook to the local receiver.
  const config = path.join(dir, 'config');
  cpSync(configDir(''), config, { recursive: true });
  writeFileSync(
    path.join(config, 'alerting.yaml'),
    JSON.stringify({
      route: {
        receiver: 'bridge',
        group_by: ['kelurahan'],
        group_wait: '1s',
        group_interval: '1s',
        repeat_interval: '1h',
        matchers: [],
      },
      receivers: [{ name: 'bridge', recipients: [], webhook_configs: [{ url: `${receiver.url}/hook` }] }],
    }),
  );
  const db = new URL(inject('databaseUrl'));
  db.searchParams.set('options', `-c search_path=${ctx.schema}`);
  env = {
    DATABASE_URL: db.toString(),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: ctx.env.REDIS_PREFIX,
    DATABASE_POOL_SIZE: '4',
    CONFIG_DIR: config,
    WORKER_QUEUES: 'notify',
    // A killed worker's job is taken again after 1.5 s, not BullMQ's 30 s.
    CONFIG__jobs__queues__notify__lockSeconds: '1.5',
    CONFIG__jobs__queues__notify__backoffSeconds: '0.2',
    CLOCK_REAL_ANCHOR: String(ctx.env.CLOCK_REAL_ANCHOR),
    CLOCK_VIRTUAL_ANCHOR: String(ctx.env.CLOCK_VIRTUAL_ANCHOR),
  };
}, 60_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await ctx?.dispose();
  await receiver.stop();
  if (dir && !process.env.KEEP_FAULT_LOGS) rmSync(dir, { recursive: true, force: true });
});

const workers = async (name: string) => {
  const r = await startRole('workers', env, { log: path.join(dir, `${name}.log`) });
  running.push(r);
  return r;
};

describe('a workers process killed mid-job', () => {
  it('has its job taken again by another workers process, and the effect recorded once', async () => {
    const first = await workers('workers-1');
    const group = await ctx.db
      .insertInto('alert_groups')
      .values({
        route_id: 'root',
        receiver: 'bridge',
        group_key: `{}:{kelurahan="${KEL}"}`,
        group_labels: JSON.stringify({ kelurahan: KEL }),
        created_at: new Date(ctx.clock.now()),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const payload = webhookBody({
      receiver: 'bridge',
      groupKey: `{}:{kelurahan="${KEL}"}`,
      groupLabels: { kelurahan: KEL },
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'queue_wait_sla', kelurahan: KEL },
          annotations: {},
          startsAt: ctx.clock.now(),
          endsAt: null,
          generatorURL: 'http://127.0.0.1/inbox',
          fingerprint: 'f-1',
        },
      ],
      externalURL: 'http://127.0.0.1',
      reason: 'first notification',
    });
    const n = await ctx.db
      .insertInto('notifications')
      .values({
        group_id: group.id,
        channel: 'webhook',
        target: 'webhook:bridge:0',
        payload: JSON.stringify(payload),
        created_at: new Date(ctx.clock.now()),
      })
      .returning(['id', 'target'])
      .executeTakeFirstOrThrow();

    // The receiver takes the request and does not answer: the worker is mid-job when it dies.
    receiver.hold = 1;
    await ctx.jobs.enqueue(JobName.NotifySend, { target: n.target, notificationId: n.id });
    await vi.waitFor(() => expect(receiver.got.length).toBe(1), { timeout: 20_000, interval: 50 });
    first.proc.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    receiver.release(200); // the answer goes to a dead connection

    const second = await workers('workers-2');
    await vi.waitFor(
      async () =>
        expect(
          (
            await ctx.db
              .selectFrom('notifications')
              .select('status')
              .where('id', '=', n.id)
              .executeTakeFirstOrThrow()
          ).status,
        ).toBe('sent'),
      { timeout: 30_000, interval: 100 },
    );
    // The row is written before the job completes in BullMQ: wait for the job, then read it whole.
    await vi.waitFor(
      async () =>
        expect(await (await ctx.jobs.queue(QueueName.Notify).getJob(`notify-${n.id}`))?.getState()).toBe(
          'completed',
        ),
      { timeout: 10_000, interval: 50 },
    );
    const job = await ctx.jobs.queue(QueueName.Notify).getJob(`notify-${n.id}`);
    expect(job?.returnvalue).toBe('success');

    // Once in the record: one notification, sent on one recorded attempt (the killed one recorded nothing).
    const rows = await ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('group_id', '=', group.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'sent', attempts: 1, http_status: 200 });
    // At least once on the wire: the same message again, unchanged.
    expect(receiver.got.length).toBe(2);
    expect(receiver.got[1]!.body).toEqual(receiver.got[0]!.body);
    expect(second.alive()).toBe(true);
  }, 90_000);
});
