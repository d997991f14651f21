import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Http, RetryableError } from '../http/client.ts';
import { AdmsTerminal, attlogLine, parseOptions, parseUploadReply } from './adms-terminal.ts';

/** What the terminal sent, byte for byte, to a stand-in server. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
let replies: { status: number; text: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const r = replies.shift() ?? { status: 200, text: 'OK' };
      res.writeHead(r.status, { 'content-type': 'text/plain' }).end(r.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const WIB = 420;
const at = (iso: string) => Date.parse(iso);

describe('the ADMS terminal', () => {
  it('writes ATTLOG lines in its local time: PIN, time, status, verify, workcode, 0, 0', () => {
    expect(
      attlogLine(
        { pin: '8', deviceTime: at('2026-11-23T07:21:05+07:00'), status: 0, verify: 'fingerprint' },
        WIB,
      ),
    ).toBe('8\t2026-11-23 07:21:05\t0\t1\t0\t0\t0');
    expect(
      attlogLine({ pin: '12', deviceTime: at('2026-11-23T16:02:00+07:00'), status: 1, verify: 'face' }, WIB),
    ).toBe('12\t2026-11-23 16:02:00\t1\t15\t0\t0\t0');
  });

  it('reads the options and upload replies real servers send', () => {
    const o = parseOptions(
      'GET OPTION FROM: PKK1\nATTLOGStamp=9999\nErrorDelay=30\r\nDelay=10\nTimeZone=7\nRealtime=1\nTransFlag=TransData AttLog\tOpLog\n',
    );
    expect(o).toMatchObject({ delaySec: 10, errorDelaySec: 30, timeZone: 7, realtime: true });
    expect(parseUploadReply('OK: 3', 3)).toBe(3);
    expect(parseUploadReply('OK:2\nPOST from: X', 3)).toBe(2);
    expect(parseUploadReply('OK', 4)).toBe(4);
    expect(parseUploadReply('ERROR', 4)).toBeNull();
  });

  it('handshakes, uploads and polls as a terminal does: no Content-Type, its user agent, SN on every request', async () => {
    seen.length = 0;
    replies = [
      {
        status: 200,
        text: 'GET OPTION FROM: PKK1671011001\nATTLOGStamp=9999\nErrorDelay=60\nDelay=15\nTimeZone=7\nRealtime=1\n',
      },
      { status: 200, text: 'OK' },
      { status: 200, text: 'OK: 2' },
      { status: 200, text: 'C:41:DATA UPDATE USERINFO PIN=3\tName=Ani\nC:42:CHECK\n' },
      { status: 200, text: 'OK' },
    ];
    const t = new AdmsTerminal(new Http(base), 'PKK1671011001', WIB);
    expect(await t.handshake()).toMatchObject({ delaySec: 15, errorDelaySec: 60 });
    const stored = await t.upload([
      { pin: '3', deviceTime: at('2026-11-23T07:21:05+07:00'), status: 0, verify: 'fingerprint' },
      { pin: '4', deviceTime: at('2026-11-23T07:22:41+07:00'), status: 0, verify: 'face' },
    ]);
    expect(stored).toBe(2);
    expect(await t.heartbeat()).toBe(2);

    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /iclock/cdata?SN=PKK1671011001&options=all&pushver=2.4.1&language=69',
      'POST /iclock/cdata?SN=PKK1671011001&table=options',
      `POST /iclock/cdata?SN=PKK1671011001&table=ATTLOG&Stamp=${at('2026-11-23T07:22:41+07:00') / 1000}`,
      'GET /iclock/getrequest?SN=PKK1671011001',
      'POST /iclock/devicecmd?SN=PKK1671011001',
    ]);
    expect(seen[1]!.body).toMatch(
      /^~DeviceName=.*,~SerialNumber=PKK1671011001,.*~OEMVendor=ZKTECO CO., LTD.,PushVersion=2.4.1\n$/,
    );
    expect(seen[1]!.headers['content-type']).toBeUndefined();
    const upload = seen[2]!;
    expect(upload.headers['content-type']).toBeUndefined();
    expect(upload.headers['user-agent']).toBe('iClock Proxy/1.09');
    expect(upload.body).toBe(
      '3\t2026-11-23 07:21:05\t0\t1\t0\t0\t0\n4\t2026-11-23 07:22:41\t0\t15\t0\t0\t0\n',
    );
    expect(seen[4]!.body).toBe('ID=41&Return=0&CMD=DATA\nID=42&Return=0&CMD=CHECK\n');
    expect(seen[4]!.headers['content-type']).toBeUndefined();
  });

  it('treats anything but 200 OK as not stored, so the punches are sent again', async () => {
    const t = new AdmsTerminal(new Http(base), 'PKKUNKNOWN', WIB);
    const punch = [
      {
        pin: '1',
        deviceTime: at('2026-11-23T07:00:00+07:00'),
        status: 0 as const,
        verify: 'fingerprint' as const,
      },
    ];
    replies = [{ status: 401, text: 'ERROR: unknown or revoked device' }];
    await expect(t.upload(punch)).rejects.toBeInstanceOf(RetryableError);
    replies = [{ status: 200, text: 'UNKNOWN DEVICE' }];
    await expect(t.upload(punch)).rejects.toBeInstanceOf(RetryableError);
    replies = [{ status: 503, text: 'busy' }];
    await expect(t.handshake()).rejects.toBeInstanceOf(RetryableError);
  });
});
