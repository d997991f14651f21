import { createECDH, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import type { AddressInfo } from 'node:net';
// @ts-expect-error http_ece ships no types: it is the reference implementation of RFC 8188 that web-push itself uses.
import ece from 'http_ece';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alertingFile, fingerprintOf, JobName, webhookBodySchema, type WebhookBody } from '@pkk/core';
import { loginAs, registerDevice, testApi, testContext } from '@pkk/server/testing/context';
import { startWorkers, type RunningWorkers } from '@pkk/workers/runner';

/**
 * From a finding to the people it is routed to, over real HTTP: an Alertmanager v4 webhook with an
 * HMAC signature (and, with the receiver down for a while, every notification afterwards, in order),
 * an encrypted Web Push request as a push service receives it, acknowledgement and comments with
 * who and when, and a silence that mutes a group.
 */
const KEL = '16.71.02.1002';
const KEC = '16.71.02';
const SECRET = 'rahasia-webhook';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  raw: Buffer;
}
/** A local HTTP server that records what it is sent (answering 503 while `down`). */
function recorder(): { handle: RequestListener; got: Received[]; down: { on: boolean } } {
  const got: Received[] = [];
  const down = { on: false };
  const handle: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (down.on) return res.writeHead(503).end();
      got.push({ path: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks) });
      // A push service answers 201 Created (RFC 8030 §5).
      res.writeHead(req.url?.startsWith('/push') ? 201 : 200).end();
    });
  };
  return { handle, got, down };
}
const urlOf = (s: Server, scheme: string) => `${scheme}://127.0.0.1:${(s.address() as AddressInfo).port}`;

let t: Awaited<ReturnType<typeof testApi>>;
let w: Awaited<ReturnType<typeof testContext>>;
let workers: RunningWorkers;
let key: string;
let camat: string;
const hook = recorder();
const bridge = createServer(hook.handle);
// Push services speak HTTPS only: a local one, with a certificate of its own that the workers trust.
let pushService: Server;
let caFile: string;
const client = createECDH('prime256v1');
client.generateKeys();
const authSecret = randomBytes(16).toString('base64url');

const minutesAgo = (m: number) => new Date(t.ctx.clock.now() - m * 60_000).toISOString();
async function queue(events: unknown[]) {
  const res = await fetch(`${t.url}/api/v1/ingest/queue`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kelurahan: KEL, events }),
  });
  expect(res.status).toBe(200);
}
const webhooks = () =>
  hook.got
    .filter((r) => r.path.startsWith('/hook'))
    .map((r) => ({ ...r, body: JSON.parse(r.raw.toString()) as WebhookBody }));
const pushes = () => hook.got.filter((r) => r.path.startsWith('/push'));
const post = (path: string, body: unknown, cookie = camat) =>
  fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'push.local' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  caFile = path.join(mkdtempSync(path.join(tmpdir(), 'pkk-push-')), 'ca.pem');
  writeFileSync(caFile, pems.cert);
  pushService = createTlsServer({ key: pems.private, cert: pems.cert }, hook.handle);
  await new Promise<void>((resolve) => bridge.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => pushService.listen(0, '127.0.0.1', resolve));
  t = await testApi();
  const op = await loginAs(t, { username: 'op-a', role: 'operator' });
  key = (await registerDevice(t, op, { kelurahanCode: KEL, kind: 'queue', name: 'kiosk-a' })).key!;
  camat = await loginAs(t, { username: 'camat-a', role: 'camat', kecamatanCode: KEC });
  w = await testContext(
    {
      REDIS_PREFIX: t.ctx.env.REDIS_PREFIX,
      CLOCK_REAL_ANCHOR: String(t.ctx.env.CLOCK_REAL_ANCHOR),
      PUSH_CA_FILE: caFile,
      DATABASE_POOL_SIZE: '4',
    },
    { schema: t.schema },
  );
  // A small pool (4) under the notify queue's concurrency (8): sending must never need a second
  // connection per job, or jobs deadlock waiting for each other (a bug once).
  // A quick tree for the test: wait targets to the camat by webhook and push, paced in seconds.
  w.policy.alerting = alertingFile.parse({
    route: {
      receiver: 'camat',
      group_by: ['kelurahan'],
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '1h',
      matchers: [],
      routes: [{ matchers: ['alertname="queue_wait_sla"'], receiver: 'camat' }],
    },
    receivers: [
      {
        name: 'camat',
        recipients: ['camat'],
        webpush: true,
        webhook_configs: [
          {
            url: `${urlOf(bridge, 'http')}/hook/telegram-bridge`,
            hmac_secret: SECRET,
            http_config: { authorization: { credentials: 'bridge-token' } },
          },
        ],
      },
    ],
  });
  // The local push service listens on loopback, which the workers refuse unless allowed, as a
  // private push relay would be (config/alerting.yaml webpush.allowed_networks).
  w.policy.alerting.webpush.allowed_networks = ['127.0.0.1/32'];
  t.ctx.policy.alerting.webpush.allowed_networks = ['127.0.0.1/32'];
  w.policy.jobs.queues.notify.backoffSeconds = 0.2;
  workers = await startWorkers(w, { schedules: false });
  const sub = await post('/api/v1/push/subscriptions', {
    endpoint: `${urlOf(pushService, 'https')}/push/sub-1`,
    keys: { p256dh: client.getPublicKey().toString('base64url'), auth: authSecret },
  });
  expect(sub.status).toBe(201);
});
afterAll(async () => {
  await workers?.close();
  await w?.dispose();
  await t?.dispose();
  bridge.close();
  pushService?.close();
});

describe('alerts from findings', () => {
  it('posts the Alertmanager v4 webhook, signed, with the bridge’s own auth and path', async () => {
    await queue([
      {
        type: 'ticket.issued',
        ticketId: 'W-1',
        ticketNumber: 'A001',
        service: 'domisili',
        time: minutesAgo(40),
      },
    ]);
    await vi.waitFor(() => expect(webhooks().length).toBeGreaterThan(0), { timeout: 20_000 });
    const [first] = webhooks();
    expect(first!.path).toBe('/hook/telegram-bridge');
    expect(first!.headers.authorization).toBe('Bearer bridge-token');
    expect(first!.raw.toString().endsWith('}\n')).toBe(true);
    const ts = first!.headers['x-pkk-timestamp'] as string;
    expect(first!.headers['x-pkk-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(`${ts}.${first!.raw.toString()}`).digest('hex')}`,
    );
    expect(first!.body).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'camat',
      groupLabels: { kelurahan: KEL },
      notification_reason: 'first notification',
    });
    const alert = first!.body.alerts[0]!;
    const finding = await w.db
      .selectFrom('findings')
      .select('id')
      .where('subject', '@>', JSON.stringify({ ticket: 'W-1' }))
      .executeTakeFirstOrThrow();
    expect(alert).toMatchObject({
      status: 'firing',
      endsAt: '0001-01-01T00:00:00Z',
      // What the bridges read beyond the v4 schema: instance (the kelurahan) and job.
      labels: { alertname: 'queue_wait_sla', kelurahan: KEL, ticket: 'W-1', instance: KEL, job: 'service' },
      generatorURL: `${w.env.PUBLIC_URL ?? `http://${w.env.HOST}:${w.env.PORT}`}/findings/${finding.id}`,
    });
    // Alertmanager's own fingerprint of the label set, so bridges that deduplicate on it behave.
    expect(alert.fingerprint).toBe(fingerprintOf(alert.labels));
    expect(alert.annotations.summary).toBe('Antrean melewati target · Kel. Satu Ulu');
    expect(alert.annotations.description).toMatch(
      /^Warga menunggu \d+ mnt \(target \d+\) · Kel\. Satu Ulu · tiket W-1\n✓ Antrean: menunggu \d+ mnt, target \d+ mnt\nBuka temuan: http.*\/findings\/\d+$/,
    );
    expect(webhookBodySchema.safeParse(first!.body).success).toBe(true);
  });

  it('sends the push service an encrypted request with TTL and urgency by severity', async () => {
    await vi.waitFor(() => expect(pushes().length).toBeGreaterThan(0), { timeout: 20_000 });
    const p = pushes()[0]!;
    expect(p.headers['content-encoding']).toBe('aes128gcm');
    expect(p.headers.ttl).toBe(String(4 * 3600));
    expect(p.headers.urgency).toBe('normal');
    expect(p.headers.authorization).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    const plain = JSON.parse(
      (ece.decrypt(p.raw, { version: 'aes128gcm', privateKey: client, authSecret }) as Buffer).toString(),
    ) as { title: string; body: string; url: string; severity: string; lang: string };
    const finding = await w.db
      .selectFrom('findings')
      .select('id')
      .where('subject', '@>', JSON.stringify({ ticket: 'W-1' }))
      .executeTakeFirstOrThrow();
    // Worded as the inbox words it, in the subscriber's language (Bahasa Indonesia by default), and
    // a tap opens the finding itself.
    expect(plain).toEqual({
      title: 'Antrean melewati target',
      body: expect.stringMatching(/^Warga menunggu \d+ mnt \(target 30\) · Kel\. Satu Ulu · tiket W-1$/),
      url: `/findings/${finding.id}`,
      severity: 'warning',
      tag: expect.stringContaining(KEL),
      lang: 'id',
    });
  });

  it('delivers many pushes at once on a pool smaller than the queue’s concurrency', async () => {
    const camatId = (
      await w.db.selectFrom('users').select('id').where('username', '=', 'camat-a').executeTakeFirstOrThrow()
    ).id;
    const group = await w.db.selectFrom('alert_groups').select('id').executeTakeFirstOrThrow();
    const subs = await w.db
      .insertInto('push_subscriptions')
      .values(
        Array.from({ length: 24 }, (_, i) => ({
          user_id: camatId,
          endpoint: `${urlOf(pushService, 'https')}/push/many-${i}`,
          p256dh: client.getPublicKey().toString('base64url'),
          auth: authSecret,
          created_at: new Date(w.clock.now()),
        })),
      )
      .returning('id')
      .execute();
    const before = pushes().length;
    const payload = JSON.stringify({
      title: 't',
      body: 'b',
      url: '/',
      severity: 'info',
      ttl: 60,
      urgency: 'low',
      tag: 'x',
    });
    const made = await w.db
      .insertInto('notifications')
      .values(
        subs.map((x) => ({
          group_id: group.id,
          channel: 'webpush' as const,
          target: `webpush:${x.id}`,
          payload,
          created_at: new Date(w.clock.now()),
        })),
      )
      .returning(['id', 'target'])
      .execute();
    await w.jobs.enqueueBulk(
      JobName.NotifySend,
      made.map((m) => ({ target: m.target, notificationId: m.id })),
    );
    await vi.waitFor(() => expect(pushes().length - before).toBe(24), { timeout: 30_000 });
    await w.db
      .updateTable('push_subscriptions')
      .set({ expired_at: new Date(w.clock.now()) })
      .where(
        'id',
        'in',
        subs.map((x) => x.id),
      )
      .execute();
  });

  it('gets every notification to a receiver that was down, afterwards and in order', async () => {
    hook.down.on = true;
    const before = webhooks().length;
    // The citizen is called (resolved), then another waits past target (firing again): two messages.
    await queue([{ type: 'ticket.called', ticketId: 'W-1', desk: 'loket-1', time: minutesAgo(0) }]);
    await vi.waitFor(
      async () =>
        expect(
          Number(
            (
              await w.db
                .selectFrom('notifications')
                .select(w.db.fn.countAll().as('n'))
                .where('channel', '=', 'webhook')
                .where('status', '=', 'pending')
                .executeTakeFirst()
            )?.n,
          ),
        ).toBeGreaterThan(0),
      { timeout: 20_000 },
    );
    await queue([
      {
        type: 'ticket.issued',
        ticketId: 'W-2',
        ticketNumber: 'A002',
        service: 'domisili',
        time: minutesAgo(35),
      },
    ]);
    await vi.waitFor(
      async () =>
        expect(
          Number(
            (
              await w.db
                .selectFrom('notifications')
                .select(w.db.fn.countAll().as('n'))
                .where('channel', '=', 'webhook')
                .where('status', '=', 'pending')
                .executeTakeFirst()
            )?.n,
          ),
        ).toBe(2),
      { timeout: 20_000 },
    );
    hook.down.on = false;
    await vi.waitFor(() => expect(webhooks().length).toBe(before + 2), { timeout: 30_000 });
    const [resolved, again] = webhooks().slice(before);
    expect(resolved!.body.alerts.find((a) => a.labels.ticket === 'W-1')?.status).toBe('resolved');
    expect(again!.body.alerts.find((a) => a.labels.ticket === 'W-2')?.status).toBe('firing');
    const log = await w.db
      .selectFrom('notifications')
      .select(['status', 'attempts'])
      .where('channel', '=', 'webhook')
      .orderBy('id')
      .execute();
    expect(log.every((n) => n.status === 'sent')).toBe(true);
    expect(log.some((n) => n.attempts > 1)).toBe(true);
  });

  it('records acknowledgement and comments with who and when, and keeps other areas out', async () => {
    const list = (await (
      await fetch(`${t.url}/api/v1/findings?kind=queue_wait_sla`, { headers: { cookie: camat } })
    ).json()) as { items: { id: number }[] };
    const id = list.items[0]!.id;
    const ack = await post(`/api/v1/findings/${id}/acknowledge`, {});
    expect(ack.status).toBe(200);
    expect(
      ((await ack.json()) as { finding: { acknowledgedAt: number | null } }).finding.acknowledgedAt,
    ).not.toBeNull();
    expect(
      (await post(`/api/v1/findings/${id}/comment`, { text: 'Petugas loket sudah ditegur' })).status,
    ).toBe(200);
    expect((await post(`/api/v1/findings/${id}/comment`, { text: '  ' })).status).toBe(400);
    const other = await loginAs(t, { username: 'camat-b', role: 'camat', kecamatanCode: '16.71.03' });
    expect((await post(`/api/v1/findings/${id}/acknowledge`, {}, other)).status).toBe(404);
    const detail = (await (
      await fetch(`${t.url}/api/v1/findings/${id}`, { headers: { cookie: camat } })
    ).json()) as { history: { action: string; by: string | null; detail: { text?: string } }[] };
    expect(detail.history.filter((h) => h.by === 'camat-a').map((h) => h.action)).toEqual([
      'acknowledged',
      'commented',
    ]);
    expect(detail.history.find((h) => h.action === 'commented')?.detail.text).toBe(
      'Petugas loket sudah ditegur',
    );
  });

  it('mutes a silenced group: a new breach there is stored and shown in-app, but not sent', async () => {
    const s = await post('/api/v1/silences', {
      matchers: [`kecamatan="${KEC}"`, `kelurahan="${KEL}"`],
      endsAt: new Date(t.ctx.clock.now() + 3_600_000).toISOString(),
      comment: 'Pemadaman listrik PLN',
    });
    expect(s.status).toBe(201);
    const sent = webhooks().length;
    await queue([
      {
        type: 'ticket.issued',
        ticketId: 'W-3',
        ticketNumber: 'A003',
        service: 'domisili',
        time: minutesAgo(50),
      },
    ]);
    await vi.waitFor(
      async () =>
        expect(
          (
            await w.db
              .selectFrom('findings')
              .select('id')
              .where('subject', '@>', JSON.stringify({ ticket: 'W-3' }))
              .execute()
          ).length,
        ).toBe(1),
      { timeout: 20_000 },
    );
    await new Promise((r) => setTimeout(r, 3000));
    expect(
      webhooks()
        .slice(sent)
        .some((h) => h.body.alerts.some((a) => a.labels.ticket === 'W-3')),
    ).toBe(false);
  });
  it('escalates an open finding nobody acknowledged, by label, and leaves an acknowledged one', async () => {
    w.policy.alerting.escalation = [{ after: 1_000, level: 1 }];
    const open = await w.db
      .selectFrom('findings')
      .select(['id', 'acknowledged_at'])
      .where('state', '=', 'open')
      .where('kind', '=', 'queue_wait_sla')
      .execute();
    const acked = open.filter((f) => f.acknowledged_at !== null).map((f) => f.id);
    const unacked = open.filter((f) => f.acknowledged_at === null).map((f) => f.id);
    expect(unacked.length).toBeGreaterThan(0);
    await w.jobs.enqueue(JobName.AlertsEscalate, {});
    await vi.waitFor(
      async () =>
        expect(
          (
            await w.db.selectFrom('findings').select('escalation_level').where('id', 'in', unacked).execute()
          ).every((f) => f.escalation_level === 1),
        ).toBe(true),
      { timeout: 15_000 },
    );
    if (acked.length)
      expect(
        (
          await w.db.selectFrom('findings').select('escalation_level').where('id', 'in', acked).execute()
        ).every((f) => f.escalation_level === 0),
      ).toBe(true);
    const res = (await (
      await fetch(`${t.url}/api/v1/findings/${unacked[0]}`, { headers: { cookie: camat } })
    ).json()) as {
      finding: { escalationLevel: number; labels: Record<string, string> };
      history: { action: string }[];
    };
    expect(res.finding.escalationLevel).toBe(1);
    expect(res.history.map((h) => h.action)).toContain('escalated');
  });
});
