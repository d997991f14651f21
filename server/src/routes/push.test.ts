import { randomBytes, createECDH } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, testApi } from '../testing/context.ts';

/**
 * Web Push subscriptions as the api takes them: endpoints the workers will call must be https and
 * not a literal address inside (names are checked again at each send); an endpoint never moves from
 * the account that registered it to another; and the device's language is kept for its wording.
 */
let t: Awaited<ReturnType<typeof testApi>>;
let camat: string;
let other: string;
const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const keys = {
  p256dh: ecdh.getPublicKey().toString('base64url'),
  auth: randomBytes(16).toString('base64url'),
};

const subscribe = (cookie: string, body: Record<string, unknown>) =>
  fetch(`${t.url}/api/v1/push/subscriptions`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ keys, ...body }),
  });
const refusal = async (res: Response) => {
  expect(res.status).toBe(400);
  return ((await res.json()) as { error: { details: { field: string; reason: string }[] } }).error.details[0];
};

beforeAll(async () => {
  t = await testApi();
  camat = await loginAs(t, { username: 'camat-push', role: 'camat', kecamatanCode: '16.71.01' });
  other = await loginAs(t, { username: 'lurah-push', role: 'lurah', kelurahanCode: '16.71.02.1002' });
});
afterAll(() => t?.dispose());

describe('push subscriptions', () => {
  it('refuses an endpoint that is not https, or a literal address inside the network', async () => {
    expect(await refusal(await subscribe(camat, { endpoint: 'http://push.example/x' }))).toMatchObject({
      field: 'endpoint',
      reason: 'expected an https URL of a push service',
    });
    for (const endpoint of [
      'https://127.0.0.1:8443/push',
      'https://[::1]/push',
      'https://[::ffff:127.0.0.1]/push',
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.5/push',
      'https://0x7f000001/push',
    ])
      expect(await refusal(await subscribe(camat, { endpoint })), endpoint).toMatchObject({
        field: 'endpoint',
        reason: expect.stringMatching(/not a public address/),
      });
  });

  it('takes a private relay the config allows', async () => {
    t.ctx.policy.alerting.webpush.allowed_networks = ['10.20.0.0/24'];
    try {
      expect((await subscribe(camat, { endpoint: 'https://10.20.0.9/push/relay' })).status).toBe(201);
    } finally {
      t.ctx.policy.alerting.webpush.allowed_networks = [];
    }
  });

  it('never moves an endpoint to another account, and keeps the device’s language', async () => {
    const endpoint = `https://fcm.googleapis.com/fcm/send/${randomBytes(8).toString('hex')}`;
    const first = await subscribe(camat, { endpoint });
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: number };
    const stolen = await subscribe(other, { endpoint, locale: 'en' });
    expect(stolen.status).toBe(409);
    expect(((await stolen.json()) as { error: { code: string } }).error.code).toBe('conflict');
    const row = () =>
      t.ctx.db
        .selectFrom('push_subscriptions')
        .innerJoin('users', 'users.id', 'push_subscriptions.user_id')
        .select(['users.username', 'push_subscriptions.locale', 'push_subscriptions.id'])
        .where('endpoint', '=', endpoint)
        .executeTakeFirstOrThrow();
    expect(await row()).toEqual({ username: 'camat-push', locale: 'id', id });
    // The owner switches the app to English: the same subscription, worded in English from now on.
    expect((await subscribe(camat, { endpoint, locale: 'en' })).status).toBe(201);
    expect(await row()).toEqual({ username: 'camat-push', locale: 'en', id });
  });
});
