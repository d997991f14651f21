import { describe, expect, it } from 'vitest';
import { Networks } from './networks.ts';

describe('Networks', () => {
  it('allows any address when no network is set', () => {
    expect(new Networks([]).allows('203.0.113.9')).toBe(true);
  });

  it('allows only addresses inside the networks, IPv4-mapped IPv6 read as IPv4', () => {
    const n = new Networks(['10.8.0.0/24', '192.168.1.20/32', 'fd00:1::/64']);
    expect(n.allows('10.8.0.17')).toBe(true);
    expect(n.allows('::ffff:10.8.0.17')).toBe(true);
    expect(n.allows('192.168.1.20')).toBe(true);
    expect(n.allows('fd00:1::abcd')).toBe(true);
    expect(n.allows('10.8.1.1')).toBe(false);
    expect(n.allows('192.168.1.21')).toBe(false);
    expect(n.allows('fd00:2::1')).toBe(false);
    expect(n.allows('::ffff:203.0.113.9')).toBe(false);
    expect(n.allows(undefined)).toBe(false);
    expect(n.allows('not an address')).toBe(false);
  });
});
