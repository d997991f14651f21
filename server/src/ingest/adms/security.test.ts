import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '@pkk/core';
import { loginAs } from '../../testing/context.ts';
import { confirmFirstContact } from './testing/confirm.ts';
import { FakeTerminal } from './testing/terminal.ts';
import { admsTestWorld, type AdmsTestWorld } from './testing/world.ts';

/**
 * A serial is printed on the device and sent in clear: allowed networks and the pinned pushcommkey
 * are what keep another machine from speaking for a terminal (first contact and its confirmation:
 * first-contact.test.ts).
 */
const KEL = '16.71.01.1005';
const HANDSHAKE_KEY = '&options=all&pushver=2.2.14&language=83&pushcommkey=';
const KEY_A = '4a9594af164f2b9779b59e8554b5df26';
const KEY_B = '0123456789abcdef0123456789abcdef';

let w: AdmsTestWorld;
let day: string;

const rawsOf = (deviceId: number) => w.rawsOf(deviceId);
const punchCount = (deviceId: number) => w.punchCount(deviceId);
const deviceOf = async (id: number) =>
  (
    (await w.api('GET', `/api/v1/devices?kelurahan=${KEL}`)).body.items as {
      id: number;
      allowedNetworks: string[];
      lastSourceAddress: string | null;
      pushCommKeyPinnedAt: string | null;
    }[]
  ).find((d) => d.id === id)!;

beforeAll(async () => {
  w = await admsTestWorld();
  day = localDateOf(w.t.ctx.clock.now());
});
afterAll(() => w.dispose());

describe('allowed networks', () => {
  it('answers a request from outside them exactly as an unknown serial, and stores nothing', async () => {
    const term = await w.terminal('NET00001', {
      kelurahanCode: KEL,
      allowedNetworks: ['10.8.0.0/24'],
      contactFrom: '10.8.0.17',
    });
    const stranger = new FakeTerminal(w.t.url, 'NOSUCHSN01');
    const unknown = await stranger.attlog(`7\t${day} 07:00:00\t0\t1\n`);
    const outside = term.fake.from('203.0.113.9');
    const refused = await outside.attlog(`7\t${day} 07:00:00\t0\t1\n`);
    expect([refused.status, refused.text]).toEqual([unknown.status, unknown.text]);
    expect(refused.status).toBe(401);
    for (const r of [
      await outside.handshake(),
      await outside.poll(),
      await outside.commandResults('ID=1&Return=0'),
    ])
      expect([r.status, r.text]).toEqual([unknown.status, unknown.text]);
    // The api's own peer (loopback, no proxy header) is outside 10.8.0.0/24 too.
    expect((await term.fake.attlog(`7\t${day} 07:00:00\t0\t1\n`)).status).toBe(401);
    expect(await rawsOf(term.id)).toHaveLength(0);

    const inside = await term.fake.from('10.8.0.17').attlog(`7\t${day} 07:00:00\t0\t1\n`);
    expect([inside.status, inside.text]).toEqual([200, 'OK: 1']);
    // IPv4-mapped IPv6, as a dual-stack proxy forwards it.
    expect((await term.fake.from('::ffff:10.8.0.18').attlog(`7\t${day} 07:01:00\t0\t1\n`)).text).toBe(
      'OK: 1',
    );
    expect(await punchCount(term.id)).toBe(2);
  });

  it('records the source address of every stored request and where the terminal last reported from', async () => {
    const term = await w.terminal('NET00002', {
      kelurahanCode: KEL,
      allowedNetworks: ['198.51.100.0/24'],
      contactFrom: '198.51.100.4',
    });
    await term.fake.from('198.51.100.4').attlog(`7\t${day} 07:02:00\t0\t1\n`);
    await term.fake
      .from('198.51.100.5')
      .upload('OPERLOG', Buffer.from('OPLOG 4\t0\t2026-11-23 07:02:00\t0\t0\t0\t0\n'));
    expect((await rawsOf(term.id)).map((r) => r.source_address)).toEqual(['198.51.100.4', '198.51.100.5']);
    await term.fake.from('198.51.100.6').poll();
    expect((await deviceOf(term.id)).lastSourceAddress).toBe('198.51.100.6');
  });

  it('lets admins set and clear the networks, validated, and no one else', async () => {
    const term = await w.terminal('NET00003', { kelurahanCode: KEL });
    const set = (networks: unknown, cookie?: string) =>
      w.api('PUT', `/api/v1/devices/${term.id}/networks`, { allowedNetworks: networks }, cookie);
    const bad = await set(['10.8.0.0/33', 'example.org']);
    expect(bad.status).toBe(400);
    expect((bad.body.error as { details: { field: string }[] }).details.map((d) => d.field)).toEqual([
      'allowedNetworks.0',
      'allowedNetworks.1',
    ]);
    expect((await set('10.8.0.0/24')).status).toBe(400);
    expect((await w.api('PUT', '/api/v1/devices/999999/networks', { allowedNetworks: [] })).status).toBe(404);
    const operator = await loginAs(w.t, { username: 'op-net', role: 'operator' });
    expect((await set([], operator)).status).toBe(403);

    const ok = await set(['192.0.2.0/28', '2001:db8::/32']);
    expect(ok.status).toBe(200);
    expect((ok.body.device as { allowedNetworks: string[] }).allowedNetworks).toEqual([
      '192.0.2.0/28',
      '2001:db8::/32',
    ]);
    // The change applies at once: this node's cache of the serial is dropped.
    expect((await term.fake.from('192.0.2.99').handshake()).status).toBe(401);
    expect((await term.fake.from('2001:db8::7').handshake()).status).toBe(200);
    expect((await set([])).status).toBe(200);
    expect((await term.fake.from('192.0.2.99').handshake()).status).toBe(200);
  });
});

describe('pushcommkey pinning', () => {
  it('pins the key of the confirmed contact and refuses another until an admin resets it', async () => {
    const term = await w.terminal('KEY00001', { kelurahanCode: KEL, confirm: false });
    await confirmFirstContact(w.t.url, w.admin, term.id, term.fake, `${HANDSHAKE_KEY}${KEY_A}`);
    expect((await deviceOf(term.id)).pushCommKeyPinnedAt).not.toBeNull();
    const again = await term.fake.handshake(`${HANDSHAKE_KEY}${KEY_A}`);
    expect(again.status).toBe(200);
    expect(again.text).toMatch(/^GET OPTION FROM: KEY00001$/m);

    const unknown = await new FakeTerminal(w.t.url, 'NOSUCHSN02').handshake();
    const impostor = await term.fake.handshake(`${HANDSHAKE_KEY}${KEY_B}`);
    expect([impostor.status, impostor.text]).toEqual([unknown.status, unknown.text]);
    const upload = await term.fake.upload('ATTLOG', Buffer.from(`7\t${day} 08:00:00\t0\t1\n`), {
      extraQuery: `&pushcommkey=${KEY_B}`,
    });
    expect(upload.status).toBe(401);
    expect(await punchCount(term.id)).toBe(0);
    // Firmware sends the key in its handshake only: the terminal's other requests carry none.
    expect((await term.fake.attlog(`7\t${day} 08:00:00\t0\t1\n`)).text).toBe('OK: 1');
    expect((await term.fake.handshake(`${HANDSHAKE_KEY}${'z'.repeat(200)}`)).status).toBe(401);

    const operator = await loginAs(w.t, { username: 'op-key', role: 'operator' });
    expect(
      (await w.api('POST', `/api/v1/devices/${term.id}/pushcommkey/reset`, undefined, operator)).status,
    ).toBe(403);
    const reset = await w.api('POST', `/api/v1/devices/${term.id}/pushcommkey/reset`);
    expect(reset.status).toBe(200);
    expect((reset.body.device as { pushCommKeyPinnedAt: string | null }).pushCommKeyPinnedAt).toBeNull();
    // After the reset the next key is pinned, and the old one is the stranger now.
    expect((await term.fake.handshake(`${HANDSHAKE_KEY}${KEY_B}`)).status).toBe(200);
    expect((await term.fake.handshake(`${HANDSHAKE_KEY}${KEY_A}`)).status).toBe(401);
  });

  it('pins one key when two requests of a terminal confirmed without one race to pin theirs', async () => {
    const term = await w.terminal('KEY00002', { kelurahanCode: KEL });
    const [a, b] = await Promise.all([
      term.fake.handshake(`${HANDSHAKE_KEY}${KEY_A}`),
      term.fake.handshake(`${HANDSHAKE_KEY}${KEY_B}`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
  });

  it('resets only ADMS terminals', async () => {
    const json = await w.terminal('KEYJSON1', { kelurahanCode: KEL, protocol: 'json' });
    expect((await w.api('POST', `/api/v1/devices/${json.id}/pushcommkey/reset`)).status).toBe(404);
    expect((await w.api('POST', '/api/v1/devices/abc/pushcommkey/reset')).status).toBe(400);
  });
});
