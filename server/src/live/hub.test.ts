import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  DetailSnapshot,
  KelurahanSummary,
  ServerToClientEvents,
  SummarySnapshot,
} from '@pkk/core';
import { startApi } from '../api/start.ts';
import { loginAs, registerDevice, testApi } from '../testing/context.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const KEL = '16.71.01.1001';
const NIP = '198703122010012003';

let t: Awaited<ReturnType<typeof testApi>>;
let cookie: string;
let queueKey: string;
let attendanceKey: string;
const sockets: Client[] = [];

function client(url = t.url): Promise<Client> {
  const s: Client = connect(url, {
    extraHeaders: { cookie },
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}
const nowIso = (offsetMin = 0) => new Date(t.ctx.clock.now() + offsetMin * 60_000).toISOString();
async function ingest(path: string, key: string, body: unknown) {
  const res = await fetch(`${t.url}/api/v1/ingest/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}
/** Resolves with the first pushed summary of a kelurahan that satisfies a condition. */
function summaryWhere(
  s: Client,
  code: string,
  ok: (x: KelurahanSummary) => boolean,
): Promise<KelurahanSummary> {
  return new Promise((resolve) => {
    const on = (msg: { items: KelurahanSummary[] }) => {
      const hit = msg.items.find((i) => i.code === code && ok(i));
      if (hit) {
        s.off('live:summaries', on);
        resolve(hit);
      }
    };
    s.on('live:summaries', on);
  });
}

beforeAll(async () => {
  t = await testApi();
  cookie = await loginAs(t, { username: 'op', role: 'operator' });
  queueKey = (await registerDevice(t, cookie, { kelurahanCode: KEL, kind: 'queue', name: 'kiosk' })).key!;
  attendanceKey = (await registerDevice(t, cookie, { kelurahanCode: KEL, kind: 'attendance', name: 'gate' }))
    .key!;
  await fetch(`${t.url}/api/v1/officers`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({
      officers: [
        {
          nip: NIP,
          name: 'Rina Marlina',
          kelurahanCode: KEL,
          position: 'Kasi Pemerintahan',
          desk: 'loket-1',
          pin: '3',
        },
      ],
    }),
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.dispose();
});

describe('live state over socket.io', () => {
  it('gives a snapshot of all 107 offices on joining the city room', async () => {
    const s = await client();
    const ack = (await s.emitWithAck('subscribe', { room: 'city' })) as { ok: true } & SummarySnapshot;
    expect(ack.ok).toBe(true);
    expect(ack.items).toHaveLength(107);
    expect(typeof ack.serverNow).toBe('number');
  });

  it('pushes a delta after ingest: waiting citizens appear in the city room', async () => {
    const s = await client();
    await s.emitWithAck('subscribe', { room: 'city' });
    const seen = summaryWhere(s, KEL, (x) => x.waiting === 2);
    const first = nowIso(-3);
    await ingest('queue', queueKey, {
      kelurahan: KEL,
      events: [
        { type: 'ticket.issued', ticketId: 'h1', ticketNumber: 'A001', service: 'domisili', time: first },
        { type: 'ticket.issued', ticketId: 'h2', ticketNumber: 'A002', service: 'sktm', time: nowIso(-2) },
      ],
    });
    const summary = await seen;
    expect(summary.issuedToday).toBe(2);
    expect(summary.oldestWaitingSince).toBe(Date.parse(first));
  });

  it('pushes only the changed sections of one office to its kelurahan room', async () => {
    const s = await client();
    const ack = (await s.emitWithAck('subscribe', { room: `kelurahan:${KEL}` })) as {
      ok: true;
    } & DetailSnapshot;
    expect(ack.detail.roster.map((r) => r.nip)).toEqual([NIP]);
    const patch = new Promise<Record<string, unknown>>((resolve) =>
      s.on('live:detail', (m) => m.patch.roster && resolve(m.patch as Record<string, unknown>)),
    );
    await ingest('attendance', attendanceKey, { kelurahan: KEL, punches: [{ nip: NIP, time: nowIso(-1) }] });
    const p = await patch;
    expect((p.roster as { nip: string; present: boolean }[])[0]).toMatchObject({ nip: NIP, present: true });
    expect(p.summary).toMatchObject({ code: KEL, staffPresent: 1 });
    expect(p).not.toHaveProperty('services');
  });

  it('serves the same state over REST, and rebuilds it from PostgreSQL after a restart', async () => {
    const rest = await fetch(`${t.url}/api/v1/kelurahan/${KEL}`, { headers: { cookie } });
    const before = ((await rest.json()) as { detail: { summary: KelurahanSummary } }).detail.summary;
    expect(before).toMatchObject({ waiting: 2, staffPresent: 1 });
    // A second api node over the same database and Redis starts cold and must agree.
    const second = await startApi(t.ctx, { port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${second.url}/api/v1/kelurahan/${KEL}`, { headers: { cookie } });
      const after = ((await res.json()) as { detail: { summary: KelurahanSummary } }).detail.summary;
      const { version: _a, updatedAt: _b, ...x } = before;
      const { version: _c, updatedAt: _d, ...y } = after;
      expect(y).toEqual(x);
      // And it follows new events announced by the first node's ingest.
      const s = await client(second.url);
      await s.emitWithAck('subscribe', { room: 'city' });
      const seen = summaryWhere(s, KEL, (z) => z.waiting === 3);
      await ingest('queue', queueKey, {
        kelurahan: KEL,
        events: [
          {
            type: 'ticket.issued',
            ticketId: 'h3',
            ticketNumber: 'A003',
            service: 'domisili',
            time: nowIso(),
          },
        ],
      });
      expect((await seen).issuedToday).toBe(3);
    } finally {
      await second.close();
    }
  });
});
