import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';
import { computeTpp } from './compute.ts';
import { monthArb } from './arbitraries.ts';

describe('canonical JSON (RFC 8785)', () => {
  it('is byte for byte what the canonicalize package writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(canonicalize(v));
      }),
      { numRuns: 1_000 },
    );
  }, 60_000);

  it('is byte for byte what the canonicalize package writes for TPP lines', () => {
    fc.assert(
      fc.property(monthArb, ({ rules, input }) => {
        const run = computeTpp(rules, input);
        for (const l of run.lines) expect(canonicalJson(l)).toBe(canonicalize(l));
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('sorts keys by UTF-16 code units and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: undefined, '\u00e9': [undefined, 'x'], A: -0, Z: 1e21 })).toBe(
      canonicalize({ b: 1, a: undefined, '\u00e9': [undefined, 'x'], A: -0, Z: 1e21 }),
    );
  });
});
