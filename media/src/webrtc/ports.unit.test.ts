import { describe, expect, it } from 'vitest';
import { PortPool } from './ports.ts';
import { hostAddress } from './config.ts';

describe('PortPool', () => {
  it('hands out each port once and the least recently freed first', () => {
    const pool = PortPool.parse('40000-40002');
    expect([pool.take(), pool.take(), pool.take(), pool.take()]).toEqual([40000, 40001, 40002, null]);
    pool.release(40001);
    pool.release(40001);
    pool.release(40000);
    expect(pool.inUse).toBe(1);
    expect([pool.take(), pool.take()]).toEqual([40001, 40000]);
  });
  it('refuses a bad range', () => {
    expect(() => PortPool.parse('5-1')).toThrow(/invalid/);
    expect(() => PortPool.parse('abc')).toThrow(/invalid/);
  });
});

describe('hostAddress', () => {
  it('takes an external IPv4 address, loopback when there is none', () => {
    const lo = {
      address: '127.0.0.1',
      family: 'IPv4',
      internal: true,
      netmask: '',
      mac: '',
      cidr: null,
    } as const;
    const eth = { ...lo, address: '10.1.2.3', internal: false };
    expect(hostAddress({ lo: [lo], eth0: [eth] })).toBe('10.1.2.3');
    expect(hostAddress({ lo: [lo] })).toBe('127.0.0.1');
  });
});
