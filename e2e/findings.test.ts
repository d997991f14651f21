import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  localDateOf,
  type ClientToServerEvents,
  type FindingChange,
  type ServerToClientEvents,
} from '@pkk/core';
import { detectOffice } from '@pkk/platform/findings/pass';
import { loginAs, registerDevice, testApi, testContext } from '@pkk/server/testing/context';
import { startWorkers, type RunningWorkers } from '@pkk/workers/runner';

/**
 * From a device's events to a stored finding and the camat's inbox: real api, real workers, real
 * PostgreSQL, Redis and socket.io. A citizen left waiting past the target opens a finding the
 * kecamatan's camat hears of at once (and a camat elsewhere does not), re-running detection adds
 * nothing, and calling the citizen resolves it.
 */
const KEL = '16.71.01.1001';
const KEC = '16.71.01';
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let t: Awaited<ReturnType<typeof testApi>>;
let w: Awaited<ReturnType<typeof testContext>>;
let workers: RunningWorkers;
let key: string;
let camat: string;
let otherCamat: string;
const sockets: Client[] = [];

async function watch(cookie: string, room: string): Promise<FindingChange[]> {
  const s: Client = connect(t.url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie },
  });
  sockets.push(s);
  const heard: FindingChange[] = [];
  s.on('findings:changed', (m) => heard.push(...m.changes));
  await new Promise<void>((resolve, reject) => {
    s.once('connect_error', reject);
    s.once('connect', () =>
      s.emit('subscribe', { room }, (ack) => (ack.ok ? resolve() : reject(new Error(ack.error.message)))),
    );
  });
  return heard;
}

async function queue(events: unknown[]) {
  const res = await fetch(`${t.url}/api/v1/ingest/queue`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kelurahan: KEL, events }),
  });
  expect(res.status).toBe(200);
}
const minutesAgo = (m: number) => new Date(t.ctx.clock.now() - m * 60_000).toISOString();
const findings = async (cookie: string, query = '') => {
  const res = await fetch(`${t.url}/api/v1/findings${query}`, { headers: { cookie } });
  return {
    status: res.status,
    body: (await res.json()) as {
      items: { id: number; kind: string; state: string; subject: { ticket?: string } }[];
    },
  };
};

beforeAll(async () => {
  t = await testApi();
  const op = await loginAs(t, { username: 'op-f', role: 'operator' });
  key = (await registerDevice(t, op, { kelurahanCode: KEL, kind: 'queue', name: 'kiosk-f' })).key!;
  camat = await loginAs(t, { username: 'camat-f', role: 'camat', kecamatanCode: KEC });
  otherCamat = await loginAs(t, { username: 'camat-g', role: 'camat', kecamatanCode: '16.71.02' });
  // The workers role of the same deployment: same database, Redis prefix and clock.
  w = await testContext(
    { REDIS_PREFIX: t.ctx.env.REDIS_PREFIX, CLOCK_REAL_ANCHOR: String(t.ctx.env.CLOCK_REAL_ANCHOR) },
    { schema: t.schema },
  );
  workers = await startWorkers(w, { schedules: false });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await workers?.close();
  await w?.dispose();
  await t?.dispose();
});

describe('findings from ingest to the inbox', () => {
  it('opens a wait breach, tells the camat in scope at once and nobody else', async () => {
    const mine = await watch(camat, `kecamatan:${KEC}`);
    const theirs = await watch(otherCamat, 'kecamatan:16.71.02');
    await queue([
      { type: 'desk.opened', desk: 'loket-1', time: minutesAgo(60) },
      {
        type: 'ticket.issued',
        ticketId: 'T-1',
        ticketNumber: 'A001',
        service: 'domisili',
        time: minutesAgo(45),
      },
    ]);
    await vi.waitFor(
      () => expect(mine.map((c) => [c.action, c.finding.kind])).toContainEqual(['opened', 'queue_wait_sla']),
      { timeout: 15_000 },
    );
    const opened = mine.find((c) => c.finding.kind === 'queue_wait_sla')!.finding;
    expect(opened).toMatchObject({
      state: 'open',
      subject: { kelurahan: KEL, kecamatan: KEC, ticket: 'T-1' },
      date: localDateOf(t.ctx.clock.now()),
    });
    expect(opened.evidence.events.length).toBeGreaterThan(0);
    expect(theirs).toEqual([]);

    const list = await findings(camat);
    expect(list.body.items.map((f) => f.subject.ticket)).toContain('T-1');
    expect((await findings(otherCamat)).body.items).toEqual([]);
    expect((await findings(otherCamat, `?kelurahan=${KEL}`)).status).toBe(403);
  });

  it('adds nothing when detection runs again (a retried job, a second worker)', async () => {
    const before = (await findings(camat, '?state=all')).body.items.length;
    await Promise.all([detectOffice(w, KEL), detectOffice(w, KEL), detectOffice(t.ctx, KEL)]);
    expect((await findings(camat, '?state=all')).body.items.length).toBe(before);
  });

  it('resolves once the citizen is called, with its history', async () => {
    await queue([{ type: 'ticket.called', ticketId: 'T-1', desk: 'loket-1', time: minutesAgo(0) }]);
    await vi.waitFor(
      async () =>
        expect(
          (await findings(camat, '?state=resolved&kind=queue_wait_sla')).body.items.map(
            (f) => f.subject.ticket,
          ),
        ).toContain('T-1'),
      { timeout: 15_000 },
    );
    const id = (await findings(camat, '?state=resolved&kind=queue_wait_sla')).body.items[0]!.id;
    const res = await fetch(`${t.url}/api/v1/findings/${id}`, { headers: { cookie: camat } });
    const body = (await res.json()) as { history: { action: string }[] };
    expect(body.history.map((h) => h.action)).toEqual(['opened', 'resolved']);
    expect((await fetch(`${t.url}/api/v1/findings/${id}`, { headers: { cookie: otherCamat } })).status).toBe(
      404,
    );
  });
});
