import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '@pkk/core';
import { loginAs, registerDevice, testApi } from '../testing/context.ts';
import { call } from '../testing/world.ts';

/** The stored events of one office, as an operator pages through them (scope is in scope.test.ts). */
const KEL = '16.71.01.1001';
const NIP = '198001012005011001';

let t: Awaited<ReturnType<typeof testApi>>;
let operator: string;

const wib = (hhmmss: string) => `${localDateOf(t.ctx.clock.now())}T${hhmmss}+07:00`;
const events = (query: string) =>
  call(t.url, { cookie: operator }, 'GET', `/api/v1/kelurahan/${KEL}/events?${query}`);

async function ingest(kind: 'attendance' | 'queue' | 'presence', key: string, body: Record<string, unknown>) {
  const res = await fetch(`${t.url}/api/v1/ingest/${kind}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ kelurahan: KEL, ...body }),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  t = await testApi();
  const admin = await loginAs(t, { username: 'admin1', role: 'admin' });
  operator = await loginAs(t, { username: 'operator1', role: 'operator' });
  const key = async (kind: 'attendance' | 'queue' | 'presence') =>
    (await registerDevice(t, admin, { kelurahanCode: KEL, kind, name: `${kind}-1` })).key!;
  const [attendance, queue, presence] = await Promise.all([key('attendance'), key('queue'), key('presence')]);
  await ingest('attendance', attendance, {
    punches: ['07:21:00', '07:40:00', '08:02:00', '09:15:00'].map((at) => ({ nip: NIP, time: wib(at) })),
  });
  await ingest('queue', queue, {
    events: [
      { type: 'desk.opened', desk: 'loket-1', time: wib('07:35:00') },
      {
        type: 'ticket.issued',
        ticketId: 't1',
        ticketNumber: 'A001',
        service: 'domisili',
        time: wib('08:00:00'),
      },
    ],
  });
  await ingest('presence', presence, {
    observations: [{ desk: 'loket-1', present: true, confidence: 0.93, time: wib('09:00:00') }],
  });
});
afterAll(() => t?.dispose());

describe('GET /kelurahan/:code/events', () => {
  it('gives each kind its own columns', async () => {
    const att = await events('kind=attendance');
    expect(att.status).toBe(200);
    expect((att.body as { items: unknown[] }).items[0]).toMatchObject({
      person_ref: NIP,
      punched_at: expect.any(String),
      direction: expect.any(String),
    });
    const queue = (await events('kind=queue')).body as {
      items: { type: string; desk_code: string | null }[];
    };
    expect(queue.items.map((e) => e.type)).toEqual(['desk.opened', 'ticket.issued']);
    const presence = (await events('kind=presence')).body as {
      items: { desk_code: string; present: boolean }[];
    };
    expect(presence.items).toEqual([expect.objectContaining({ desk_code: 'loket-1', present: true })]);
  });

  it('pages by id with next, and stops when a page is short', async () => {
    const first = (await events('kind=attendance&limit=3')).body as {
      items: { id: number }[];
      next: number | null;
    };
    expect(first.items).toHaveLength(3);
    expect(first.next).toBe(first.items[2]!.id);
    const rest = (await events(`kind=attendance&limit=3&after=${first.next}`)).body as {
      items: { id: number }[];
      next: number | null;
    };
    expect(rest.items).toHaveLength(1);
    expect(rest.next).toBeNull();
    expect(rest.items[0]!.id).toBeGreaterThan(first.next!);
  });

  it('keeps to the time window asked for', async () => {
    const q = `kind=attendance&from=${encodeURIComponent(wib('07:30:00'))}&to=${encodeURIComponent(wib('08:30:00'))}`;
    const body = (await events(q)).body as { items: { punched_at: string }[] };
    expect(body.items.map((e) => new Date(e.punched_at).toISOString())).toEqual([
      new Date(wib('07:40:00')).toISOString(),
      new Date(wib('08:02:00')).toISOString(),
    ]);
  });

  it('names the bad query field', async () => {
    for (const [query, field] of [
      ['kind=selfies', 'kind'],
      ['kind=queue&limit=0', 'limit'],
      ['kind=queue&from=yesterday', 'from'],
      ['kind=queue&after=-1', 'after'],
    ] as const) {
      const res = await events(query);
      expect(res, query).toMatchObject({
        status: 400,
        body: { error: { code: 'bad_request', details: [{ field }] } },
      });
    }
  });
});
