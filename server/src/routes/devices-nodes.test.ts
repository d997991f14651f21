import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '@pkk/core';
import { loginAs, registerDevice, testApi } from '../testing/context.ts';

const KEL = '16.71.01.1001';
let a: Awaited<ReturnType<typeof testApi>>;
let b: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  a = await testApi();
  // A second api node over the same database and Redis.
  b = await testApi({ REDIS_PREFIX: a.ctx.env.REDIS_PREFIX }, { schema: a.schema });
});
afterAll(async () => {
  await b.dispose(); // shares a's schema: closes its connections, drops nothing
  await a.dispose();
});

describe('device revocation across api nodes', () => {
  it('refuses a revoked key on the other node at once, not after its cache expires', async () => {
    const admin = await loginAs(a, { username: 'admin-nodes', role: 'admin' });
    const { id, key } = await registerDevice(a, admin, {
      kelurahanCode: KEL,
      kind: 'queue',
      name: 'kiosk-nodes',
    });
    const send = (url: string, n: number) =>
      fetch(`${url}/api/v1/ingest/queue`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key!}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          kelurahan: KEL,
          events: [
            {
              type: 'desk.opened',
              desk: 'loket-1',
              time: `${localDateOf(a.ctx.clock.now())}T08:0${n}:00+07:00`,
            },
          ],
        }),
      });
    expect((await send(b.url, 1)).status).toBe(200); // node b now has the key cached
    expect(
      (await fetch(`${a.url}/api/v1/devices/${id}/revoke`, { method: 'POST', headers: { cookie: admin } }))
        .status,
    ).toBe(200);
    await expect.poll(async () => (await send(b.url, 2)).status, { timeout: 2_000, interval: 50 }).toBe(401);
  });
});
