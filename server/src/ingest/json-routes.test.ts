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
  const reg = async (kind: 'attendance' | 'queue' | 'presence') =>
    (await registerDevice(t, admin, { kelurahanCode: KEL, kind, name: `${kind}-1` })).key!;
  keys = { attendance: await reg('attendance'), queue: await reg('queue'), presence: await reg('presence') };
  await fetch(`${t.url}/api/v1/officers`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie: admin },
    body: JSON.stringify({
      officers: [
        {
          nip: NIP,
          name: 'Siti Aminah',
          kelurahanCode: KEL,
          position: 'Pelaksana',
          desk: 'loket-1',
          pin: '7',
        },
      ],
    }),
  });
});
afterAll(() => t.dispose());

describe('attendance ingest', () => {
  it('stores a batch once, however often it is retried', async () => {
    const body = {
      kelurahan: KEL,
      punches: [
        { nip: NIP, time: wib('07:21:00') },
        { nip: NIP, time: wib('09:05:00') },
      ],
    };
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
      Number(
        (
          await t.ctx.db
            .selectFrom('attendance_punches')
            .select((e) => e.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const a = { nip: NIP, time: wib('10:00:00') };
    const b = { nip: NIP, time: wib('10:30:00') };
    const c = { nip: NIP, time: wib('11:00:00') };
    expect((await post('attendance', keys.attendance, { kelurahan: KEL, punches: [a] })).body).toMatchObject({
      accepted: 1,
      duplicates: 0,
    });
    // Overlaps the first delivery (a) and names b twice: the plain insert fails, the safe one stores b once.
    const overlap = await post('attendance', keys.attendance, { kelurahan: KEL, punches: [a, b, b] });
    expect(overlap.body).toMatchObject({ accepted: 1, duplicates: 2 });
    // The next delivery of that device, new data, is stored whole.
    expect((await post('attendance', keys.attendance, { kelurahan: KEL, punches: [c] })).body).toMatchObject({
      accepted: 1,
      duplicates: 0,
    });
    expect(await count()).toBe(before + 3);
  });

  it('keeps the good items of a batch with bad ones and names each bad field', async () => {
    const res = await post('attendance', keys.attendance, {
      kelurahan: KEL,
      punches: [
        { nip: NIP, time: wib('07:40:00') },
        { nip: '123', time: wib('07:41:00') },
        { nip: NIP, time: '2026-13-45 99:99' },
        'junk',
      ],
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
    expect(res.body.flagged).toEqual([
      { index: 1, flag: 'unknown_person', detail: expect.stringContaining('PIN 404') },
    ]);
    expect((res.body.rejected as { index: number; field: string }[]).map((r) => [r.index, r.field])).toEqual([
      [2, 'nip'],
      [3, 'nip'],
      [4, 'pin'],
    ]);
    const rows = await t.ctx.db
      .selectFrom('attendance_punches')
      .select(['person_ref', 'nip'])
      .where('person_ref', 'in', ['7', '404'])
      .orderBy('person_ref')
      .execute();
    expect(rows).toEqual([
      { person_ref: '404', nip: null },
      { person_ref: '7', nip: NIP },
    ]);
  });

  it('answers 422 when every item is bad, and stores none', async () => {
    const before = await t.ctx.db
      .selectFrom('attendance_punches')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await post('attendance', keys.attendance, { kelurahan: KEL, punches: [{ nip: 'x' }] });
    expect(res.status).toBe(422);
    const after = await t.ctx.db
      .selectFrom('attendance_punches')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('flags a device clock far ahead, refuses the impossible future, flags unknown people', async () => {
    const ahead = new Date(t.ctx.clock.now() + 3600_000).toISOString();
    const far = new Date(t.ctx.clock.now() + 3 * 86400_000).toISOString();
    const res = await post('attendance', keys.attendance, {
      kelurahan: KEL,
      punches: [
        { nip: NIP, time: ahead },
        { nip: NIP, time: far },
        { nip: '199001012015011002', time: wib('08:00:00') },
      ],
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
    const many = Array.from({ length: 1001 }, (_, i) => ({
      nip: NIP,
      time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    }));
    const big = await post('attendance', keys.attendance, { kelurahan: KEL, punches: many });
    expect(big.status).toBe(413);
    expect((big.body.error as { code: string }).code).toBe('payload_too_large');
    const huge = await post(
      'attendance',
      keys.attendance,
      null,
      JSON.stringify({ kelurahan: KEL, punches: [], pad: 'x'.repeat(3_000_000) }),
    );
    expect(huge.status).toBe(413);
  });
});

describe('attendance integrity', () => {
  const count = async (where: { at: string }) =>
    await t.ctx.db
      .selectFrom('attendance_punches')
      .select(['person_ref', 'nip', 'direction'])
      .where('punched_at', '=', new Date(where.at))
      .execute();
  const lastRaw = () =>
    t.ctx.db.selectFrom('raw_payloads').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

  it('stores one punch sent once by NIP and once by PIN once: the key names the officer, not the spelling', async () => {
    const time = wib('08:12:00');
    expect(
      (await post('attendance', keys.attendance, { kelurahan: KEL, punches: [{ nip: NIP, time }] })).body,
    ).toMatchObject({ accepted: 1 });
    const again = await post('attendance', keys.attendance, {
      kelurahan: KEL,
      punches: [{ pin: '7', time }],
    });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, flagged: [] });
    // And within one batch.
    const both = await post('attendance', keys.attendance, {
      kelurahan: KEL,
      punches: [
        { pin: '7', time: wib('08:13:00') },
        { nip: NIP, time: wib('08:13:00') },
      ],
    });
    expect(both.body).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await count({ at: time })).toEqual([{ person_ref: NIP, nip: NIP, direction: 'unknown' }]);
    expect(await count({ at: wib('08:13:00') })).toHaveLength(1);
  });

  it('flags a retry with other content as a conflict in the reply and the raw record, and keeps the stored version', async () => {
    const time = wib('08:30:00');
    expect(
      (
        await post('attendance', keys.attendance, {
          kelurahan: KEL,
          punches: [{ nip: NIP, time, direction: 'in' }],
        })
      ).body,
    ).toMatchObject({ accepted: 1 });
    const changed = await post('attendance', keys.attendance, {
      kelurahan: KEL,
      punches: [
        { nip: NIP, time: wib('08:31:00') },
        { pin: '7', time, direction: 'out' },
      ],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(changed.body.flagged).toEqual([
      {
        index: 1,
        flag: 'conflict',
        detail: expect.stringMatching(/direction="in".*direction="out".*stands/),
      },
    ]);
    expect(await count({ at: time })).toEqual([{ person_ref: NIP, nip: NIP, direction: 'in' }]);
    const raw = await lastRaw();
    expect(raw.flags).toEqual(changed.body.flagged);
    expect(JSON.parse(raw.body.toString()).punches[1]).toMatchObject({ direction: 'out' });
  });

  it('flags a conflict within one batch, keeping the first item', async () => {
    const time = wib('08:40:00');
    const res = await post('attendance', keys.attendance, {
      kelurahan: KEL,
      punches: [
        { nip: NIP, time, direction: 'in' },
        { nip: NIP, time, direction: 'out' },
      ],
    });
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 0, flagged: [{ index: 1, flag: 'conflict' }] });
    expect((await count({ at: time })).map((r) => r.direction)).toEqual(['in']);
    expect(((await lastRaw()).flags as { flag: string }[]).map((f) => f.flag)).toEqual(['conflict']);
  });

  it('stores a backdated punch and flags it in the reply and the raw record', async () => {
    const window = t.ctx.policy.thresholds.ingest.backdateWindowHours;
    const old = new Date(t.ctx.clock.now() - (window + 1) * 3_600_000).toISOString();
    const res = await post('attendance', keys.attendance, {
      kelurahan: KEL,
      punches: [
        { nip: NIP, time: old },
        { nip: NIP, time: wib('09:59:00') },
      ],
    });
    expect(res.body).toMatchObject({
      accepted: 2,
      flagged: [{ index: 0, flag: 'backdated', detail: expect.stringContaining(`${window + 1} h old`) }],
    });
    expect((res.body.flagged as unknown[]).length).toBe(1);
    expect(await count({ at: old })).toHaveLength(1);
    expect((await lastRaw()).flags).toEqual(res.body.flagged);
  });

  it('records the source address, and refuses a key from outside its networks as an unknown key', async () => {
    const admin = await loginAs(t, { username: 'admin-net', role: 'admin' });
    const dev = await registerDevice(t, admin, {
      kelurahanCode: KEL,
      kind: 'attendance',
      name: 'gateway-net',
    });
    const send = (from: string) =>
      fetch(`${t.url}/api/v1/ingest/attendance`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${dev.key}`,
          'x-forwarded-for': from,
        },
        body: JSON.stringify({ kelurahan: KEL, punches: [{ nip: NIP, time: wib('09:30:00') }] }),
      });
    expect((await send('198.51.100.20')).status).toBe(200);
    expect((await lastRaw()).source_address).toBe('198.51.100.20');
    const set = await fetch(`${t.url}/api/v1/devices/${dev.id}/networks`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ allowedNetworks: ['10.0.0.0/8'] }),
    });
    expect(set.status).toBe(200);
    const outside = await send('198.51.100.20');
    const unknown = await post('attendance', 'dk_unknown', { kelurahan: KEL, punches: [] });
    expect(outside.status).toBe(401);
    expect(await outside.json()).toEqual(unknown.body);
    expect((await send('10.1.2.3')).status).toBe(200);
  });
});

describe('queue ingest', () => {
  it('accepts the ticket lifecycle and checks desks and services against the office', async () => {
    const res = await post('queue', keys.queue, {
      kelurahan: KEL,
      events: [
        { type: 'desk.opened', desk: 'loket-1', time: wib('07:35:00') },
        {
          type: 'ticket.issued',
          ticketId: 't1',
          ticketNumber: 'A001',
          service: 'domisili',
          time: wib('08:00:00'),
        },
        { type: 'ticket.called', ticketId: 't1', desk: 'loket-1', time: wib('08:05:00') },
        { type: 'ticket.served', ticketId: 't1', desk: 'loket-1', time: wib('08:12:00') },
        {
          type: 'ticket.issued',
          ticketId: 't2',
          ticketNumber: 'A002',
          service: 'no-such-service',
          time: wib('08:01:00'),
        },
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

describe('queue and presence retries', () => {
  it('count an unchanged retry as duplicates and a changed one as a conflict, the stored version standing', async () => {
    const queue = {
      kelurahan: KEL,
      events: [
        {
          type: 'ticket.issued',
          ticketId: 'r1',
          ticketNumber: 'A101',
          service: 'domisili',
          time: wib('08:00:00'),
        },
        { type: 'ticket.called', ticketId: 'r1', desk: 'loket-1', staffNip: NIP, time: wib('08:03:00') },
      ],
    };
    expect((await post('queue', keys.queue, queue)).body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await post('queue', keys.queue, queue)).body).toEqual({
      accepted: 0,
      duplicates: 2,
      rejected: [],
      flagged: [],
    });
    const moved = structuredClone(queue);
    moved.events[1]!.desk = 'loket-2';
    const res = await post('queue', keys.queue, moved);
    expect(res.body).toMatchObject({ accepted: 0, duplicates: 1, flagged: [{ index: 1, flag: 'conflict' }] });
    const [held] = await t.ctx.db
      .selectFrom('queue_events')
      .select('desk_code')
      .where('ticket_id', '=', 'r1')
      .where('type', '=', 'ticket.called')
      .execute();
    expect(held!.desk_code).toBe('loket-1');

    const presence = {
      kelurahan: KEL,
      observations: [{ desk: 'loket-1', present: true, confidence: 0.93, time: wib('08:05:00') }],
    };
    expect((await post('presence', keys.presence, presence)).body).toMatchObject({ accepted: 1 });
    expect((await post('presence', keys.presence, presence)).body).toEqual({
      accepted: 0,
      duplicates: 1,
      rejected: [],
      flagged: [],
    });
    presence.observations[0]!.present = false;
    expect((await post('presence', keys.presence, presence)).body).toMatchObject({
      duplicates: 0,
      flagged: [{ index: 0, flag: 'conflict' }],
    });
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
    expect(res.body.rejected).toEqual([
      { index: 1, field: 'confidence', reason: expect.stringContaining('1') },
    ]);
  });
});
