import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDateOf } from '@pkk/core';
import { channels } from '@pkk/platform/infra/redis';
import type { Announcement } from '../announce.ts';
import { admsTestWorld, type AdmsTestWorld } from './testing/world.ts';
import { rawRequest } from './testing/raw-http.ts';
import { FakeTerminal } from './testing/terminal.ts';
import { sql } from 'kysely';

/**
 * ATTLOG uploads as terminals send them, built from the protocol description (protocols.md §1):
 * TAB-separated, 4 to 16 columns, LF or CR LF, trailing TABs, no final newline, no Content-Type.
 */
const KEL = '16.71.01.1001';
const NIP_SITI = '198001012005011001';
const NIP_BUDI = '198502022010011002';

let w: AdmsTestWorld;
let term: { id: number; fake: FakeTerminal };
let day: string;
const events: Announcement[] = [];

/** A WIB wall-clock time on the test day, as an instant. */
const wib = (hhmmss: string, date = day) => Date.parse(`${date}T${hhmmss}+07:00`);

async function punchesOf(deviceId: number) {
  const rows = await w.t.ctx.db
    .selectFrom('attendance_punches')
    .select([
      'person_ref',
      'nip',
      'punched_at',
      'direction',
      'verify',
      'clock_skew_seconds',
      'raw_payload_id',
    ])
    .where('device_id', '=', deviceId)
    .orderBy('punched_at')
    .orderBy('person_ref')
    .execute();
  return rows.map((r) => ({ ...r, at: r.punched_at.getTime() }));
}
const rawsOf = (deviceId: number) => w.rawsOf(deviceId);

beforeAll(async () => {
  w = await admsTestWorld();
  // Yesterday in WIB: always in the past, never across a partition edge the test cares about.
  day = localDateOf(w.t.ctx.clock.now() - 86_400_000);
  term = await w.terminal('ATT0001', { kelurahanCode: KEL });
  await w.officers([
    { nip: NIP_SITI, kelurahanCode: KEL, pin: '7' },
    { nip: NIP_BUDI, kelurahanCode: KEL, pin: '0012' },
  ]);
  const sub = w.t.ctx.redis.create('subscriber', 'adms-test');
  await sub.subscribe(channels.events(w.t.ctx.env.REDIS_PREFIX));
  sub.on('message', (_ch, msg: string) => events.push(JSON.parse(msg) as Announcement));
});
afterAll(() => w.dispose());

describe('ATTLOG column layouts', () => {
  it('stores 4-column records (PIN, time, status, verify)', async () => {
    const res = await term.fake.attlog(`7\t${day} 07:01:00\t0\t1\n7\t${day} 16:02:00\t1\t1\n`);
    expect([res.status, res.text]).toEqual([200, 'OK: 2']);
    const rows = (await punchesOf(term.id)).filter(
      (r) => r.at === wib('07:01:00') || r.at === wib('16:02:00'),
    );
    expect(rows.map((r) => [r.person_ref, r.nip, r.direction, r.verify])).toEqual([
      ['7', NIP_SITI, 'in', 'fingerprint'],
      ['7', NIP_SITI, 'out', 'fingerprint'],
    ]);
  });

  it('stores 5, 7 (trailing TAB), 9, 10 and 16 columns alike', async () => {
    const bodies = [
      `7\t${day} 07:10:00\t0\t1\t3\n`,
      `7\t${day} 07:11:00\t0\t1\t\t0\t0\t`,
      `7\t${day} 07:12:00\t0\t2\t0\t0\t0\t167101200001010001\t1\n`,
      `7\t${day} 07:13:00\t255\t15\t0\t0\t0\t255\t0\t0\t\n`,
      `7\t${day} 07:14:00\t0\t25\t0\t0\t0\t0\t0\t0`,
      `7\t${day} 07:15:00\t4\t0\t8\t0\t0\t1\t2\t3\t4\t5\t6\t0.5\t1.5\t2.5\n`,
    ];
    for (const body of bodies) expect((await term.fake.attlog(body)).text).toBe('OK: 1');
    const rows = (await punchesOf(term.id)).filter((r) => r.at >= wib('07:10:00') && r.at <= wib('07:15:00'));
    expect(rows.map((r) => [new Date(r.at).toISOString(), r.direction, r.verify])).toEqual([
      [new Date(wib('07:10:00')).toISOString(), 'in', 'fingerprint'],
      [new Date(wib('07:11:00')).toISOString(), 'in', 'fingerprint'],
      [new Date(wib('07:12:00')).toISOString(), 'in', 'card'],
      [new Date(wib('07:13:00')).toISOString(), 'unknown', 'face'],
      [new Date(wib('07:14:00')).toISOString(), 'in', 'palm'],
      [new Date(wib('07:15:00')).toISOString(), 'in', 'password'],
    ]);
  });

  it('reads the body when the terminal does send Content-Type: text/plain', async () => {
    const headers: [string, string][] = [
      ['User-Agent', 'iClock Proxy/1.09'],
      ['Connection', 'close'],
      ['Accept', '*/*'],
      ['Content-Type', 'text/plain'],
    ];
    const res = await term.fake.attlog(`7\t${day} 07:20:00\t0\t1\n7\t${day} 07:21:00\t0\t1\n`, headers);
    expect(res.text).toBe('OK: 2');
  });
});

describe('ATTLOG transport', () => {
  it('takes a CR LF batch without a CR in any stored field, and keeps the body byte for byte', async () => {
    const body = Buffer.from(
      `7\t${day} 08:00:01\t0\t1\t\t0\t0\t\r\n0012\t${day} 08:00:02\t0\t1\t\t0\t0\t\r\nA9\t${day} 08:00:03\t0\t15\t\t0\t0\t\r\n`,
      'latin1',
    );
    const res = await term.fake.attlog(body);
    expect(res.text).toBe('OK: 3');
    const rows = (await punchesOf(term.id)).filter((r) => r.at >= wib('08:00:01') && r.at <= wib('08:00:03'));
    expect(rows.map((r) => [r.person_ref, r.nip])).toEqual([
      ['7', NIP_SITI],
      ['0012', NIP_BUDI],
      ['A9', null],
    ]);
    const raws = await rawsOf(term.id);
    const raw = raws.find((r) => r.id === rows[0]!.raw_payload_id)!;
    expect(raw.body.equals(body)).toBe(true);
    expect(raw).toMatchObject({
      channel: 'adms',
      adms_table: 'ATTLOG',
      query: 'SN=ATT0001&table=ATTLOG&Stamp=9999',
      content_type: null,
      item_count: 3,
      valid_count: 3,
    });
  });

  it('skips blank lines, takes a last line without a newline, and counts only records', async () => {
    const res = await term.fake.attlog(`\n7\t${day} 08:10:00\t0\t1\n\r\n\n7\t${day} 08:11:00\t1\t1\n\n`);
    expect(res.text).toBe('OK: 2');
    expect((await term.fake.attlog(`7\t${day} 08:12:00\t0\t1`)).text).toBe('OK: 1');
  });

  it('answers OK: 0 to an empty body and keeps the empty upload on record', async () => {
    const before = (await rawsOf(term.id)).length;
    const res = await term.fake.attlog('');
    expect([res.status, res.text]).toEqual([200, 'OK: 0']);
    const raws = await rawsOf(term.id);
    expect(raws).toHaveLength(before + 1);
    expect(raws.at(-1)!.body.length).toBe(0);
  });

  it('replies 200 text/plain with a Date header the terminal sets its clock from', async () => {
    const res = await term.fake.attlog(`7\t${day} 08:20:00\t0\t1\n`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(Math.abs(Date.parse(res.headers.date!) - Date.now())).toBeLessThan(5_000);
  });
});

describe('ATTLOG idempotency and partial batches', () => {
  it('stores a retried batch once and still lets the terminal advance', async () => {
    const body = `7\t${day} 09:00:00\t0\t1\n0012\t${day} 09:00:05\t0\t1\n0012\t${day} 09:00:05\t0\t1\n`;
    expect((await term.fake.attlog(body)).text).toBe('OK: 3');
    const count = (await punchesOf(term.id)).length;
    const again = await term.fake.attlog(body);
    expect([again.status, again.text]).toEqual([200, 'OK: 3']);
    expect((await punchesOf(term.id)).length).toBe(count);
  });

  it('stores the good lines of a batch with a bad one and keeps the bad one with its reason', async () => {
    const body = `7\t${day} 10:00:00\t0\t1\n7\t2026-02-30 10:01:00\t0\t1\n0012\t${day} 10:02:00\t1\t1\n`;
    const res = await term.fake.attlog(body);
    expect([res.status, res.text]).toEqual([200, 'OK: 2']);
    const rows = (await punchesOf(term.id)).filter((r) => r.at >= wib('10:00:00') && r.at <= wib('10:02:00'));
    expect(rows.map((r) => r.person_ref)).toEqual(['7', '0012']);
    const raw = (await rawsOf(term.id)).at(-1)!;
    expect(raw).toMatchObject({ item_count: 3, valid_count: 2 });
    expect(raw.rejects).toEqual([
      {
        index: 1,
        field: 'time',
        reason: expect.stringContaining('not a real date-time'),
        text: expect.stringContaining('2026-02-30'),
      },
    ]);
  });

  it('answers 200 OK: 0 when every line is bad: a retry could never do better', async () => {
    const res = await term.fake.attlog(`x y\n7\t${day} 24:00:00\t0\t1\n`);
    expect([res.status, res.text]).toEqual([200, 'OK: 0']);
    expect(((await rawsOf(term.id)).at(-1)!.rejects as unknown[]).length).toBe(2);
  });

  it('answers 5xx, never OK, when the punches cannot be written: the terminal keeps them and retries', async () => {
    const body = `7\t${day} 13:00:00\t0\t1\n`;
    await sql`alter table raw_payloads rename to raw_payloads_away`.execute(w.t.ctx.db);
    try {
      const res = await term.fake.attlog(body);
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(res.text).not.toMatch(/^OK/);
    } finally {
      await sql`alter table raw_payloads_away rename to raw_payloads`.execute(w.t.ctx.db);
    }
    expect((await punchesOf(term.id)).some((r) => r.at === wib('13:00:00'))).toBe(false);
    expect((await term.fake.attlog(body)).text).toBe('OK: 1');
  });

  it('flags a terminal clock running ahead and refuses times no clock error explains', async () => {
    // A terminal of its own: once its clock is proven ahead, its later punches are all corrected.
    const fast = await w.terminal('ATTFAST1', { kelurahanCode: KEL });
    const now = w.t.ctx.clock.now();
    const wall = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    const ahead = Math.floor((now + 3600_000) / 1000) * 1000;
    const res = await fast.fake.attlog(
      `7\t${wall(ahead)}\t0\t1\n7\t${wall(now + 3 * 86_400_000)}\t0\t1\n7\t1999-12-31 23:59:59\t0\t1\n`,
    );
    expect(res.text).toBe('OK: 1');
    const row = (await punchesOf(fast.id)).find((r) => r.at === ahead)!;
    expect(row.clock_skew_seconds).toBeGreaterThan(3500);
    expect(
      ((await rawsOf(fast.id)).at(-1)!.rejects as { index: number; reason: string }[]).map((r) => [
        r.index,
        r.reason,
      ]),
    ).toEqual([
      [1, 'more than 24 h in the future'],
      [2, 'before 2000-01-01'],
    ]);
  });
});

describe('ATTLOG integrity', () => {
  it('flags a re-sent line with other content as a conflict in the raw record, keeps the stored one, announces nothing of it', async () => {
    const line = (status: number, verify: number) => `7\t${day} 14:00:00\t${status}\t${verify}\n`;
    expect((await term.fake.attlog(line(0, 1))).text).toBe('OK: 1');
    // The first line's own announcement must be in before the slate is cleared (it raced the clear).
    await vi.waitFor(() =>
      expect(events.flatMap((m) => m.e).some((e) => e.at === wib('14:00:00'))).toBe(true),
    );
    events.length = 0;
    // Same PIN and time, now "check-out by card": the terminal lies, or its log was edited.
    const res = await term.fake.attlog(`${line(1, 2)}7\t${day} 14:05:00\t0\t1\n`);
    expect([res.status, res.text]).toEqual([200, 'OK: 2']);
    const rows = (await punchesOf(term.id)).filter((r) => r.at === wib('14:00:00'));
    expect(rows.map((r) => [r.direction, r.verify])).toEqual([['in', 'fingerprint']]);
    const raw = (await rawsOf(term.id)).at(-1)!;
    expect(raw.flags).toEqual([
      { index: 0, flag: 'conflict', detail: expect.stringMatching(/direction="in".*direction="out"/) },
    ]);
    await vi.waitFor(() => expect(events.length).toBeGreaterThan(0));
    expect(events[0]!.e).toEqual([{ kind: 'punch', nip: NIP_SITI, at: wib('14:05:00'), direction: 'in' }]);
  });

  it('flags a conflict within one upload too, and keeps its first line', async () => {
    const res = await term.fake.attlog(
      `7\t${day} 14:10:00\t0\t1\n7\t${day} 14:10:00\t1\t1\n7\t${day} 14:10:00\t0\t1\n`,
    );
    expect(res.text).toBe('OK: 3');
    expect(
      (await punchesOf(term.id)).filter((r) => r.at === wib('14:10:00')).map((r) => r.direction),
    ).toEqual(['in']);
    expect(
      ((await rawsOf(term.id)).at(-1)!.flags as { index: number; flag: string }[]).map((f) => [
        f.index,
        f.flag,
      ]),
    ).toEqual([[1, 'conflict']]);
  });

  it('stores a backdated punch and flags it; a recent one is not flagged', async () => {
    const now = w.t.ctx.clock.now();
    const window = w.t.ctx.policy.thresholds.ingest.backdateWindowHours;
    const old = localDateOf(now - (window + 48) * 3_600_000);
    const recent = new Date(now - 3_600_000 + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const res = await term.fake.attlog(`7\t${old} 07:30:00\t0\t1\n7\t${recent}\t0\t1\n`);
    expect(res.text).toBe('OK: 2');
    expect((await punchesOf(term.id)).some((r) => r.at === wib('07:30:00', old))).toBe(true);
    expect((await rawsOf(term.id)).at(-1)!.flags).toEqual([
      { index: 0, flag: 'backdated', detail: expect.stringContaining(`window ${window} h`) },
    ]);
  });
});

describe('ATTLOG time zones and people', () => {
  it("reads the wall clock in the terminal's registered zone", async () => {
    const wita = await w.terminal('ATT0480', { kelurahanCode: KEL, tzOffsetMinutes: 480 });
    expect((await wita.fake.attlog(`7\t${day} 07:30:00\t0\t1\n`)).text).toBe('OK: 1');
    const [row] = await punchesOf(wita.id);
    expect(row!.at).toBe(Date.parse(`${day}T07:30:00+08:00`));
    expect((await wita.fake.handshake()).text).toMatch(/^TimeZone=8$/m);
  });

  it('announces the terminal, and the new punches of known officers numbered; a re-sent batch only the terminal', async () => {
    events.length = 0;
    const body = `7\t${day} 11:00:00\t0\t1\n999\t${day} 11:00:01\t0\t1\n`;
    await term.fake.attlog(body);
    await vi.waitFor(() => expect(events.length).toBeGreaterThan(0));
    expect(events).toHaveLength(1);
    expect(events[0]!.k).toBe(KEL);
    expect(events[0]!.d).toEqual([{ kind: 'device', deviceId: term.id, at: expect.any(Number) }]);
    expect(events[0]!.e).toEqual([{ kind: 'punch', nip: NIP_SITI, at: wib('11:00:00'), direction: 'in' }]);
    expect(events[0]!.s).toBeGreaterThan(0);
    // A re-sent batch adds nothing: live state has those punches (or re-reads the office when it
    // missed their announcement), and must never be shown content the database does not hold.
    events.length = 0;
    await term.fake.attlog(body);
    await vi.waitFor(() => expect(events.length).toBeGreaterThan(0));
    expect(events[0]!.e).toEqual([]);
    expect(events[0]!.s).toBeUndefined();
    expect(events[0]!.d!.map((e) => e.kind)).toEqual(['device']);
  });

  it('records when the terminal was last seen', async () => {
    const row = await w.t.ctx.db
      .selectFrom('devices')
      .select('last_seen_at')
      .where('id', '=', term.id)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at).not.toBeNull();
  });
});

describe('terminal authentication', () => {
  it('answers 401 to an unknown serial and stores nothing: the terminal keeps its punches', async () => {
    const before = await w.t.ctx.db
      .selectFrom('raw_payloads')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const stranger = new FakeTerminal(w.t.url, 'NOTREGISTERED1');
    const res = await stranger.attlog(`7\t${day} 12:00:00\t0\t1\n`);
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(/^OK/);
    expect((await stranger.handshake()).status).toBe(401);
    expect((await stranger.poll()).status).toBe(401);
    const after = await w.t.ctx.db
      .selectFrom('raw_payloads')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('answers 401 to a revoked terminal from the moment it is revoked', async () => {
    const gone = await w.terminal('ATT0REV', { kelurahanCode: KEL });
    expect((await gone.fake.attlog(`7\t${day} 12:10:00\t0\t1\n`)).text).toBe('OK: 1');
    expect((await w.api('POST', `/api/v1/devices/${gone.id}/revoke`)).status).toBe(200);
    const res = await gone.fake.attlog(`7\t${day} 12:11:00\t0\t1\n`);
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(/^OK/);
    expect(await punchesOf(gone.id)).toHaveLength(1);
  });

  it('answers 400 without SN and 403 to a JSON device using its serial', async () => {
    expect((await rawRequest(w.t.url, { method: 'GET', target: '/iclock/getrequest' })).status).toBe(400);
    const json = await w.terminal('JSONSN01', { kelurahanCode: KEL, protocol: 'json' });
    expect((await json.fake.poll()).status).toBe(403);
  });
});
