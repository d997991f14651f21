import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest } from '@pkk/platform/auth/secrets';
import { loginAs, testApi } from '../testing/context.ts';
import { call, type Reply, type TestApi } from '../testing/world.ts';

const KA = '16.71.01.1001';
const KB = '16.71.02.1002';

let t: TestApi;
let operator: string;

const create = (body: Record<string, unknown>) =>
  call(t.url, { cookie: operator }, 'POST', '/api/v1/devices', { kelurahanCode: KA, kind: 'queue', ...body });
const post = (path: string) => call(t.url, { cookie: operator }, 'POST', `/api/v1/devices${path}`);
const fields = (r: Reply) =>
  (r.body as { error: { details?: { field: string }[] } }).error.details?.map((d) => d.field);

/** One ticket from a queue kiosk, as the device would send it. */
let n = 0;
const ingest = (key: string, kelurahan = KA) =>
  call(t.url, { authorization: `Bearer ${key}` }, 'POST', '/api/v1/ingest/queue', {
    kelurahan,
    events: [
      {
        type: 'ticket.issued',
        ticketId: `dev-${++n}`,
        ticketNumber: `B${n}`,
        service: 'domisili',
        time: new Date(t.ctx.clock.now()).toISOString(),
      },
    ],
  });

beforeAll(async () => {
  t = await testApi();
  operator = await loginAs(t, { username: 'operator1', role: 'operator' });
});
afterAll(() => t?.dispose());

describe('device registration', () => {
  it('gives a JSON device its own key once, and stores only its SHA-256 digest', async () => {
    const res = await create({ name: 'kiosk-1' });
    expect(res).toMatchObject({
      status: 201,
      body: {
        device: { kelurahanCode: KA, kind: 'queue', protocol: 'json', revokedAt: null },
        key: expect.stringMatching(/^dk_[A-Za-z0-9_-]{43}$/),
      },
    });
    const { device, key } = res.body as { device: { id: number }; key: string };
    const row = await t.ctx.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', device.id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash!.equals(digest(key))).toBe(true);
    // No column holds the key itself, in any encoding.
    const dump = JSON.stringify(row, (_k, v: unknown) =>
      v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer'
        ? Buffer.from((v as { data: number[] }).data).toString('latin1')
        : v,
    );
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(key.slice(3));
    // Never shown again.
    const list = await call(t.url, { cookie: operator }, 'GET', `/api/v1/devices?kelurahan=${KA}`);
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(list.body).toMatchObject({ items: [{ id: device.id, name: 'kiosk-1' }] });
    expect((await ingest(key)).status).toBe(200);
  });

  it('gives each device its own key, good for its own office only', async () => {
    const a = (await create({ name: 'kiosk-own-1' })).body as { key: string };
    const b = (await create({ name: 'kiosk-own-2' })).body as { key: string };
    expect(a.key).not.toBe(b.key);
    expect((await ingest(a.key, KB)).status).toBe(403);
  });

  it('refuses a second device of one name in one office, or a second serial anywhere, with 409', async () => {
    expect((await create({ name: 'kiosk-dup' })).status).toBe(201);
    expect((await create({ name: 'kiosk-dup' })).body).toMatchObject({ error: { code: 'conflict' } });
    expect((await create({ name: 'kiosk-dup' })).status).toBe(409);
    // The same name in another office is another device.
    expect((await create({ name: 'kiosk-dup', kelurahanCode: KB })).status).toBe(201);
    const adms = { kind: 'attendance', protocol: 'adms', serial: 'CQZ7231260011' };
    expect((await create({ name: 'mesin-absen', ...adms })).status).toBe(201);
    expect((await create({ name: 'mesin-absen-2', ...adms, kelurahanCode: KB })).status).toBe(409);
  });

  it('knows an ADMS terminal by its serial: no key, and the serial is required', async () => {
    const made = await create({
      name: 'mesin-absen-b',
      kind: 'attendance',
      protocol: 'adms',
      serial: 'CQZ7231260012',
    });
    expect(made).toMatchObject({
      status: 201,
      body: { device: { protocol: 'adms', serial: 'CQZ7231260012' }, key: null },
    });
    const noSerial = await create({ name: 'mesin-absen-c', kind: 'attendance', protocol: 'adms' });
    expect(noSerial.status).toBe(400);
    expect(fields(noSerial)).toEqual(['serial']);
    const queueAdms = await create({
      name: 'mesin-absen-d',
      kind: 'queue',
      protocol: 'adms',
      serial: 'CQZ7231260013',
    });
    expect(fields(queueAdms)).toEqual(['kind']);
    // An ADMS terminal has no key to rotate.
    expect((await post(`/${(made.body as { device: { id: number } }).device.id}/key`)).status).toBe(404);
  });

  it('names the bad field of a registration', async () => {
    expect(fields(await create({ name: 'x', kind: 'camera' }))).toEqual(['kind']);
    expect(fields(await create({ name: '' }))).toEqual(['name']);
    expect(fields(await create({ name: 'x', kelurahanCode: 'Plaju' }))).toEqual(['kelurahanCode']);
    const unknown = await create({ name: 'x', kelurahanCode: '16.71.99.9999' });
    expect(unknown).toMatchObject({
      status: 422,
      body: { error: { details: [{ field: 'kelurahanCode' }] } },
    });
  });
});

describe('key rotation and revocation', () => {
  it('rotating the key refuses the old one at once', async () => {
    const { device, key: old } = (await create({ name: 'kiosk-rotate' })).body as {
      device: { id: number };
      key: string;
    };
    // The directory has the old key cached now.
    expect((await ingest(old)).status).toBe(200);
    const rotated = await post(`/${device.id}/key`);
    expect(rotated.status).toBe(200);
    const { key } = rotated.body as { key: string };
    expect(key).not.toBe(old);
    expect(await ingest(old)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await ingest(key)).status).toBe(200);
  });

  it('revoking refuses the key at once on this node', async () => {
    const { device, key } = (await create({ name: 'kiosk-revoke' })).body as {
      device: { id: number };
      key: string;
    };
    expect((await ingest(key)).status).toBe(200);
    const revoked = await post(`/${device.id}/revoke`);
    expect(revoked).toMatchObject({
      status: 200,
      body: { device: { id: device.id, revokedAt: expect.any(String) } },
    });
    expect(await ingest(key)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    // Re-provisioning a revoked device gives it a new key, and lifts the revocation: an admin's call.
    expect((await post(`/${device.id}/key`)).status).toBe(403);
    const admin = await loginAs(t, { username: 'admin-rekey', role: 'admin' });
    const rekeyed = await call(t.url, { cookie: admin }, 'POST', `/api/v1/devices/${device.id}/key`);
    const { key: fresh } = rekeyed.body as { key: string };
    expect((await ingest(key)).status).toBe(401);
    expect((await ingest(fresh)).status).toBe(200);
  });

  it('answers 404 for an unknown device and 400 for a malformed id', async () => {
    expect((await post('/999999/revoke')).status).toBe(404);
    expect((await post('/999999/key')).status).toBe(404);
    expect((await post('/abc/revoke')).status).toBe(400);
  });
});
