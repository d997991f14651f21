import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingsArb, monthArb, shuffled } from './arbitraries.ts';
import { canonicalJson, tppRunHash } from './canonical.ts';
import { computeTpp } from './compute.ts';
import { amountsOf, applyCorrections, correctionFor } from './corrections.ts';
import { tppMonthInput, type TppMonthInput } from './inputs.ts';
import { tppRun, type TppLine } from './line.ts';
import { Ratio } from './ratio.ts';
import { roundRupiah } from './rounding.ts';

/** The invariants of issue 19 §4, each over at least 1,000 generated months. */
const RUNS = { numRuns: 1_000 };
const DISIPLIN = new Set([
  'late_arrival',
  'early_departure',
  'missing_checkin',
  'missing_checkout',
  'absent_no_notice',
  'leave',
  'apel',
  'negligence',
]);
const R = Ratio.parse;
const sumExact = (l: TppLine, keep: (kind: string) => boolean = () => true) =>
  l.deductions.filter((d) => keep(d.kind)).reduce((s, d) => s.add(R(d.exact)), Ratio.ZERO);
const lineOf = (input: TppMonthInput, rules: Parameters<typeof computeTpp>[0], nip: string) =>
  computeTpp(rules, input).lines.find((l) => l.nip === nip)!;

// 1,000 generated months a property take seconds each on a shared 2-core machine, not milliseconds.
describe('TPP properties', { timeout: 120_000 }, () => {
  it('the generated months are valid inputs, and every run matches its output schema', () => {
    fc.assert(
      fc.property(monthArb, ({ rules, input }) => {
        expect(tppMonthInput.safeParse(input).error).toBeUndefined();
        expect(tppRun.safeParse(computeTpp(rules, input)).error).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('0 ≤ paid ≤ basic; the gate withholds all of paid or nothing', () => {
    fc.assert(
      fc.property(monthArb, ({ rules, input }) => {
        for (const l of computeTpp(rules, input).lines) {
          expect(l.paid).toBeGreaterThanOrEqual(0);
          expect(l.paid).toBeLessThanOrEqual(l.basic);
          expect([0, l.paid]).toContain(l.withheld);
          expect(l.payable).toBe(l.paid - l.withheld);
          for (const d of l.deductions) expect(d.amount).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  it('basic − paid = Σ deductions to the rupiah, each deduction its exact amount rounded down or up', () => {
    fc.assert(
      fc.property(monthArb, ({ rules, input }) => {
        const mode = rules.tpp.rounding.value;
        for (const l of computeTpp(rules, input).lines) {
          expect(l.basic - l.paid).toBe(l.deductions.reduce((s, d) => s + d.amount, 0));
          expect(R(l.basicExact).sub(sumExact(l)).eq(R(l.paidExact))).toBe(true);
          expect(BigInt(l.basic)).toBe(roundRupiah(R(l.basicExact), mode));
          expect(BigInt(l.paid)).toBe(roundRupiah(R(l.paidExact), mode));
          for (const d of l.deductions) {
            const floor = Number(R(d.exact).floor());
            expect(d.amount === floor || d.amount === floor + 1).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('caps hold: attendance cuts never pass the cap of the cut base, factors stay in [0, 1]', () => {
    fc.assert(
      fc.property(monthArb, ({ rules, input }) => {
        const t = rules.tpp;
        for (const l of computeTpp(rules, input).lines) {
          const basic = R(l.basicExact);
          const base =
            t.disiplin.cutBase.value === 'total' ? basic : basic.mul(Ratio.bp(t.weights.disiplinBp.value));
          expect(sumExact(l, (k) => DISIPLIN.has(k)).lte(Ratio.bp(t.disiplin.capBp.value).mul(base))).toBe(
            true,
          );
          for (const d of l.deductions) expect(R(d.exact).lte(R(d.nominal))).toBe(true);
          for (const f of [l.kinerja.factor, l.hukdis.factor]) {
            expect(Ratio.ZERO.lte(R(f)) && R(f).lte(Ratio.ONE)).toBe(true);
          }
          if (l.deductions.some((d) => d.kind === 'consecutive_absence')) {
            expect(l.disiplin.longestAbsenceRun).toBeGreaterThanOrEqual(
              t.disiplin.consecutiveAbsence.days.value,
            );
          }
        }
      }),
      RUNS,
    );
  });

  it('more standing findings never pay more', () => {
    fc.assert(
      fc.property(monthArb, findingsArb(20_000, 30_000, 10), fc.nat(), ({ rules, input }, extra, pick) => {
        const who = input.officers[pick % input.officers.length]!;
        const more = {
          ...input,
          officers: input.officers.map((o) =>
            o === who ? { ...o, findings: [...o.findings, ...extra] } : o,
          ),
        };
        const before = lineOf(input, rules, who.nip);
        const after = lineOf(more, rules, who.nip);
        expect(after.paid).toBeLessThanOrEqual(before.paid);
        expect(R(after.paidExact).lte(R(before.paidExact))).toBe(true);
      }),
      RUNS,
    );
  });

  it('an overturned (removed) finding never pays less', () => {
    fc.assert(
      fc.property(
        monthArb,
        fc.nat(),
        fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
        ({ rules, input }, pick, keep) => {
          const who = input.officers[pick % input.officers.length]!;
          const fewer = {
            ...input,
            officers: input.officers.map((o) =>
              o === who ? { ...o, findings: o.findings.filter((_, i) => keep[i]) } : o,
            ),
          };
          expect(lineOf(fewer, rules, who.nip).paid).toBeGreaterThanOrEqual(
            lineOf(input, rules, who.nip).paid,
          );
        },
      ),
      RUNS,
    );
  });

  it('the result does not depend on input order: the same bytes, the same hash', () => {
    fc.assert(
      fc.property(monthArb, fc.integer(), ({ rules, input }, seed) => {
        const a = computeTpp(rules, input);
        const b = computeTpp(rules, shuffled(input, seed));
        expect(canonicalJson(b)).toBe(canonicalJson(a));
        expect(tppRunHash(b)).toBe(tppRunHash(a));
      }),
      RUNS,
    );
  });

  it('original + corrections = the recomputation, through two successive changes', () => {
    // Each change adds findings with ids of its own: ids stay unique, as parsing the input demands.
    const change = (minId: number) =>
      fc.record({
        keep: fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
        extra: findingsArb(minId, minId + 4_999, 4),
        submitted: fc.boolean(),
        validated: fc.boolean(),
        verified: fc.boolean(),
      });
    type Change = ReturnType<typeof change> extends fc.Arbitrary<infer T> ? T : never;
    fc.assert(
      fc.property(monthArb, change(30_001), change(35_001), ({ rules, input }, c1, c2) => {
        const apply = (m: TppMonthInput, c: Change): TppMonthInput => ({
          ...m,
          officers: m.officers.map((o) => ({
            ...o,
            findings: [...o.findings.filter((_, i) => c.keep[i]), ...c.extra],
            gate: { ...o.gate, submitted: c.submitted, validated: c.validated, verified: c.verified },
          })),
        });
        const m1 = apply(input, c1);
        const m2 = apply(m1, c2);
        expect(tppMonthInput.safeParse(m2).error).toBeUndefined();
        const [r0, r1, r2] = [input, m1, m2].map((m) => computeTpp(rules, m));
        r0!.lines.forEach((original, i) => {
          const first = r1!.lines[i]!;
          const last = r2!.lines[i]!;
          const corrections = [
            correctionFor(original, first, '2026-12'),
            correctionFor(first, last, '2027-01'),
          ];
          expect(
            applyCorrections(
              original,
              corrections.filter((c) => c !== null),
            ),
          ).toEqual(amountsOf(last));
        });
      }),
      RUNS,
    );
  });
});
