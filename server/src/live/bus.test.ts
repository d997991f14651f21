import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Redis } from 'ioredis';
import { busChannelName, type BusChannel } from '@pkk/core';
import { loginAs, registerDevice, testApi } from '../testing/context.ts';

/**
 * What arrives on Redis is parsed against core's message catalog before the api applies it: a
 * malformed message (from a broken peer, another version, a hand-typed PUBLISH) is dropped, it
 * neither ends the process nor reaches live state, and the next good one is applied as usual.
 */
const KEL = '16.71.01.1001';
const NIP = '198703122010012003';

let t: Awaited<ReturnType<typeof testApi>>;
let cookie: string;
let attendanceKey: string;
let pub: Redis;

beforeAll(async () => {
  t = await testApi();
  cookie = await loginAs(t, { username: 'op', role: 'operator' });
  attendanceKey = (await registerDevice(t, cookie, { kelurahanCode: KEL, kind: 'attendance', name: 'gate' }))
    .key!;
  const res = await fetch(`${t.url}/api/v1/officers`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({
      officers: [{ nip: NIP, name: 'Rina Marlina', kelurahanCode: KEL, position: 'Pelaksana', pin: '3' }],
    }),
  });
  expect(res.status).toBe(200);
  pub = t.ctx.redis.create('worker', 'test-bus-pub');
});
afterAll(async () => {
  await pub?.quit();
  await t?.dispose();
});

const publish = (channel: BusChannel, raw: string) =>
  pub.publish(busChannelName(t.ctx.env.REDIS_PREFIX, channel), raw);

describe('messages on the bus', () => {
  it('are dropped when they do not parse, and the api carries on', async () => {
    const before = t.api.hub.detail(KEL)!.summary;
    expect(before.staffPresent).toBe(0);
    const at = t.ctx.clock.now() - 60_000;
    const garbage: [BusChannel, string][] = [
      ['live:events', 'not json'],
      ['live:events', JSON.stringify({ k: KEL, e: 'x', c: 1 })],
      // A punch of a real officer with a time that is no time: it must not make her present.
      ['live:events', JSON.stringify({ k: KEL, e: [{ kind: 'punch', nip: NIP, at: 'soon' }], c: 1 })],
      ['live:events', JSON.stringify({ k: KEL, e: [{ kind: 'punch', nip: NIP }], c: 1, s: 1 })],
      ['live:events', 'null'],
      ['live:registry', JSON.stringify({ kelurahan: KEL, what: 'everything' })],
      ['live:registry', '[]'],
      ['findings', JSON.stringify({ changes: [{ action: 'opened' }] })],
      ['findings', 'null'],
      ['cameras:health', JSON.stringify([{ cameraId: 'c', kelurahanCode: KEL }])],
      ['auth:revoked', 'null'],
      ['auth:revoked', '[1]'],
    ];
    for (const [channel, raw] of garbage) await publish(channel, raw);

    // A good delivery after them is applied as ever, and nothing of the garbage got in.
    const res = await fetch(`${t.url}/api/v1/ingest/attendance`, {
      method: 'POST',
      headers: { authorization: `Bearer ${attendanceKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kelurahan: KEL, punches: [{ nip: NIP, time: new Date(at).toISOString() }] }),
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(t.api.hub.seqOf(KEL)).toBe(1), { timeout: 10_000, interval: 20 });
    const roster = t.api.hub.detail(KEL)!.roster;
    expect(roster).toEqual([expect.objectContaining({ nip: NIP, present: true, arrivedAt: at })]);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
