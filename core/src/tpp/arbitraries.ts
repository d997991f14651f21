import fc from 'fast-check';
import type { TppRuleSet } from './compute.ts';
import type {
  AssignmentSegment,
  KinerjaResult,
  OfficerMonth,
  StandingFinding,
  TppMonthInput,
} from './inputs.ts';
import { fixtureRuleSet, NOV_2026 } from './testing.ts';

/**
 * fast-check arbitraries for the TPP properties: rule sets across every option of tpp.yaml and
 * kinerja.yaml, and months of officers with everything the run reads (segments, kinerja, findings of
 * every kind including ones carried from October, leave, apel, sanctions, gates).
 */
const pad = (n: number) => String(n).padStart(2, '0');
const NOV_DAYS = Array.from({ length: 30 }, (_, i) => `2026-11-${pad(i + 1)}`);
const day = fc.constantFrom(...NOV_DAYS);
const findingDay = fc.oneof(
  { arbitrary: day, weight: 9 },
  { arbitrary: fc.constantFrom('2026-10-29', '2026-10-30'), weight: 1 },
);
export const NIPS = ['198001012005011001', '198502022010012002', '197003032000031003', '199004042015041004'];

export const ruleSetArb: fc.Arbitrary<TppRuleSet> = fc
  .record({
    kinerjaBp: fc.integer({ min: 0, max: 10_000 }),
    cutBase: fc.constantFrom('total' as const, 'disiplin_component' as const),
    absence: fc.oneof(
      fc.record({ mode: fc.constant('rate' as const), bp: fc.integer({ min: 0, max: 800 }) }),
      fc.constant({ mode: 'daily_share' as const }),
    ),
    capBp: fc.integer({ min: 0, max: 10_000 }),
    apel: fc.boolean(),
    izinBp: fc.integer({ min: 0, max: 500 }),
    consecutiveDays: fc.integer({ min: 2, max: 12 }),
    consecutiveCutBp: fc.integer({ min: 0, max: 10_000 }),
    combine: fc.constantFrom('heaviest' as const, 'product' as const),
    notSubmitted: fc.constantFrom('withhold' as const, 'forfeit_kinerja' as const, 'none' as const),
    notValidated: fc.constantFrom('withhold' as const, 'cut_negligent' as const, 'none' as const),
    notVerified: fc.constantFrom('withhold' as const, 'none' as const),
    negligenceCutBp: fc.integer({ min: 0, max: 1_000 }),
    rounding: fc.constantFrom('half_up' as const, 'floor' as const),
    method: fc.constantFrom('predikat' as const, 'realisation' as const),
    creditBp: fc.integer({ min: 0, max: 10_000 }),
    ikfd: fc.constantFrom('1', '0.8624', '7/9'),
  })
  .map((o) => {
    const r = structuredClone(fixtureRuleSet);
    const t = r.tpp;
    t.weights.kinerjaBp.value = o.kinerjaBp;
    t.weights.disiplinBp.value = 10_000 - o.kinerjaBp;
    t.basic.factors.ikfd.value = o.ikfd;
    t.disiplin.cutBase.value = o.cutBase;
    t.disiplin.absence.value = o.absence;
    t.disiplin.capBp.value = o.capBp;
    t.disiplin.apel.enabled.value = o.apel;
    t.disiplin.excused.izin!.value = o.izinBp;
    t.disiplin.consecutiveAbsence.days.value = o.consecutiveDays;
    t.disiplin.consecutiveAbsence.cutBp.value = o.consecutiveCutBp;
    t.hukdis.combine.value = o.combine;
    t.paymentGate.notSubmitted.value = o.notSubmitted;
    t.paymentGate.notValidated.value = o.notValidated;
    t.paymentGate.notVerified.value = o.notVerified;
    t.paymentGate.negligenceCutBp.value = o.negligenceCutBp;
    t.rounding.value = o.rounding;
    r.kinerja.method.value = o.method;
    r.kinerja.lateEvidence.creditBp.value = o.creditBp;
    return r;
  });

const KINDS = [
  'late_arrival',
  'early_departure',
  'missing_checkin',
  'missing_checkout',
  'absent_no_notice',
] as const;

/** Findings with ids from `[minId, maxId]`, unique by id. */
export function findingsArb(minId = 1, maxId = 10_000, maxLength = 25): fc.Arbitrary<StandingFinding[]> {
  return fc
    .uniqueArray(
      fc.record({
        id: fc.integer({ min: minId, max: maxId }),
        kind: fc.constantFrom(...KINDS),
        date: findingDay,
        level: fc.integer({ min: 1, max: 4 }),
        minutes: fc.integer({ min: 1, max: 400 }),
        v: fc.integer({ min: 1, max: 3 }),
      }),
      { selector: (f) => f.id, maxLength },
    )
    .map((fs) =>
      fs.map((f) => {
        const tiered = f.kind === 'late_arrival' || f.kind === 'early_departure';
        const tier = tiered ? `${f.kind === 'late_arrival' ? 'TL' : 'PSW'}${f.level}` : null;
        return {
          id: f.id,
          digest: `f${f.id}v${f.v}`,
          kind: f.kind,
          date: f.date,
          tier,
          minutes: tiered ? f.minutes : null,
        };
      }),
    );
}

const segmentsArb: fc.Arbitrary<AssignmentSegment[]> = fc
  .record({
    cuts: fc.uniqueArray(fc.integer({ min: 2, max: 30 }), { maxLength: 2 }),
    startsBefore: fc.boolean(),
    open: fc.boolean(),
    parts: fc.array(
      fc.record({
        kelas: fc.integer({ min: 1, max: 17 }),
        override: fc.option(fc.integer({ min: 0, max: 30_000_000 }), { freq: 4 }),
        superior: fc.option(fc.constantFrom(...NIPS), { freq: 3 }),
      }),
      { minLength: 3, maxLength: 3 },
    ),
  })
  .map(({ cuts, startsBefore, open, parts }) => {
    const starts = [startsBefore ? 0 : 1, ...[...cuts].sort((a, b) => a - b)];
    return starts.map((s, i) => {
      const next = starts[i + 1];
      const p = parts[i]!;
      return {
        ref: `asg-${i}`,
        from: s === 0 ? '2025-07-01' : `2026-11-${pad(s)}`,
        to: next !== undefined ? `2026-11-${pad(next - 1)}` : open ? null : '2026-11-30',
        kelas: p.kelas,
        golongan: 'III/b',
        jenisJabatan: 'pelaksana' as const,
        unit: { kind: 'kelurahan' as const, code: '16.71.01.1001' },
        superior: p.superior,
        basicOverride: p.override,
      };
    });
  });

const rating = fc.constantFrom('di_atas' as const, 'sesuai' as const, 'di_bawah' as const);
const evidenceArb = fc.uniqueArray(
  fc.record({
    ref: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5'),
    weight: fc.integer({ min: 1, max: 5 }),
    late: fc.option(
      fc.record({ findingId: fc.integer({ min: 50_000, max: 60_000 }), digest: fc.constant('late') }),
      { freq: 2 },
    ),
  }),
  { selector: (e) => e.ref },
);

export function kinerjaArb(method: 'predikat' | 'realisation'): fc.Arbitrary<KinerjaResult | null> {
  const basis =
    method === 'realisation'
      ? fc
          .uniqueArray(
            fc.record({
              ref: fc.constantFrom('t1', 't2', 't3'),
              weight: fc.integer({ min: 1, max: 4 }),
              target: fc.integer({ min: 1, max: 50 }),
              realised: fc.integer({ min: 0, max: 80 }),
            }),
            { selector: (t) => t.ref, minLength: 1 },
          )
          .map((targets) => ({ method: 'realisation' as const, targets }))
      : fc.oneof(
          fc.record({
            method: fc.constant('matrix' as const),
            hasilKerja: rating,
            perilaku: rating,
            ratedBy: fc.constant(null),
            ref: fc.constant('eval'),
          }),
          fc.record({
            method: fc.constant('predikat' as const),
            predikat: fc.constantFrom(
              'sangat_baik' as const,
              'baik' as const,
              'butuh_perbaikan' as const,
              'kurang' as const,
              'sangat_kurang' as const,
            ),
            ratedBy: fc.constant(null),
            ref: fc.constant('siasn'),
          }),
        );
  return fc.option(fc.record({ basis, evidence: evidenceArb }), { freq: 6 });
}

const SANCTIONS = Object.keys(fixtureRuleSet.tpp.hukdis.sanctions);
const SANCTION_STARTS = [
  '2025-12-15',
  '2026-05-01',
  '2026-06-30',
  '2026-09-01',
  '2026-11-01',
  '2026-11-16',
  '2026-11-30',
];

export function officerArb(nip: string, method: 'predikat' | 'realisation'): fc.Arbitrary<OfficerMonth> {
  return fc.record({
    nip: fc.constant(nip),
    segments: segmentsArb,
    kinerja: kinerjaArb(method),
    findings: findingsArb(),
    excused: fc.uniqueArray(
      fc.record({
        date: day,
        leave: fc.constantFrom(
          'cuti_tahunan' as const,
          'sakit' as const,
          'izin' as const,
          'dinas_luar' as const,
        ),
        ref: fc.constant('leave'),
      }),
      { selector: (e) => e.date, maxLength: 5 },
    ),
    apel: fc.uniqueArray(
      fc.record({
        date: day,
        attended: fc.boolean(),
        ref: fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5', 'a6'),
      }),
      { selector: (a) => a.ref, maxLength: 6 },
    ),
    sanctions: fc.uniqueArray(
      fc.record({
        sk: fc.constantFrom('SK-1', 'SK-2', 'SK-3'),
        kind: fc.constantFrom(...SANCTIONS),
        start: fc.constantFrom(...SANCTION_STARTS),
        months: fc.option(fc.integer({ min: 0, max: 12 })),
      }),
      { selector: (s) => s.sk, maxLength: 2 },
    ),
    gate: fc.record({
      submitted: fc.boolean(),
      validated: fc.boolean(),
      validator: fc.option(fc.constantFrom(...NIPS), { freq: 2 }),
      verified: fc.boolean(),
    }),
    yearToDate: fc.record({
      absenceDays: fc.integer({ min: 0, max: 30 }),
      latenessMinutes: fc.integer({ min: 0, max: 2_000 }),
    }),
  });
}

/** A rule set and a November with 1–4 officers who may be each other's superiors. */
export const monthArb: fc.Arbitrary<{ rules: TppRuleSet; input: TppMonthInput }> = ruleSetArb.chain((rules) =>
  fc
    .subarray(NIPS, { minLength: 1 })
    .chain((nips) => fc.tuple(...nips.map((n) => officerArb(n, rules.kinerja.method.value))))
    .map((officers) => ({ rules, input: { month: '2026-11', workingDays: NOV_2026, officers } })),
);

/** The same month with every list in another order. */
export function shuffled(input: TppMonthInput, seed: number): TppMonthInput {
  let s = seed >>> 0 || 1;
  const rand = () => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  const mix = <T>(xs: readonly T[]): T[] =>
    xs
      .map((x) => ({ x, k: rand() }))
      .sort((a, b) => a.k - b.k)
      .map((p) => p.x);
  return {
    month: input.month,
    workingDays: mix(input.workingDays),
    officers: mix(input.officers).map((o) => ({
      ...o,
      segments: mix(o.segments),
      findings: mix(o.findings),
      excused: mix(o.excused),
      apel: mix(o.apel),
      sanctions: mix(o.sanctions),
      kinerja: o.kinerja && {
        evidence: mix(o.kinerja.evidence),
        basis:
          o.kinerja.basis.method === 'realisation'
            ? { ...o.kinerja.basis, targets: mix(o.kinerja.basis.targets) }
            : o.kinerja.basis,
      },
    })),
  };
}
