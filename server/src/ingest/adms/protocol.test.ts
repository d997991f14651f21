import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './testing/raw-http.ts';
import type { FakeTerminal } from './testing/terminal.ts';
import { admsTestWorld, type AdmsTestWorld } from './testing/world.ts';

/** Handshake, the non-punch tables, heartbeats and the eSSL paths, byte-exact as terminals send them. */
const KEL = '16.71.02.1002';
let w: AdmsTestWorld;
let term: { id: number; fake: FakeTerminal };

const lines = (text: string) => text.split('\n');
async function lastRaw() {
  return w.t.ctx.db
    .selectFrom('raw_payloads')
    .selectAll()
    .where('device_id', '=', term.id)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  w = await admsTestWorld();
  term = await w.terminal('PROTO0001', { kelurahanCode: KEL });
});
afterAll(() => w.dispose());

describe('handshake', () => {
  it('answers a push 2.4 terminal with its options, stamps first, settings from config', async () => {
    const res = await term.fake.handshake(
      '&options=all&language=69&pushver=2.4.0&DeviceType=middle%20east&PushOptionsFlag=1',
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers.date).toBeDefined();
    const l = lines(res.text);
    expect(l[0]).toBe('GET OPTION FROM: PROTO0001');
    expect(l[1]).toMatch(/^ATTLOGStamp=/);
    const devices = w.t.ctx.policy.thresholds.devices;
    expect(l).toEqual(
      expect.arrayContaining([
        `ErrorDelay=${devices.admsErrorDelaySeconds}`,
        `Delay=${devices.admsDelaySeconds}`,
        'TransFlag=TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser',
        'TimeZone=7',
        'Realtime=1',
        'TransTimes=00:00;14:05',
        'TransInterval=1',
        'Encrypt=0',
      ]),
    );
  });

  it('answers firmware without pushver with the legacy Stamp keys first', async () => {
    const res = await term.fake.handshake('&options=all');
    expect(lines(res.text).slice(0, 2)).toEqual(['GET OPTION FROM: PROTO0001', 'Stamp=9999']);
    expect(res.text).toMatch(/^TransFlag=1111000000$/m);
  });

  it('serves eSSL terminals on the .aspx paths', async () => {
    const res = await rawRequest(w.t.url, {
      method: 'GET',
      target: '/iclock/cdata.aspx?SN=PROTO0001&options=all&pushver=2.4.1',
    });
    expect(res.text).toMatch(/^GET OPTION FROM: PROTO0001\n/);
    expect((await term.fake.poll('getrequest.aspx')).text).toBe('OK');
    expect((await term.fake.commandResults('ID=1&Return=0&CMD=INFO', 'devicecmd.aspx')).text).toBe('OK');
    expect(
      (
        await term.fake.upload('ATTLOG', Buffer.from('7\t2026-01-05 07:00:00\t0\t1\n'), {
          path: 'cdata.aspx',
        })
      ).text,
    ).toBe('OK: 1');
  });

  it('tells the time in the terminal zone when asked, and says OK to other GETs', async () => {
    expect((await term.fake.handshake('&type=time')).text).toMatch(
      /^Time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/,
    );
    expect((await term.fake.handshake('')).text).toBe('OK');
  });
});

describe('other tables', () => {
  it('keeps OPERLOG raw, GB2312 names included, and answers with the record count', async () => {
    const name = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]); // a GB2312 name: invalid UTF-8
    const body = Buffer.concat([
      Buffer.from('OPLOG 4\t0\t2026-01-05 08:00:01\t0\t0\t0\t0\r\nUSER PIN=8\tName=', 'latin1'),
      name,
      Buffer.from(
        '\tPri=0\tPasswd=\tCard=\tGrp=1\r\nFP PIN=8\tFID=6\tSize=8\tValid=1\tTMP=QUJDREVGR0g=\r\n',
        'latin1',
      ),
    ]);
    const res = await term.fake.upload('OPERLOG', body, { extraQuery: '' });
    expect([res.status, res.text]).toEqual([200, 'OK: 3']);
    const raw = await lastRaw();
    expect(raw.body.equals(body)).toBe(true);
    expect(raw).toMatchObject({ adms_table: 'OPERLOG', item_count: 3 });
  });

  it('takes OPERLOG with OpStamp in the query and without a final newline', async () => {
    const res = await rawRequest(w.t.url, {
      method: 'POST',
      target: '/iclock/cdata?SN=PROTO0001&table=OPERLOG&OpStamp=9999',
      body: Buffer.from(
        'OPLOG 30\t0\t2026-01-05 08:01:00\t5\t0\t0\t0\nOPLOG 6\t0\t2026-01-05 08:01:00\t5\t0\t0\t0',
      ),
    });
    expect(res.text).toBe('OK: 2');
  });

  it('keeps an ATTPHOTO body with NUL bytes exactly and answers OK', async () => {
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
    ]);
    const body = Buffer.concat([
      Buffer.from(`PIN=20260105080000-7.jpg\nSN=PROTO0001\nsize=${jpeg.length}\nCMD=uploadphoto\0`, 'latin1'),
      jpeg,
    ]);
    const res = await term.fake.upload('ATTPHOTO', body);
    expect([res.status, res.text]).toEqual([200, 'OK']);
    const raw = await lastRaw();
    expect(raw.body.equals(body)).toBe(true);
    expect(raw.adms_table).toBe('ATTPHOTO');
  });

  it('answers OK to options and to tables it does not know, after keeping them', async () => {
    expect(
      (
        await term.fake.upload(
          'options',
          Buffer.from('FingerFunOn=1,FaceFunOn=0,~OEMVendor=ZKTECO CO., LTD.'),
        )
      ).text,
    ).toBe('OK');
    expect((await lastRaw()).adms_table).toBe('options');
    expect(
      (await term.fake.upload('BIODATA', Buffer.from('BIODATA Pin=7\tNo=0\tIndex=0\tValid=1\n'))).text,
    ).toBe('OK');
    expect((await lastRaw()).adms_table).toBe('BIODATA');
    expect((await term.fake.upload('%00weird', Buffer.from('x'))).text).toBe('OK');
    expect(await lastRaw()).toMatchObject({
      adms_table: '(invalid)',
      query: 'SN=PROTO0001&table=%00weird&Stamp=9999',
    });
  });

  it('never fails on odd bytes in the query: raw Latin-1, bad percent-escapes, NUL escapes', async () => {
    for (const target of [
      '/iclock/cdata?SN=PROTO0001&table=options&x=\xff\xfe',
      '/iclock/cdata?SN=PROTO0001&table=%ff%fe',
      '/iclock/cdata?SN=PROTO0001&table=ATTLOG&Stamp=%00',
      '/iclock/cdata?SN=PROTO0001&table=ATTLOG&table=OPERLOG',
    ]) {
      const res = await rawRequest(w.t.url, { method: 'POST', target, body: Buffer.from('x') });
      expect(res.status, target).toBeLessThan(500);
    }
    expect(
      (await rawRequest(w.t.url, { method: 'GET', target: '/iclock/getrequest?SN=PROTO0001%00' })).status,
    ).toBe(401);
    expect(
      (await rawRequest(w.t.url, { method: 'GET', target: '/iclock/getrequest?SN=PROTO0001&SN=OTHER' })).text,
    ).toBe('OK');
  });

  it('keeps a body without table that is not a command result', async () => {
    expect((await term.fake.upload(null, Buffer.from('hello'))).text).toBe('OK');
    expect((await lastRaw()).adms_table).toBeNull();
  });
});

describe('heartbeat and paths', () => {
  it('answers a heartbeat with OK when no command waits, with INFO in the query too', async () => {
    expect((await term.fake.poll()).text).toBe('OK');
    const res = await rawRequest(w.t.url, {
      method: 'GET',
      target: '/iclock/getrequest?SN=PROTO0001&INFO=Ver%202.0.12,3,4,120,192.168.1.20,10,7,15,0,111',
    });
    expect([res.status, res.text]).toEqual([200, 'OK']);
  });

  it('answers ping with OK, whatever odd headers come with it', async () => {
    const res = await rawRequest(w.t.url, {
      method: 'GET',
      target: '/iclock/ping?SN=PROTO0001',
      headers: [
        ['Cookie', 'token=abc'],
        ['User-Agent', 'iClock Proxy/1.09'],
        ['Connection', 'starting'],
        ['Accept', 'application/push'],
      ],
    });
    expect([res.status, res.text]).toEqual([200, 'OK']);
  });

  it('answers unknown iclock paths with a plain 404', async () => {
    const res = await rawRequest(w.t.url, { method: 'GET', target: '/iclock/registry?SN=PROTO0001' });
    expect(res.status).toBe(404);
    expect(res.text).not.toMatch(/^OK/);
  });

  it('answers a body over the limit with 413, not OK', async () => {
    const big = Buffer.alloc(w.t.ctx.policy.thresholds.ingest.maxBodyBytes + 1, 0x41);
    const res = await term.fake.upload('OPERLOG', big);
    expect(res.status).toBe(413);
    expect(res.text).toMatch(/^ERROR/);
  });
});
