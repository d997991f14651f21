import type { KinerjaFile } from '../config/kinerja.ts';
import type { TppFile } from '../config/tpp.ts';
import type { TppRuleSet } from './compute.ts';
import type { OfficerMonth, TppMonthInput } from './inputs.ts';

/**
 * Rule sets and inputs for the TPP tests, shaped like config/tpp.yaml and config/kinerja.yaml but fixed
 * here, so that a change of regional policy never silently changes what a worked example expects.
 */
const v = <T>(value: T, rule = 'R1.1') => ({ value, status: 'FOUND' as const, source: 'test', rule });

export const fixtureTppRules: TppFile = {
  name: 'test',
  weights: { kinerjaBp: v(6000, 'R1.2'), disiplinBp: v(4000, 'R1.2') },
  basic: {
    factors: { ikfd: v('1', 'R1.4'), ikk: v('1', 'R1.4'), ippd: v('1', 'R1.4') },
    byKelas: Object.fromEntries(
      [
        1291000, 1549000, 1859000, 2231000, 2677000, 3212000, 3854725, 4626000, 5551000, 6661000, 7993000,
        9592000, 11510000, 13812000, 16575000, 19890000, 23867000,
      ].map((amount, i) => [String(i + 1), v(amount, 'R1.4')]),
    ),
  },
  disiplin: {
    cutBase: v('total' as const, 'GAP 3'),
    tiers: {
      TL1: v(50, 'R3.1'),
      TL2: v(100, 'R3.1'),
      TL3: v(125, 'R3.1'),
      TL4: v(150, 'R3.1'),
      PSW1: v(50, 'R3.2'),
      PSW2: v(100, 'R3.2'),
      PSW3: v(125, 'R3.2'),
      PSW4: v(150, 'R3.2'),
    },
    missingCheckIn: v({ tier: 'TL4' }, 'R3.4'),
    missingCheckOut: v({ tier: 'PSW4' }, 'R3.4'),
    absence: v({ mode: 'rate' as const, bp: 300 }, 'R3.5'),
    apel: { enabled: v(false, 'R3.6'), missedBp: v(200, 'R3.6') },
    capBp: v(10000, 'R3.7'),
    consecutiveAbsence: { days: v(10, 'R3.7'), cutBp: v(10000, 'R3.7') },
    excused: {
      cuti_tahunan: v(0, 'R3.9'),
      dinas_luar: v(0, 'R3.9'),
      tugas_belajar: v(0, 'R3.9'),
      cuti_sakit: v(0, 'R3.9'),
      sakit: v(0, 'R3.9'),
      cuti_lain: v(0, 'R3.9'),
      izin: v(0, 'R3.9'),
    },
  },
  hukdis: {
    combine: v('heaviest' as const, 'R4.2'),
    sanctions: {
      teguran_lisan: v({ level: 'ringan' as const, cutBp: 0, months: 0 }, 'R4.1'),
      teguran_tertulis: v({ level: 'ringan' as const, cutBp: 0, months: 0 }, 'R4.1'),
      pernyataan_tidak_puas: v({ level: 'ringan' as const, cutBp: 0, months: 0 }, 'R4.1'),
      potong_tpp_25_6: v({ level: 'sedang' as const, cutBp: 2500, months: 6 }, 'R4.2'),
      potong_tpp_25_9: v({ level: 'sedang' as const, cutBp: 2500, months: 9 }, 'R4.2'),
      potong_tpp_25_12: v({ level: 'sedang' as const, cutBp: 2500, months: 12 }, 'R4.2'),
      penurunan_jabatan: v({ level: 'berat' as const, cutBp: 0, months: 12 }, 'R4.1'),
      pembebasan_jabatan: v({ level: 'berat' as const, cutBp: 0, months: 12 }, 'R4.1'),
      pdh: v({ level: 'berat' as const, cutBp: 10000, months: null }, 'R4.1'),
    },
  },
  pp94: {
    absenceLadder: v(
      [
        { fromDays: 3, level: 'ringan' as const, sanction: 'teguran_lisan' },
        { fromDays: 4, level: 'ringan' as const, sanction: 'teguran_tertulis' },
        { fromDays: 7, level: 'ringan' as const, sanction: 'pernyataan_tidak_puas' },
        { fromDays: 11, level: 'sedang' as const, sanction: 'potong_tpp_25_6' },
        { fromDays: 14, level: 'sedang' as const, sanction: 'potong_tpp_25_9' },
        { fromDays: 17, level: 'sedang' as const, sanction: 'potong_tpp_25_12' },
        { fromDays: 21, level: 'berat' as const, sanction: 'penurunan_jabatan' },
        { fromDays: 25, level: 'berat' as const, sanction: 'pembebasan_jabatan' },
        { fromDays: 28, level: 'berat' as const, sanction: 'pdh' },
      ],
      'R4.1',
    ),
    consecutive: v({ days: 10, sanction: 'pdh' }, 'R4.1'),
    latenessMinutesPerDay: v<number | null>(450, 'R3.8'),
  },
  paymentGate: {
    notSubmitted: v('withhold' as const, 'R1.5'),
    notValidated: v('cut_negligent' as const, 'R7.2'),
    negligenceCutBp: v(100, 'R7.2'),
    notVerified: v('withhold' as const, 'R1.5'),
  },
  rounding: v('half_up' as const),
};

export const fixtureKinerjaRules: KinerjaFile = {
  method: v('predikat' as const, 'R2.2'),
  matrix: v(
    {
      di_atas: { di_bawah: 'kurang' as const, sesuai: 'baik' as const, di_atas: 'sangat_baik' as const },
      sesuai: { di_bawah: 'kurang' as const, sesuai: 'baik' as const, di_atas: 'baik' as const },
      di_bawah: {
        di_bawah: 'sangat_kurang' as const,
        sesuai: 'butuh_perbaikan' as const,
        di_atas: 'butuh_perbaikan' as const,
      },
    },
    'R2.1',
  ),
  ladder: {
    sangat_baik: v(10000, 'R2.2'),
    baik: v(10000, 'R2.2'),
    butuh_perbaikan: v(7500, 'R2.2'),
    kurang: v(5000, 'R2.2'),
    sangat_kurang: v(2500, 'R2.2'),
  },
  realisationCapBp: v(10000, 'R2.2'),
  noResultBp: v(0, 'R1.3'),
  lateEvidence: { creditBp: v(5000, 'R2.4'), deadlineWorkingDays: v(3, 'R7.4') },
  appeals: {
    findingDecider: v('direct_superior' as const, 'R7.4'),
    predikatObjectionDecider: v('superiors_superior' as const, 'R2.1'),
    decisionWorkingDays: v(5, 'R7.4'),
  },
  evidence: { maxBytes: v(10_485_760, 'R7.1') },
  verification: { superiorWorkingDays: v(3, 'R7.2'), verifikatorWorkingDays: v(5, 'R7.2') },
  officeKpis: {
    waitSlaBp: v(8000, 'R6.4'),
    deskCoverageBp: v(9000, 'R6.4'),
    attendanceRateBp: v(9500, 'R5.1'),
    ackMedianMinutes: v(15, 'R7.4'),
  },
};

export const fixtureRuleSet: TppRuleSet = { tpp: fixtureTppRules, kinerja: fixtureKinerjaRules };

/** A copy of the fixture rule set changed by `edit`. */
export function ruleSetWith(edit: (r: TppRuleSet) => void): TppRuleSet {
  const r = structuredClone(fixtureRuleSet);
  edit(r);
  return r;
}

/** November 2026: 21 working days (Mon 2 … Mon 30), no holidays. */
export const NOV_2026 = [2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30].map(
  (d) => `2026-11-${String(d).padStart(2, '0')}`,
);
export const NIP_A = '198001012005011001';
export const NIP_B = '198502022010012002';
export const NIP_LURAH = '197003032000031003';

/** An officer of kelas 7 all month, predikat Baik, every gate passed, nothing found. */
export function officerWith(over: Partial<OfficerMonth> = {}): OfficerMonth {
  return {
    nip: NIP_A,
    segments: [
      {
        ref: 'asg-1',
        from: '2026-01-01',
        to: null,
        kelas: 7,
        golongan: 'III/a',
        jenisJabatan: 'pelaksana',
        unit: { kind: 'kelurahan', code: '16.71.01.1001' },
        superior: NIP_LURAH,
        basicOverride: null,
      },
    ],
    kinerja: {
      basis: { method: 'predikat', predikat: 'baik', ratedBy: NIP_LURAH, ref: 'eval-1' },
      evidence: [],
    },
    findings: [],
    excused: [],
    apel: [],
    sanctions: [],
    gate: { submitted: true, validated: true, validator: null, verified: true },
    yearToDate: { absenceDays: 0, latenessMinutes: 0 },
    ...over,
  };
}

export function novemberWith(officers: OfficerMonth[]): TppMonthInput {
  return { month: '2026-11', workingDays: NOV_2026, officers };
}
