import { describe, expect, it } from 'vitest';
import { computeTpp } from './compute.ts';
import type { OfficerMonth, StandingFinding } from './inputs.ts';
import type { TppLine } from './line.ts';
import {
  fixtureRuleSet,
  NIP_A,
  NIP_B,
  NIP_LURAH,
  novemberWith,
  officerWith,
  ruleSetWith,
} from './testing.ts';

/**
 * The rule sheet's worked examples (R1-R4), by hand. November 2026 has 21 working days; the officer is
 * kelas 7 (basic Rp3,854,725, S7), predikat Baik unless said otherwise.
 */
const BASIC = 3_854_725;
const one = (o: Partial<OfficerMonth> = {}, rules = fixtureRuleSet): TppLine =>
  computeTpp(rules, novemberWith([officerWith(o)])).lines[0]!;
const finding = (
  id: number,
  kind: StandingFinding['kind'],
  date: string,
  tier: string | null = null,
): StandingFinding => ({
  id,
  digest: `d${id}`,
  kind,
  date,
  tier,
  minutes: tier ? 45 : null,
});
const amounts = (l: TppLine) => Object.fromEntries(l.deductions.map((d) => [d.key, d.amount]));
const balanced = (l: TppLine) =>
  expect(l.basic - l.paid).toBe(l.deductions.reduce((s, d) => s + d.amount, 0));

describe('TPP worked examples', () => {
  it('pays the whole basic to a Baik officer with nothing found', () => {
    const l = one();
    expect([l.basic, l.paid, l.withheld, l.payable, l.deductions]).toEqual([BASIC, BASIC, 0, BASIC, []]);
    expect(l.kinerja).toMatchObject({ predikat: 'baik', ladderBp: 10000, factor: '1' });
    expect(l.hukdis.factor).toBe('1');
  });

  it('a TL2 and a TK day on cut base total: 1 % and 3 % of the whole TPP (R3.1, R3.5)', () => {
    const l = one({
      findings: [
        finding(1, 'late_arrival', '2026-11-03', 'TL2'),
        finding(2, 'absent_no_notice', '2026-11-04'),
      ],
    });
    // 38,547.25 + 115,641.75 = 154,189 exactly; the quarter rupiah goes to the larger remainder.
    expect(amounts(l)).toEqual({ 'finding:1': 38_547, 'finding:2': 115_642 });
    expect(l.paid).toBe(BASIC - 154_189);
    expect(l.deductions[0]).toMatchObject({
      rule: 'R3.1',
      base: 'total',
      rate: '1/100',
      exact: '154189/4',
      digest: 'd1',
      tier: 'TL2',
    });
    balanced(l);
  });

  it('the same TL2 and TK day on the disiplin share: 1 % and 3 % of 40 % (GAP 3)', () => {
    const rules = ruleSetWith((r) => (r.tpp.disiplin.cutBase.value = 'disiplin_component'));
    const l = one(
      {
        findings: [
          finding(1, 'late_arrival', '2026-11-03', 'TL2'),
          finding(2, 'absent_no_notice', '2026-11-04'),
        ],
      },
      rules,
    );
    // 15,418.90 + 46,256.70 = 61,675.60: paid 3,793,049.40 → 3,793,049; the two share 61,676.
    expect(l.paid).toBe(3_793_049);
    expect(amounts(l)).toEqual({ 'finding:1': 15_419, 'finding:2': 46_257 });
    expect(l.disiplin.factor).toBe('24/25'); // 4 % of the disiplin share
    balanced(l);
  });

  it('hukdis sedang: 25 % for 6 months from the SK (R4.2)', () => {
    const sanction = { sk: '800/12/BKPSDM/2026', kind: 'potong_tpp_25_6', start: '2026-09-01', months: null };
    const l = one({ sanctions: [sanction] });
    expect(l.hukdis.factor).toBe('3/4');
    expect(l.paid).toBe(2_891_044); // 2,891,043.75 half up
    expect(l.deductions).toEqual([
      expect.objectContaining({
        key: 'hukdis:800/12/BKPSDM/2026',
        kind: 'hukdis',
        amount: 963_681,
        sk: sanction.sk,
      }),
    ]);
    expect(l.hukdis.sanctions[0]).toMatchObject({ until: '2027-03-01', workingDaysInForce: 21 });
    // Over by November when it started in May; half the month's working days when it starts on the 16th.
    expect(one({ sanctions: [{ ...sanction, start: '2026-05-01' }] }).paid).toBe(BASIC);
    const mid = one({ sanctions: [{ ...sanction, start: '2026-11-16' }] });
    expect(mid.hukdis.factor).toBe('73/84'); // 1 − ¼ × 11/21
    expect(mid.hukdis.sanctions[0]!.workingDaysInForce).toBe(11);
  });

  it('a teguran cuts nothing; two sedang sanctions count the heavier, not both (R4.1)', () => {
    const teguran = { sk: 'SK-1', kind: 'teguran_tertulis', start: '2026-11-01', months: null };
    expect(one({ sanctions: [teguran] }).paid).toBe(BASIC);
    const two = one({
      sanctions: [
        { sk: 'SK-2', kind: 'potong_tpp_25_6', start: '2026-10-01', months: null },
        { sk: 'SK-3', kind: 'potong_tpp_25_12', start: '2026-11-01', months: null },
      ],
    });
    expect(two.hukdis.factor).toBe('3/4');
  });

  it('predikat Butuh Perbaikan (hasil kerja di bawah, perilaku sesuai) earns 75 % of the kinerja share (R2.1, R2.2)', () => {
    const l = one({
      kinerja: {
        basis: {
          method: 'matrix',
          hasilKerja: 'di_bawah',
          perilaku: 'sesuai',
          ratedBy: NIP_LURAH,
          ref: 'eval-9',
        },
        evidence: [],
      },
    });
    expect(l.kinerja).toMatchObject({
      method: 'matrix',
      predikat: 'butuh_perbaikan',
      ladderBp: 7500,
      factor: '3/4',
    });
    // 3,854,725 × 60 % × 25 % = 578,208.75
    expect(l.deductions).toEqual([
      expect.objectContaining({ key: 'kinerja', rule: 'R2.2', amount: 578_209, predikat: 'butuh_perbaikan' }),
    ]);
    expect(l.paid).toBe(3_276_516);
  });

  it('no kinerja result: only the disiplin share (R1.3)', () => {
    const l = one({ kinerja: null });
    expect(l.paid).toBe(1_541_890);
    expect(l.deductions[0]).toMatchObject({ rule: 'R1.3', rate: '1' });
  });

  it('late evidence earns half its credit (R2.4), and the deduction names the evidence_late finding', () => {
    const ev = (ref: string, late: boolean) => ({
      ref,
      weight: 1,
      late: late ? { findingId: 77, digest: 'late-77' } : null,
    });
    const l = one({
      kinerja: {
        basis: { method: 'predikat', predikat: 'baik', ratedBy: NIP_LURAH, ref: 'eval-1' },
        evidence: [ev('e1', false), ev('e2', true), ev('e3', false), ev('e4', false)],
      },
    });
    expect(l.kinerja.timeliness).toBe('7/8');
    // 3,854,725 × 60 % × ½ × ¼ = 289,104.375
    expect(l.deductions).toEqual([
      expect.objectContaining({
        key: 'evidence:e2',
        kind: 'evidence_late',
        findingId: 77,
        digest: 'late-77',
        amount: 289_104,
      }),
    ]);
  });

  it('the DKI alternative: mean realisation / target, each counted up to 100 % (R2.2)', () => {
    const rules = ruleSetWith((r) => (r.kinerja.method.value = 'realisation'));
    const targets = [
      { ref: 't1', weight: 1, target: 10, realised: 8 },
      { ref: 't2', weight: 1, target: 5, realised: 7 },
    ];
    const l = one({ kinerja: { basis: { method: 'realisation', targets }, evidence: [] } }, rules);
    expect(l.kinerja).toMatchObject({ realisation: '11/10', base: '9/10' });
    expect(l.deductions[0]!.amount).toBe(231_283); // 231,283.5: paid 3,623,441.5 rounds half up
    expect(() => one({}, rules)).toThrow(/does not fit kinerja.yaml method 'realisation'/);
  });

  it('a mid-month class change is prorated by working days (kelas 7 for 10, kelas 8 for 11)', () => {
    const seg = officerWith().segments[0]!;
    const l = one({
      segments: [
        { ...seg, ref: 'asg-2', from: '2026-11-16', kelas: 8 },
        { ...seg, to: '2026-11-13' },
      ],
    });
    expect(l.segments.map((s) => [s.ref, s.from, s.to, s.workingDays])).toEqual([
      ['asg-1', '2026-11-01', '2026-11-13', 10],
      ['asg-2', '2026-11-16', '2026-11-30', 11],
    ]);
    expect(l.basicExact).toBe('89433250/21'); // (3,854,725 × 10 + 4,626,000 × 11) / 21
    expect(l.basic).toBe(4_258_726);
    expect(l.paid).toBe(4_258_726);
  });

  it('the monthly cap: cuts stop at the cap, the one that reaches it takes what is left (R3.7)', () => {
    const rules = ruleSetWith((r) => (r.tpp.disiplin.capBp.value = 500));
    const l = one(
      {
        findings: [
          finding(1, 'late_arrival', '2026-11-02', 'TL4'),
          finding(2, 'late_arrival', '2026-11-03', 'TL4'),
          finding(3, 'absent_no_notice', '2026-11-04'),
          finding(4, 'early_departure', '2026-11-05', 'PSW1'),
        ],
      },
      rules,
    );
    // 1.5 + 1.5 + 3 = 6 % nominal before PSW1; the cap is 5 % of the total.
    expect(l.deductions.map((d) => [d.key, d.capped])).toEqual([
      ['finding:1', false],
      ['finding:2', false],
      ['finding:3', true],
      ['finding:4', true],
    ]);
    expect(l.deductions[3]!.exact).toBe('0');
    expect(l.disiplin).toMatchObject({ capApplied: true, applied: '770945/4' });
    expect(l.paid).toBe(BASIC - 192_736); // 5 % = 192,736.25 → paid 3,661,988.75 → 3,661,989
    balanced(l);
  });

  it('10 consecutive working days absent take the month (R3.7), a weekend does not break the run, leave does', () => {
    const days = ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13'];
    const absent = days.map((d, i) => finding(i + 1, 'absent_no_notice', `2026-11-${d}`));
    const l = one({ findings: absent });
    expect(l.disiplin.longestAbsenceRun).toBe(10);
    expect(l.paid).toBe(0);
    expect(l.deductions.at(-1)).toMatchObject({ key: 'consecutive_absence', rule: 'R3.7' });
    expect(l.cases.map((c) => c.kind)).toEqual(['annual_absence', 'consecutive_absence']);
    balanced(l);
    const broken = one({
      findings: absent.filter((f) => f.date !== '2026-11-09'),
      excused: [{ date: '2026-11-09', leave: 'sakit', ref: 'lv-1' }],
    });
    expect(broken.disiplin.longestAbsenceRun).toBe(5);
    expect(broken.paid).toBe(BASIC - 1_040_776); // 9 × 3 % = 27 % of 3,854,725 = 1,040,775.75
  });

  it('excused statuses are never cut (R3.9); a Perkada that cuts izin partly gets a leave deduction', () => {
    const l = one({
      findings: [finding(1, 'absent_no_notice', '2026-11-10')],
      excused: [{ date: '2026-11-10', leave: 'cuti_tahunan', ref: 'cuti-1' }],
    });
    expect(l.paid).toBe(BASIC);
    expect(l.notCounted).toEqual([{ findingId: 1, digest: 'd1', date: '2026-11-10', leave: 'cuti_tahunan' }]);
    const izin = ruleSetWith((r) => (r.tpp.disiplin.excused.izin!.value = 100));
    const partly = one({ excused: [{ date: '2026-11-11', leave: 'izin', ref: 'izin-1' }] }, izin);
    expect(partly.deductions).toEqual([
      expect.objectContaining({
        key: 'leave:2026-11-11',
        kind: 'leave',
        rule: 'R3.9',
        ref: 'izin-1',
        amount: 38_547,
      }),
    ]);
  });

  it('missing check-in counts as TL4 (R3.4); the daily-share variant forfeits a whole day (R1.6)', () => {
    expect(one({ findings: [finding(1, 'missing_checkin', '2026-11-02')] }).deductions[0]).toMatchObject({
      rule: 'R3.4',
      rate: '3/200',
    });
    const daily = ruleSetWith((r) => (r.tpp.disiplin.absence.value = { mode: 'daily_share' }));
    const l = one({ findings: [finding(1, 'absent_no_notice', '2026-11-02')] }, daily);
    expect(l.deductions[0]).toMatchObject({ rule: 'R1.6', rate: '1/21', amount: 183_558 }); // 3,854,725 / 21 = 183,558.33
  });

  it('apel counts only where recorded and enabled (R3.6): 2 % of the disiplin share per apel missed', () => {
    const apel = [
      { date: '2026-11-02', attended: false, ref: 'apel-1' },
      { date: '2026-11-09', attended: true, ref: 'apel-2' },
    ];
    expect(one({ apel }).deductions).toEqual([]);
    const on = ruleSetWith((r) => (r.tpp.disiplin.apel.enabled.value = true));
    expect(one({ apel }, on).deductions).toEqual([
      expect.objectContaining({ key: 'apel:apel-1', base: 'disiplin_component', amount: 30_838 }),
    ]);
  });

  it('the payment gate withholds a late officer alone; an unvalidating superior takes the cut (R1.5, R7.2)', () => {
    const lurah = officerWith({
      nip: NIP_LURAH,
      segments: [{ ...officerWith().segments[0]!, kelas: 9, superior: null }],
    });
    const late = officerWith({
      nip: NIP_A,
      gate: { submitted: false, validated: false, validator: null, verified: true },
    });
    const unvalidated = officerWith({
      nip: NIP_B,
      gate: { submitted: true, validated: false, validator: null, verified: true },
    });
    const run = computeTpp(fixtureRuleSet, novemberWith([late, unvalidated, lurah]));
    const [a, b, l] = [NIP_A, NIP_B, NIP_LURAH].map((n) => run.lines.find((x) => x.nip === n)!);
    expect([a!.paid, a!.withheld, a!.payable, a!.gate.reasons]).toEqual([BASIC, BASIC, 0, ['not_submitted']]);
    expect([b!.paid, b!.withheld]).toEqual([BASIC, 0]);
    expect(l!.deductions).toEqual([
      expect.objectContaining({
        key: `negligence:${NIP_B}`,
        rule: 'R7.2',
        subordinate: NIP_B,
        amount: 55_510,
      }),
    ]);
    expect(run.unplaced).toEqual([]);
  });

  it('opens a PP 94/2021 case when the year crosses a rung, without cutting for it (R4.3)', () => {
    const l = one({
      findings: [finding(1, 'absent_no_notice', '2026-11-02')],
      yearToDate: { absenceDays: 10, latenessMinutes: 0 },
    });
    expect(l.cases).toEqual([
      { kind: 'annual_absence', days: 11, level: 'sedang', sanction: 'potong_tpp_25_6', assignTo: NIP_LURAH },
    ]);
    expect(l.hukdis.sanctions).toEqual([]);
    expect(l.paid).toBe(BASIC - 115_642);
    // R3.8: 7.5 h of lateness over the year is one more day.
    const lateness = one({
      findings: [finding(2, 'late_arrival', '2026-11-02', 'TL2')],
      yearToDate: { absenceDays: 2, latenessMinutes: 420 },
    });
    expect(lateness.cases).toEqual([expect.objectContaining({ days: 3, sanction: 'teguran_lisan' })]);
  });

  it('a finding settled after its month closed is priced in the next open month', () => {
    const l = one({ findings: [finding(1, 'late_arrival', '2026-10-30', 'TL1')] });
    expect(l.deductions[0]).toMatchObject({ date: '2026-10-30', amount: 19_274 });
  });

  it('refuses what the rules cannot price, naming officer and field', () => {
    expect(() => one({ findings: [finding(1, 'late_arrival', '2026-11-02', 'TL9')] })).toThrow(
      `TPP input of ${NIP_A} at findings[id=1].tier: tier 'TL9' has no rate`,
    );
    expect(() => one({ sanctions: [{ sk: 'X', kind: 'denda', start: '2026-11-01', months: 1 }] })).toThrow(
      /'denda' is not in tpp.yaml/,
    );
  });
});
