import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '@pkk/core';
import { loginAs, registerDevice, testApi } from '../testing/context.ts';

const KEL = '16.71.01.1001';
const OTHER = '16.71.02.1001';
const NIP = '198001012005011001';

let t: Awaited<ReturnType<typeof testApi>>;
let keys: { attendance: string; queue: string; presence: string };

async function post(path: string, key: string | null, body: unknown, raw?: string) {
  const res = await fetch(`${t.url}/api/v1/ingest/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const wib = (hhmmss: string, date = localDateOf(t.ctx.clock.now())) => `${date}T${hhmmss}+07:00`;

beforeAll(async () => {
  t = await testApi();
  const admin = await loginAs(t, { username: 'admin1', role: 'admin' });
  const reg = async (kind: 'attendance' | 'queue' | 'presence') => (await registerDevice(t, admin, { kelurahanCode: KEL, kind, name: `${kind}-1` })).key!;
  keys = { attendance: await reg('attendance'), queue: await reg('queue'), presence: await reg('presence') };
  await fetch(`${t.url}/api/v1/officers`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie: admin },
    body: JSON.stringify({ officers: [{ nip: NIP, name: 'Siti Aminah', kelurahanCode: KEL, position: 'Pelaksana', desk: 'loket-1', pin: '7' }] }),
  });
});
afterAll(() => t.dispose());

describe('attendance ingest', () => {
  it('stores a batch once, however often it is retried', async () => {
    const body = { kelurahan: KEL, punches: [{ nip: NIP, time: wib('07:21:00') }, { nip: NIP, time: wib('09:05:00') }] };
    const first = await post('attendance', keys.attendance, body);
    expect(first).toEqual({ status: 200, body: { accepted: 2, duplicates: 0, rejected: [], flagged: [] } });
    const again = await post('attendance', keys.attendance, body);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
    const rows = await t.ctx.db.selectFrom('attendance_punches').selectAll().execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.nip).toBe(NIP);
    const raws = await t.ctx.db.selectFrom('raw_payloads').select(['body', 'channel']).execute();
    expect(raws).toHaveLength(2);
    expect(JSON.parse(raws[0]!.body.toString())).toEqual(body);
  });

  it('stores each item once when a batch overlaps an earlier one and repeats itself, and after', async () => {
    const count = async () =>
      Number((await t.ctx.db.selectFrom('attendance_punches').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const a = { nip: NIP, time: wib('10:00:00') };
    const b = { nip: NIP, time: wib('10:30:00') };
    const c = { nip: NIP, time: wib('11:00:00') };
    expect((await post('attendance', keys.attendance, { kelurahan: KEL, punches: [a] })).body).toMatchObject({ accepted: 1, duplicates: 0 });
    // Overlaps the first delivery (a) and names b twice: the plain insert fails, the safe one stores b once.
    const overlap = await post('attendance', keys.attendance, { kelurahan: KEL, punches: [a, b, b] });
    expect(overlap.body).toMatchObject({ accepted: 1, duplicates: 2 });
    // The next delivery of that device, new data, is stored whole.
    expect((await post('attendance', keys.attendance, { kelurahan: KEL, punches: [c] })).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await count()).toBe(before + 3);
  });

  it('keeps the good items of a batch with bad ones and names each bad field', async () => {
    const res = await post('attendance', keys.attendance, {
      kelurahan: KEL,
      punches: [{ nip: NIP, time: wib('07:40:00') }, { nip: '123', time: wib('07:41:00') }, { nip: NIP, time: '2026-13-45 99:99' }, 'junk'],
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    const rejected = res.body.rejected as { index: number; field: string; reason: string }[];
    expect(rejected.map((r) => [r.index, r.field])).toEqual([
      [1, 'nip'],
      [2, 'time'],
      [3, '(item)'],
    ]);
  });

  it('takes the terminal PIN instead of the NIP and matches it to the officer enrolled under it', async () => {
    const res = await post('attendance', keys.attendance, {
      kelurahan: KEL,
      punches: [
        { pin: '7', time: wib('06:58:00') },
        { pin: '404', time: wib('06:59:00') },
        { pin: '7', nip: NIP, time: wib('06:57:00') },
        { time: wib('06:56:00') },
        { pin: '7 7', time: wib('06:55:00') },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.flagged).toEqual([{ index: 1, flag: 'unknown_person', detail: expect.stringContaining('PIN 404') }]);
    expect((res.body.rejected as { index: number; field: string }[]).map((r) => [r.index, r.field])).toEqual([
      [2, 'nip'],
      [3, 'nip'],
      [4, 'pin'],
    ]);
    const rows = await t.ctx.db.selectFrom('attendance_punches').select(['person_ref', 'nip']).where('person_ref', 'in', ['7', '404']).orderBy('person_ref').execute();
    expect(rows).toEqual([
      { person_ref: '404', nip: null },
      { person_ref: '7', nip: NIP },
    ]);
  });

  it('answers 422 when every item is bad, and stores none', async () => {
    const before = await t.ctx.db.selectFrom('attendance_punches').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await post('attendance', keys.attendance, { kelurahan: KEL, punches: [{ nip: 'x' }] });
    expect(res.status).toBe(422);
    const after = await t.ctx.db.selectFrom('attendance_punches').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('flags a device clock far ahead, refuses the impossible future, flags unknown people', async () => {
    const ahead = new Date(t.ctx.clock.now() + 3600_000).toISOString();
    const far = new Date(t.ctx.clock.now() + 3 * 86400_000).toISOString();
    const res = await post('attendance', keys.attendance, {
      kelurahan: KEL,
      punches: [{ nip: NIP, time: ahead }, { nip: NIP, time: far }, { nip: '199001012015011002', time: wib('08:00:00') }],
    });
    expect(res.body.accepted).toBe(2);
    expect((res.body.flagged as { index: number; flag: string }[]).map((f) => [f.index, f.flag])).toEqual([
      [0, 'clock_skew'],
      [2, 'unknown_person'],
    ]);
    expect((res.body.rejected as { index: number }[]).map((r) => r.index)).toEqual([1]);
  });

  it('rejects bad envelopes, bad keys, other kelurahan and over-size batches', async () => {
    expect((await post('attendance', keys.attendance, null, '{"kelurahan": ')).status).toBe(400);
    expect((await post('attendance', keys.attendance, { punches: [] })).status).toBe(400);
    expect((await post('attendance', null, { kelurahan: KEL, punches: [] })).status).toBe(401);
    expect((await post('attendance', 'dk_wrong', { kelurahan: KEL, punches: [] })).status).toBe(401);
    expect((await post('attendance', keys.attendance, { kelurahan: OTHER, punches: [] })).status).toBe(403);
    expect((await post('attendance', keys.queue, { kelurahan: KEL, punches: [] })).status).toBe(403);
    const many = Array.from({ length: 1001 }, (_, i) => ({ nip: NIP, time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));
    const big = await post('attendance', keys.attendance, { kelurahan: KEL, punches: many });
    expect(big.status).toBe(413);
    expect((big.body.error as { code: string }).code).toBe('payload_too_large');
    const huge = await post('attendance', keys.attendance, null, JSON.stringify({ kelurahan: KEL, punches: [], pad: 'x'.repeat(3_000_000) }));
    expect(huge.status).toBe(413);
  });
});

describe('queue ingest', () => {
  it('accepts the ticket lifecycle and checks desks and services against the office', async () => {
    const res = await post('queue', keys.queue, {
      kelurahan: KEL,
      events: [
        { type: 'desk.opened', desk: 'loket-1', time: wib('07:35:00') },
        { type: 'ticket.issued', ticketId: 't1', ticketNumber: 'A001', service: 'domisili', time: wib('08:00:00') },
        { type: 'ticket.called', ticketId: 't1', desk: 'loket-1', time: wib('08:05:00') },
        { type: 'ticket.served', ticketId: 't1', desk: 'loket-1', time: wib('08:12:00') },
        { type: 'ticket.issued', ticketId: 't2', ticketNumber: 'A002', service: 'no-such-service', time: wib('08:01:00') },
        { type: 'ticket.called', ticketId: 't2', desk: 'loket-99', time: wib('08:02:00') },
        { type: 'ticket.teleported', ticketId: 't3', time: wib('08:02:00') },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(4);
    expect((res.body.rejected as { index: number; field: string }[]).map((r) => [r.index, r.field])).toEqual([
      [4, 'service'],
      [5, 'desk'],
      [6, 'type'],
    ]);
  });
});

describe('presence ingest', () => {
  it('stores observations and rejects confidence out of range', async () => {
    const res = await post('presence', keys.presence, {
      kelurahan: KEL,
      observations: [
        { desk: 'loket-1', present: true, confidence: 0.93, time: wib('09:00:00') },
        { desk: 'loket-1', present: false, confidence: 1.5, time: wib('09:01:00') },
      ],
    });
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([{ index: 1, field: 'confidence', reason: expect.stringContaining('1') }]);
  });
});
