import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  sha256Hex,
  tppInputHash,
  tppLineHash,
  tppRulesHash,
  tppRunHash,
} from './canonical.ts';
import { computeTpp } from './compute.ts';
import { amountsOf, applyCorrections, correctionFor, tppCorrection } from './corrections.ts';
import { fixtureRuleSet, novemberWith, officerWith, ruleSetWith } from './testing.ts';

const late = {
  id: 41,
  digest: 'v1',
  kind: 'late_arrival' as const,
  date: '2026-11-03',
  tier: 'TL3',
  minutes: 70,
};
const absent = {
  id: 42,
  digest: 'v1',
  kind: 'absent_no_notice' as const,
  date: '2026-11-04',
  tier: null,
  minutes: null,
};
const lineOf = (o = officerWith()) => computeTpp(fixtureRuleSet, novemberWith([o])).lines[0]!;

describe('corrections', () => {
  it('an appeal overturned after the lock: a correction in December gives back that finding, naming it', () => {
    const locked = lineOf(officerWith({ findings: [late, absent] }));
    const recomputed = lineOf(officerWith({ findings: [absent] }));
    const c = correctionFor(locked, recomputed, '2026-12')!;
    expect(tppCorrection.parse(c)).toEqual(c);
    expect(c).toMatchObject({
      correctsMonth: '2026-11',
      postedIn: '2026-12',
      correctsLineHash: tppLineHash(locked),
    });
    expect(c.items).toEqual([
      {
        key: 'finding:41',
        kind: 'late_arrival',
        rule: 'R3.1',
        before: 48_184, // 1.25 % of 3,854,725 = 48,184.06
        after: 0,
        delta: -48_184,
        was: { findingId: 41, digest: 'v1', date: '2026-11-03', tier: 'TL3', minutes: 70 },
        now: null,
      },
    ]);
    expect(c.paid).toEqual({ before: locked.paid, after: recomputed.paid, delta: 48_184 });
    expect(applyCorrections(locked, [c])).toEqual(amountsOf(recomputed));
  });

  it('a new version of a finding under the same amount is still named; nothing changed is no correction', () => {
    const locked = lineOf(officerWith({ findings: [late] }));
    const again = lineOf(officerWith({ findings: [{ ...late, digest: 'v2' }] }));
    const c = correctionFor(locked, again, '2026-12')!;
    expect(c.items).toEqual([
      expect.objectContaining({
        key: 'finding:41',
        delta: 0,
        was: expect.objectContaining({ digest: 'v1' }),
        now: expect.objectContaining({ digest: 'v2' }),
      }),
    ]);
    expect(correctionFor(locked, lineOf(officerWith({ findings: [late] })), '2026-12')).toBeNull();
  });

  it('a gate that clears releases what was withheld', () => {
    const gate = { submitted: false, validated: false, validator: null, verified: true };
    const locked = lineOf(officerWith({ gate }));
    const cleared = lineOf(officerWith({ gate: { ...gate, submitted: true, validated: true } }));
    const c = correctionFor(locked, cleared, '2027-01')!;
    expect([c.withheld.delta, c.payable.delta, c.paid.delta, c.items]).toEqual([
      -locked.paid,
      locked.paid,
      0,
      [],
    ]);
  });

  it('is posted in a later month, for the same officer and month', () => {
    const l = lineOf();
    expect(() => correctionFor(l, l, '2026-11')).toThrow(/posted in a later month/);
    expect(() => correctionFor(l, { ...l, nip: '199912312020121001' }, '2026-12')).toThrow(/same officer/);
  });
});

describe('hashes', () => {
  it('SHA-256 of canonical JSON (RFC 8785): keys sorted, no spaces', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(canonicalJson({ b: [1, 'x'], a: { d: null, c: true } })).toBe(
      '{"a":{"c":true,"d":null},"b":[1,"x"]}',
    );
  });

  it('a month rebuilt from its stored rules and inputs has the same hashes; a changed rule does not', () => {
    const input = novemberWith([officerWith({ findings: [late, absent] })]);
    const stored = JSON.parse(JSON.stringify({ rules: fixtureRuleSet, input }));
    expect(tppRulesHash(stored.rules)).toBe(tppRulesHash(fixtureRuleSet));
    expect(tppInputHash(stored.input)).toBe(tppInputHash(input));
    expect(tppRunHash(computeTpp(stored.rules, stored.input))).toBe(
      tppRunHash(computeTpp(fixtureRuleSet, input)),
    );
    const other = ruleSetWith((r) => (r.tpp.disiplin.tiers.TL3!.value = 150));
    expect(tppRulesHash(other)).not.toBe(tppRulesHash(fixtureRuleSet));
    expect(tppRunHash(computeTpp(other, input))).not.toBe(tppRunHash(computeTpp(fixtureRuleSet, input)));
  });
});
