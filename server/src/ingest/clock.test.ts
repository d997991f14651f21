import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '@pkk/platform/events/read';
import { loginAs, registerDevice, testApi } from '../testing/context.ts';

/**
 * A terminal whose clock runs 12 minutes fast must not make anyone 12 minutes late: its deliveries
 * prove the lead, and every punch is read that much earlier, the ones it sends late included.
 */
const KEL = '16.71.01.1001';
const NIP = '198001012005011001';
const LEAD_S = 720;

let t: Awaited<ReturnType<typeof testApi>>;
let fast: string;
let right: string;

const post = async (key: string, punches: { nip: string; time: string }[]) => {
  const res = await fetch(`${t.url}/api/v1/ingest/attendance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ kelurahan: KEL, punches }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const iso = (ms: number) => new Date(ms).toISOString();

async function eventsOf(from: number, to: number) {
  const byOffice = await readEvents(t.ctx.db, {
    from: new Date(from),
    to: new Date(to),
    kelurahan: KEL,
    channels: ['attendance'],
  });
  return (byOffice.get(KEL) ?? []).filter((e) => e.kind === 'punch');
}

beforeAll(async () => {
  t = await testApi();
  const admin = await loginAs(t, { username: 'admin1', role: 'admin' });
  fast = (await registerDevice(t, admin, { kelurahanCode: KEL, kind: 'attendance', name: 'fast-terminal' }))
    .key!;
  right = (await registerDevice(t, admin, { kelurahanCode: KEL, kind: 'attendance', name: 'right-terminal' }))
    .key!;
  const officers = await fetch(`${t.url}/api/v1/officers`, {
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
  expect(officers.status).toBe(200);
});
afterAll(() => t.dispose());

describe('a terminal clock running ahead', () => {
  it('reads prompt punches and a later backlog at the real time, and keeps the stamp as sent', async () => {
    const now = t.ctx.clock.now();
    // Pushed as it happened: stamped 12 min ahead of its arrival.
    expect((await post(fast, [{ nip: NIP, time: iso(now + LEAD_S * 1000) }])).body).toMatchObject({
      accepted: 1,
    });
    // Sent 20 min late (the link was down): on its own it looks 8 min old, but the clock is known.
    expect(
      (await post(fast, [{ nip: NIP, time: iso(now - 20 * 60_000 + LEAD_S * 1000) }])).body,
    ).toMatchObject({ accepted: 1 });

    const events = await eventsOf(now - 3600_000, now + 3600_000);
    expect(
      events.map((e) => [Math.round((e.at - now) / 1000), e.kind === 'punch' && e.clockCorrectionSeconds]),
    ).toEqual([
      [-1200, LEAD_S],
      [0, LEAD_S],
    ]);
    const stored = await t.ctx.db
      .selectFrom('attendance_punches')
      .select(['punched_at', 'clock_skew_seconds'])
      .orderBy('punched_at')
      .execute();
    expect(
      stored.map((r) => [Math.round((r.punched_at.getTime() - now) / 1000), r.clock_skew_seconds]),
    ).toEqual([
      [LEAD_S - 1200, LEAD_S],
      [LEAD_S, LEAD_S],
    ]);
  });

  it('corrects nothing for a terminal whose clock is right or whose punches merely arrive late', async () => {
    const now = t.ctx.clock.now();
    await post(right, [{ nip: NIP, time: iso(now - 2000) }]);
    await post(right, [{ nip: NIP, time: iso(now - 45 * 60_000) }]);
    const dev = await t.ctx.db
      .selectFrom('devices')
      .select(['clock_lead_seconds'])
      .where('name', '=', 'right-terminal')
      .executeTakeFirstOrThrow();
    expect(dev.clock_lead_seconds).toBeLessThanOrEqual(0);
    const rows = await t.ctx.db
      .selectFrom('attendance_punches')
      .innerJoin('devices', 'devices.id', 'attendance_punches.device_id')
      .select(['attendance_punches.clock_skew_seconds'])
      .where('devices.name', '=', 'right-terminal')
      .execute();
    expect(rows.map((r) => r.clock_skew_seconds)).toEqual([null, null]);
  });
});
