import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf, type Device } from '@pkk/core';
import { loginAs } from '../../testing/context.ts';
import { MAX_CONTACTS_PER_DEVICE } from './contacts.ts';
import { FakeTerminal } from './testing/terminal.ts';
import { admsTestWorld, type AdmsTestWorld } from './testing/world.ts';

/**
 * Issue 18 §2: a serial alone must not make a terminal. A registered terminal's first contact waits
 * for an operator, who confirms exactly the contact shown (source address, pushcommkey digest); until
 * then nothing it sends is stored and it never gets a 200 for data, so its punches stay on it and
 * arrive once it is confirmed. Only an admin undoes a revocation.
 */
const KEL = '16.71.01.1005';
const KEY_A = '4a9594af164f2b9779b59e8554b5df26';
const KEY_B = '0123456789abcdef0123456789abcdef';
const handshakeWith = (key: string) => `&options=all&pushver=2.2.14&language=83&pushcommkey=${key}`;
const sha = (key: string) => createHash('sha256').update(key).digest('hex');

let w: AdmsTestWorld;
let day: string;
let operator: string;

const deviceOf = async (id: number): Promise<Device> => {
  await w.t.api.directory.flush();
  const items = (await w.api('GET', `/api/v1/devices?kelurahan=${KEL}`)).body.items as Device[];
  return items.find((d) => d.id === id)!;
};
const confirm = (id: number, body: unknown, cookie = operator) =>
  w.api('POST', `/api/v1/devices/${id}/confirm`, body, cookie);

beforeAll(async () => {
  w = await admsTestWorld();
  day = localDateOf(w.t.ctx.clock.now());
  operator = await loginAs(w.t, { username: 'op-confirm', role: 'operator' });
});
afterAll(() => w.dispose());

describe('a terminal awaiting confirmation', () => {
  it('is answered where no data is carried, refused (non-200) where it is, and stores nothing', async () => {
    const term = await w.terminal('FIRST0001', { kelurahanCode: KEL, confirm: false });
    const fake = term.fake.from('198.51.100.20');
    expect((await w.api('POST', `/api/v1/devices/${term.id}/commands`, { command: 'INFO' })).status).toBe(
      201,
    );

    const hello = await fake.handshake(handshakeWith(KEY_A));
    expect(hello.status).toBe(200);
    expect(hello.text).toMatch(/^GET OPTION FROM: FIRST0001$/m);
    // A poll is answered, but a command (it may carry officers' names) is never handed out.
    expect([(await fake.poll()).status, (await fake.poll()).text]).toEqual([200, 'OK']);
    expect((await fake.poll('ping')).status).toBe(200);

    const punches = `7\t${day} 07:10:00\t0\t1\n8\t${day} 07:12:00\t0\t1\n`;
    for (const r of [
      await fake.attlog(punches),
      await fake.upload('OPERLOG', Buffer.from(`OPLOG 4\t0\t${day} 07:02:00\t0\t0\t0\t0\n`)),
      await fake.upload('ATTPHOTO', Buffer.from('jpeg')),
      await fake.commandResults('ID=1&Return=0&CMD=INFO'),
    ]) {
      expect(r.status).toBe(403);
      expect(r.text).not.toMatch(/^OK/);
      expect(r.text).toMatch(/awaiting confirmation/);
    }
    expect(await w.rawsOf(term.id)).toHaveLength(0);
    expect(await w.punchCount(term.id)).toBe(0);
    const commands = (await w.api('GET', `/api/v1/devices/${term.id}/commands`)).body.items as {
      status: string;
    }[];
    expect(commands.map((c) => c.status)).toEqual(['pending']);

    const d = await deviceOf(term.id);
    expect(d).toMatchObject({ awaitingConfirmation: true, confirmedAt: null, lastSeenAt: null });
    expect(d.contacts).toEqual([
      {
        sourceAddress: '198.51.100.20',
        pushCommKeyDigest: sha(KEY_A),
        firstSeenAt: expect.any(String),
        lastSeenAt: expect.any(String),
        attempts: 8,
      },
    ]);

    // Confirmed: the punches that waited on the terminal are sent again and stored.
    expect(
      (await confirm(term.id, { sourceAddress: '198.51.100.20', pushCommKeyDigest: sha(KEY_A) })).status,
    ).toBe(200);
    const after = await fake.attlog(punches);
    expect([after.status, after.text]).toEqual([200, 'OK: 2']);
    expect(await w.punchCount(term.id)).toBe(2);
    expect((await fake.poll()).text).toMatch(/^C:\d+:INFO$/m);
  });

  it('confirms exactly the contact shown: a stranger first, or a key changed meanwhile, is never confirmed', async () => {
    const term = await w.terminal('FIRST0002', { kelurahanCode: KEL, confirm: false });
    const stranger = term.fake.from('203.0.113.7');
    const real = term.fake.from('10.1.1.5');
    // The stranger read the sticker and got there first; then the real terminal was switched on.
    expect((await stranger.handshake(handshakeWith(KEY_B))).status).toBe(200);
    expect((await real.handshake(handshakeWith(KEY_A))).status).toBe(200);
    const listed = (await deviceOf(term.id)).contacts;
    expect(listed.map((c) => [c.sourceAddress, c.pushCommKeyDigest])).toEqual(
      expect.arrayContaining([
        ['203.0.113.7', sha(KEY_B)],
        ['10.1.1.5', sha(KEY_A)],
      ]),
    );

    // Between the listing and the click, the address the operator looked at sent another key.
    expect((await real.handshake(handshakeWith(KEY_B))).status).toBe(200);
    const changed = await confirm(term.id, { sourceAddress: '10.1.1.5', pushCommKeyDigest: sha(KEY_A) });
    expect(changed.status).toBe(409);
    expect((changed.body.error as { details: { field: string }[] }).details[0]!.field).toBe(
      'pushCommKeyDigest',
    );
    expect((await deviceOf(term.id)).awaitingConfirmation).toBe(true);
    // An address that never called, and a key that was not shown, are refused as well.
    expect(
      (await confirm(term.id, { sourceAddress: '10.1.1.6', pushCommKeyDigest: sha(KEY_A) })).status,
    ).toBe(409);
    expect((await confirm(term.id, { sourceAddress: '10.1.1.5', pushCommKeyDigest: null })).status).toBe(409);

    expect((await real.handshake(handshakeWith(KEY_A))).status).toBe(200);
    const shown = (await deviceOf(term.id)).contacts.find((c) => c.sourceAddress === '10.1.1.5')!;
    expect(shown.pushCommKeyDigest).toBe(sha(KEY_A));
    // Another key from the same address is another contact: its count starts over.
    expect(shown.attempts).toBe(1);
    const ok = await confirm(term.id, { sourceAddress: '10.1.1.5', pushCommKeyDigest: sha(KEY_A) });
    expect(ok.status).toBe(200);
    expect(ok.body.device).toMatchObject({
      awaitingConfirmation: false,
      confirmedBy: 'op-confirm',
      confirmedAddress: '10.1.1.5',
      allowedNetworks: ['10.1.1.5/32'],
      pushCommKeyPinnedAt: expect.any(String),
      contacts: [],
    });

    // From now on the terminal is the one confirmed: the stranger is an unknown serial.
    const unknown = await new FakeTerminal(w.t.url, 'NOSUCHSN09').attlog(`7\t${day} 07:00:00\t0\t1\n`);
    const refused = await stranger.attlog(`7\t${day} 07:00:00\t0\t1\n`);
    expect([refused.status, refused.text]).toEqual([unknown.status, unknown.text]);
    expect((await real.handshake(handshakeWith(KEY_B))).status).toBe(401);
    expect((await real.attlog(`7\t${day} 07:00:00\t0\t1\n`)).text).toBe('OK: 1');
    expect(
      (await confirm(term.id, { sourceAddress: '10.1.1.5', pushCommKeyDigest: sha(KEY_A) })).status,
    ).toBe(409);
  });

  it('validates the confirmation, and confirms only ADMS terminals, for operators and admins', async () => {
    const term = await w.terminal('FIRST0003', { kelurahanCode: KEL, confirm: false });
    const bad = await confirm(term.id, { sourceAddress: 'example.org', pushCommKeyDigest: 'xyz' });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { details: { field: string }[] }).details.map((d) => d.field)).toEqual([
      'sourceAddress',
      'pushCommKeyDigest',
    ]);
    const json = await w.terminal('FIRSTJSON', { kelurahanCode: KEL, protocol: 'json' });
    const body = { sourceAddress: '127.0.0.1', pushCommKeyDigest: null };
    expect((await confirm(json.id, body)).status).toBe(404);
    expect((await confirm(999_999, body)).status).toBe(404);
    const watcher = await loginAs(w.t, {
      username: 'camat-confirm',
      role: 'camat',
      kecamatanCode: '16.71.01',
    });
    expect((await confirm(term.id, body, watcher)).status).toBe(403);
    expect((await w.api('GET', `/api/v1/devices`)).status).toBe(200);
    // JSON devices are never awaiting: their key, shown once to whoever registered them, is the proof.
    expect((await deviceOf(json.id)).awaitingConfirmation).toBe(false);
  });

  it('keeps a bounded record of contacts, however many addresses call', async () => {
    const term = await w.terminal('FIRST0004', { kelurahanCode: KEL, confirm: false });
    const n = MAX_CONTACTS_PER_DEVICE + 4;
    for (let i = 1; i <= n; i++) expect((await term.fake.from(`192.0.2.${i}`).poll()).status).toBe(200);
    const contacts = (await deviceOf(term.id)).contacts;
    expect(contacts).toHaveLength(MAX_CONTACTS_PER_DEVICE);
    // The most recent callers are the ones kept.
    expect(contacts.map((c) => c.sourceAddress)).toContain(`192.0.2.${n}`);
    expect(contacts.map((c) => c.sourceAddress)).not.toContain('192.0.2.1');
  });
});

describe('undoing a revocation', () => {
  it('is an admin’s: an operator may revoke and re-key, but not give a revoked device its key back', async () => {
    const dev = await w.terminal('UNREVOKE1', { kelurahanCode: KEL, protocol: 'json' });
    const rotated = await w.api('POST', `/api/v1/devices/${dev.id}/key`, undefined, operator);
    expect(rotated.status).toBe(200);
    expect((await w.api('POST', `/api/v1/devices/${dev.id}/revoke`, undefined, operator)).status).toBe(200);
    const refused = await w.api('POST', `/api/v1/devices/${dev.id}/key`, undefined, operator);
    expect(refused.status).toBe(403);
    expect((await deviceOf(dev.id)).revokedAt).not.toBeNull();
    const old = await fetch(`${w.t.url}/api/v1/ingest/attendance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${rotated.body.key as string}` },
      body: JSON.stringify({ kelurahan: KEL, punches: [] }),
    });
    expect(old.status).toBe(401);

    const lifted = await w.api('POST', `/api/v1/devices/${dev.id}/key`);
    expect(lifted.status).toBe(200);
    expect((lifted.body.device as Device).revokedAt).toBeNull();
  });

  it('restores a revoked terminal for admins only, and it awaits confirmation again', async () => {
    const term = await w.terminal('UNREVOKE2', { kelurahanCode: KEL });
    expect((await term.fake.attlog(`7\t${day} 07:20:00\t0\t1\n`)).text).toBe('OK: 1');
    expect((await w.api('POST', `/api/v1/devices/${term.id}/restore`)).status).toBe(404);
    expect((await w.api('POST', `/api/v1/devices/${term.id}/revoke`, undefined, operator)).status).toBe(200);
    expect((await term.fake.attlog(`7\t${day} 07:21:00\t0\t1\n`)).status).toBe(401);
    expect((await w.api('POST', `/api/v1/devices/${term.id}/restore`, undefined, operator)).status).toBe(403);
    expect((await deviceOf(term.id)).revokedAt).not.toBeNull();

    const restored = await w.api('POST', `/api/v1/devices/${term.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.device).toMatchObject({ revokedAt: null, awaitingConfirmation: true });
    expect((await term.fake.attlog(`7\t${day} 07:21:00\t0\t1\n`)).status).toBe(403);
    expect(await w.punchCount(term.id)).toBe(1);
  });
});
