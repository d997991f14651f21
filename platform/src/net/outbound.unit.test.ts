import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { OutboundPolicy, RefusedAddressError } from './outbound.ts';

const policy = new OutboundPolicy();

describe('where the workers may send what a browser handed in', () => {
  it('refuses loopback, private, link-local, metadata, shared NAT and unspecified addresses, v4 and v6', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '::1',
      '::',
      'fc00::1',
      'fd00:ec2::254',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '2002:7f00:1::1',
      '64:ff9b::7f00:1',
    ])
      expect(policy.refusal(a), a).toMatch(/not a public address/);
    for (const a of ['8.8.8.8', '142.250.4.95', '2a00:1450:4001:81b::200a', '::ffff:8.8.8.8'])
      expect(policy.refusal(a), a).toBeNull();
  });

  it('lets the networks of a private push relay through, and nothing else private', () => {
    const relay = new OutboundPolicy(['10.20.0.0/24', 'fd12::/64']);
    expect(relay.refusal('10.20.0.7')).toBeNull();
    expect(relay.refusal('fd12::7')).toBeNull();
    expect(relay.refusal('10.20.1.7')).toMatch(/private/);
    expect(relay.refusal('127.0.0.1')).toMatch(/loopback/);
  });

  it('wants https, and refuses a literal address however it is written', () => {
    expect(policy.urlRefusal('http://fcm.googleapis.com/fcm/send/x')).toBe('http is not https');
    expect(policy.urlRefusal('https://fcm.googleapis.com/fcm/send/x')).toBeNull();
    for (const u of [
      'https://127.0.0.1/push',
      'https://[::1]/push',
      'https://[::ffff:7f00:1]/push',
      'https://2130706433/push',
      'https://0x7f.0.0.1/push',
      'https://169.254.169.254/latest/meta-data',
    ])
      expect(policy.urlRefusal(u), u).toMatch(/not a public address/);
  });

  it('resolves a name, refuses it when it points inside, and hands the socket the address it checked', async () => {
    const lookup = (p: OutboundPolicy, host: string, all: boolean) =>
      new Promise<{ err: Error | null; addresses: LookupAddress[] | string }>((resolve) =>
        p.lookup()(host, { all }, (err, addresses) => resolve({ err, addresses: addresses as never })),
      );
    const refused = await lookup(policy, 'localhost', true);
    expect(refused.err).toBeInstanceOf(RefusedAddressError);
    expect(refused.err!.message).toMatch(/^localhost: .* not a public address \(loopback\)/);
    const allowed = new OutboundPolicy(['127.0.0.0/8', '::1/128']);
    const pinned = await lookup(allowed, 'localhost', true);
    expect(pinned.err).toBeNull();
    expect((pinned.addresses as LookupAddress[]).every((a) => allowed.refusal(a.address) === null)).toBe(
      true,
    );
    const one = await lookup(allowed, 'localhost', false);
    expect(one.err).toBeNull();
    expect(allowed.refusal(one.addresses as string)).toBeNull();
  });
});
