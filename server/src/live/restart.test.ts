import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { epochAt } from '@pkk/core';
import { loginAs, registerDevice, testApi } from '../testing/context.ts';

/**
 * Live state agrees with the database after a restart, whatever the restarted clock says. A demo
 * restarted on the same day used to start its clock at 06:45 again: the api rebuilt only the events
 * before 06:45, the simulator's re-sent punches were duplicates (rightly not announced), and the
 * wall showed nobody present all day though the database held every arrival.
 */
const DATE = '2026-11-23';
const K1 = '16.71.01.1001';
const K2 = '16.71.02.1002';
const OFFICERS = [
  { nip: '198001012005011001', kelurahanCode: K1, name: 'Ani', pin: '1' },
  { nip: '198001012005011002', kelurahanCode: K1, name: 'Budi', pin: '2' },
  { nip: '198001012005011003', kelurahanCode: K1, name: 'Citra', pin: '3' },
  { nip: '198001012005011004', kelurahanCode: K2, name: 'Dedi', pin: '1' },
  { nip: '198001012005011005', kelurahanCode: K2, name: 'Eka', pin: '2' },
].map((o) => ({ ...o, position: 'Pelaksana' }));
/** Arrivals (and one departure) of the day, in WIB. */
const PUNCHES: Record<string, [nip: string, time: string][]> = {
  [K1]: [
    [OFFICERS[0]!.nip, '07:21'],
    [OFFICERS[1]!.nip, '07:25'],
  ],
  [K2]: [
    [OFFICERS[3]!.nip, '07:10'],
    [OFFICERS[3]!.nip, '15:45'],
    [OFFICERS[4]!.nip, '07:40'],
  ],
};

type Api = Awaited<ReturnType<typeof testApi>>;
let first: Api;
let restarted: Api | null = null;
const keys: Record<string, { attendance: string; queue: string }> = {};

const at = (time: string) => new Date(epochAt(DATE, time)).toISOString();
const clockAt = (time: string) => ({
  CLOCK_SPEED: '1',
  CLOCK_REAL_ANCHOR: String(Date.now()),
  CLOCK_VIRTUAL_ANCHOR: String(epochAt(DATE, time)),
});

async function post(api: Api, path: string, key: string, body: unknown) {
  const res = await fetch(`${api.url}/api/v1/ingest/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { accepted: number; duplicates: number };
}

/** Delivers the day as the devices did: every punch, and two tickets per office. */
async function deliverDay(api: Api) {
  for (const [k, punches] of Object.entries(PUNCHES)) {
    await post(api, 'attendance', keys[k]!.attendance, {
      kelurahan: k,
      punches: punches.map(([nip, time]) => ({ nip, time: at(time) })),
    });
    await post(api, 'queue', keys[k]!.queue, {
      kelurahan: k,
      events: ['08:00', '09:30'].map((time, i) => ({
        type: 'ticket.issued',
        ticketId: `${k}-${i}`,
        ticketNumber: `A00${i}`,
        service: 'domisili',
        time: at(time),
      })),
    });
  }
}

/** What the database holds of the day, per office: staff in (an odd number of punches), tickets issued. */
async function fromDatabase(api: Api, k: string) {
  const from = new Date(epochAt(DATE, '00:00'));
  const to = new Date(epochAt(DATE, '23:59'));
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from (
      select nip from attendance_punches
      where kelurahan_code = ${k} and punched_at >= ${from} and punched_at < ${to}
      group by nip having count(*) % 2 = 1) p`.execute(api.ctx.db);
  const issued = await api.ctx.db
    .selectFrom('queue_events')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('kelurahan_code', '=', k)
    .where('type', '=', 'ticket.issued')
    .executeTakeFirstOrThrow();
  return { staffPresent: rows[0]!.n, issuedToday: Number(issued.n) };
}
const live = (api: Api, k: string) => {
  const s = api.api.hub.detail(k)!.summary;
  return { staffPresent: s.staffPresent, issuedToday: s.issuedToday };
};

beforeAll(async () => {
  first = await testApi(clockAt('16:00'));
  const admin = await loginAs(first, { username: 'admin1', role: 'admin' });
  const put = await fetch(`${first.url}/api/v1/officers`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie: admin },
    body: JSON.stringify({ officers: OFFICERS }),
  });
  expect(put.status).toBe(200);
  for (const k of [K1, K2]) {
    const reg = async (kind: 'attendance' | 'queue') =>
      (await registerDevice(first, admin, { kelurahanCode: k, kind, name: `${kind}-${k}` })).key!;
    keys[k] = { attendance: await reg('attendance'), queue: await reg('queue') };
  }
  await deliverDay(first);
});
afterAll(async () => {
  await restarted?.dispose();
  await first?.dispose();
});

describe('live state after a restart', () => {
  it('is rebuilt from every event of the day the database holds, even with a clock set earlier', async () => {
    const expected: Record<string, { staffPresent: number; issuedToday: number }> = {
      [K1]: { staffPresent: 2, issuedToday: 2 },
      [K2]: { staffPresent: 1, issuedToday: 2 },
    };
    for (const k of [K1, K2]) expect(await fromDatabase(first, k)).toEqual(expected[k]);

    // The api started again on the same database, its clock back at the start of the demo's day.
    restarted = await testApi(clockAt('06:45'), { schema: first.schema });
    for (const k of [K1, K2]) expect(live(restarted, k), k).toEqual(await fromDatabase(restarted, k));

    // The devices send the day again (the simulator replaying it): all duplicates, nothing changes.
    const again = await post(restarted, 'attendance', keys[K1]!.attendance, {
      kelurahan: K1,
      punches: PUNCHES[K1]!.map(([nip, time]) => ({ nip, time: at(time) })),
    });
    expect(again).toMatchObject({ accepted: 0, duplicates: 2 });
    for (const k of [K1, K2]) expect(live(restarted, k), k).toEqual(await fromDatabase(restarted, k));
  });
});
