import { describe, expect, it } from 'vitest';
import { fingerprintOf } from './fingerprint.ts';

describe('fingerprintOf', () => {
  it('gives the fingerprints Alertmanager itself gives (its webhook and template tests)', () => {
    expect(fingerprintOf({ job: 'foo', severity: 'warning' })).toBe('9266ef3da838ad95');
    expect(fingerprintOf({ job: 'foo', severity: 'critical' })).toBe('3b15fd163d36582e');
  });

  it('does not depend on the order the labels were written in', () => {
    expect(fingerprintOf({ b: '2', a: '1' })).toBe(fingerprintOf({ a: '1', b: '2' }));
    expect(fingerprintOf({ a: '1' })).not.toBe(fingerprintOf({ a: '2' }));
  });
});
