import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushNotification, type PushNotification, type Receiver } from '@pkk/core';
import { kelurahanNames } from '@pkk/platform/alerts/fan-out';
import { alertLabels } from '@pkk/platform/alerts/labels';
import { testContext } from '@pkk/platform/testing/context';
import { ensureOffice, storedWaitFinding } from '@pkk/platform/testing/findings';
import { webpushChannel } from './webpush.ts';

/**
 * The Web Push channel: what it makes of a group's news (each subscriber's notification in their
 * language, a tap opening the finding), and where it agrees to send (https, public addresses after
 * DNS resolution; a private relay only when allowed), against a real TLS push service on loopback.
 */
const KEL = '16.71.01.1001';
let ctx: Awaited<ReturnType<typeof testContext>>;
let service: Server;
let port = 0;
const received: string[] = [];
let camat = 0;
const client = createECDH('prime256v1');
client.generateKeys();
const keys = {
  p256dh: client.getPublicKey().toString('base64url'),
  auth: randomBytes(16).toString('base64url'),
};
const receiver: Receiver = { name: 'camat', recipients: ['camat'], webpush: true, webhook_configs: [] };

async function subscribe(endpoint: string, locale: 'id' | 'en' = 'id'): Promise<number> {
  const row = await ctx.db
    .insertInto('push_subscriptions')
    .values({ user_id: camat, endpoint, ...keys, locale, created_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
const message: PushNotification = {
  title: 't',
  body: 'b',
  url: '/findings/1',
  severity: 'warning',
  tag: 'g',
  lang: 'id',
  ttl: 60,
  urgency: 'normal',
};

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'pkk-push-')), 'ca.pem');
  writeFileSync(caFile, pems.cert);
  service = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(req.url ?? '');
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  port = (service.address() as AddressInfo).port;
  ctx = await testContext({ PUSH_CA_FILE: caFile });
  await ensureOffice(ctx, KEL);
  camat = (
    await ctx.db
      .insertInto('users')
      .values({
        username: 'camat-push',
        display_name: 'Camat',
        password_hash: 'x',
        role: 'camat',
        kecamatan_code: '16.71.01',
        kelurahan_code: null,
        nip: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await ctx?.dispose();
  service?.close();
});

describe('the Web Push channel', () => {
  it("words each subscriber's notification in their language, and a tap opens the finding", async () => {
    const a = await subscribe('https://push.example/a', 'id');
    const b = await subscribe('https://push.example/b', 'en');
    const finding = await storedWaitFinding(ctx, { kelurahan: KEL, ticket: 'P-1', minutes: 67 });
    const made = await ctx.db.transaction().execute((trx) =>
      webpushChannel.fanOut({
        db: trx,
        receiver,
        group: { id: 1, groupKey: `{}:{kelurahan="${KEL}"}`, groupLabels: { kelurahan: KEL } },
        alerts: [{ finding, labels: alertLabels(finding), status: 'firing' }],
        reason: 'first notification',
        externalURL: 'https://pkk.example',
        nameOf: kelurahanNames(ctx),
        zone: ctx.policy.workHours.zone,
      }),
    );
    expect(made.map((m) => m.target)).toEqual([`webpush:${a}`, `webpush:${b}`]);
    expect(made.map((m) => pushNotification.parse(m.payload))).toEqual([
      {
        title: 'Antrean melewati target',
        body: 'Warga menunggu 67 mnt (target 30) · Kel. Tiga-puluh-lima Ilir · tiket P-1',
        url: `/findings/${finding.id}`,
        severity: 'warning',
        tag: `{}:{kelurahan="${KEL}"}`,
        lang: 'id',
        ttl: 4 * 3600,
        urgency: 'normal',
      },
      expect.objectContaining({
        title: 'Wait past target',
        body: 'Citizen waiting 67 min (target 30) · Kel. Tiga-puluh-lima Ilir · ticket P-1',
        lang: 'en',
      }),
    ]);
    await ctx.db.updateTable('push_subscriptions').set({ expired_at: new Date() }).execute();
  });

  it('refuses http, literal inside addresses and names that resolve inside, and prunes them', async () => {
    for (const endpoint of [
      `http://127.0.0.1:${port}/push/plain`,
      `https://127.0.0.1:${port}/push/literal`,
      `https://[::ffff:127.0.0.1]:${port}/push/mapped`,
      `https://localhost:${port}/push/resolved`,
      'https://169.254.169.254/latest/meta-data',
    ]) {
      const id = await subscribe(endpoint);
      const outcome = await webpushChannel.send(ctx, ctx.db, `webpush:${id}`, message);
      expect(outcome, endpoint).toMatchObject({
        ok: false,
        gone: true,
        error: expect.stringMatching(/refused/),
      });
      const sub = await ctx.db
        .selectFrom('push_subscriptions')
        .select('expired_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(sub.expired_at, endpoint).not.toBeNull();
    }
    expect(received).toEqual([]);
  });

  it('reaches a private push relay only on a network the config allows', async () => {
    ctx.policy.alerting.webpush.allowed_networks = ['127.0.0.1/32', '::1/128'];
    try {
      const id = await subscribe(`https://localhost:${port}/push/relay`);
      expect(await webpushChannel.send(ctx, ctx.db, `webpush:${id}`, message)).toEqual({
        ok: true,
        status: 201,
      });
      expect(received).toEqual(['/push/relay']);
    } finally {
      ctx.policy.alerting.webpush.allowed_networks = [];
    }
  });
});
