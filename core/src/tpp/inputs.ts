import { z } from 'zod';
import { predikat, rating } from '../config/kinerja.ts';
import { tierCode } from '../config/tpp.ts';
import { nip } from '../schemas/ingest.ts';
import { leaveKind } from '../schemas/live.ts';

/**
 * One month's inputs of the TPP run (computeTpp), shared by the api, the workers and the simulator.
 * Everything the formula reads is here, so that a month stored with its rule set is rebuilt to the
 * byte. Order does not matter anywhere (the run sorts); duplicates and contradictions are refused at
 * parse time with the path of the offending field.
 */

const isoDate = z.iso.date();
export const monthId = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month like 2026-11');
export type MonthId = z.infer<typeof monthId>;
const rupiah = z.number().int().min(0).max(1_000_000_000);
const ref = z.string().min(1).max(200);

export const jenisJabatan = z.enum(['jpt', 'administrator', 'pengawas', 'pelaksana', 'fungsional']);
export type JenisJabatan = z.infer<typeof jenisJabatan>;

/**
 * A stretch of the month in one assignment (kelas, unit, superior). A move or a class change mid-month
 * is two segments; each is paid its basic × its working days / the month's working days.
 */
export const assignmentSegment = z.strictObject({
  /** The assignment-history record it comes from. */
  ref,
  from: isoDate,
  /** Last day, inclusive; null while it is in force. Days outside the month are ignored. */
  to: isoDate.nullable(),
  kelas: z.number().int().min(1).max(17),
  /** e.g. III/a (PNS) or IX (PPPK): carried to the line for payroll, not used by the formula. */
  golongan: z.string().regex(/^([I]{1,3}|IV)\/[a-e]$|^[IVX]{1,5}$/, 'expected a golongan like III/a or IX'),
  jenisJabatan,
  unit: z.strictObject({
    kind: z.enum(['kelurahan', 'kecamatan', 'other']),
    code: z.string().min(1).max(40),
  }),
  /** Atasan langsung: decides appeals, validates evidence, receives R4.3 cases. */
  superior: nip.nullable(),
  /** An amount the assignment names instead of the kelas ceiling of tpp.yaml basic (R1.4). */
  basicOverride: rupiah.nullable(),
});
export type AssignmentSegment = z.infer<typeof assignmentSegment>;

/** Findings about a person that the TPP prices. */
export const tppFindingKind = z.enum([
  'late_arrival',
  'early_departure',
  'missing_checkin',
  'missing_checkout',
  'absent_no_notice',
]);
export type TppFindingKind = z.infer<typeof tppFindingKind>;

/**
 * A finding that stands (its appeal window closed or its appeal upheld), pinned to the version it stands
 * on. Its date may be before the month: a finding contested when its month was locked is settled into
 * the next open month.
 */
export const standingFinding = z
  .strictObject({
    id: z.number().int().positive(),
    /** The digest of the finding version the cut rests on. */
    digest: z.string().min(1).max(4096),
    kind: tppFindingKind,
    date: isoDate,
    /** The detector's tier (TL1 … PSW4): needed for late_arrival and early_departure. */
    tier: tierCode.nullable(),
    /** Minutes late or early (R3.8 counting); null for the other kinds. */
    minutes: z.number().int().min(0).max(1_440).nullable(),
  })
  .superRefine((f, ctx) => {
    if ((f.kind === 'late_arrival' || f.kind === 'early_departure') && f.tier === null) {
      ctx.addIssue({ code: 'custom', path: ['tier'], message: `a ${f.kind} finding needs its tier` });
    }
  });
export type StandingFinding = z.infer<typeof standingFinding>;

/** A day of leave or official duty on record (R3.9). */
export const excusedDay = z.strictObject({ date: isoDate, leave: leaveKind, ref });
export type ExcusedDay = z.infer<typeof excusedDay>;

/** One apel or upacara the officer was expected at, from a record of it (R3.6): never guessed. */
export const apelRecord = z.strictObject({ date: isoDate, attended: z.boolean(), ref });
export type ApelRecord = z.infer<typeof apelRecord>;

/** An entry of the sanctions register (R4.1, R4.2): the SK decides, the finding never does. */
export const sanctionEntry = z.strictObject({
  sk: z.string().min(1).max(100),
  /** A key of tpp.yaml hukdis.sanctions. */
  kind: z.string().regex(/^[a-z][a-z0-9_]*$/),
  start: isoDate,
  /** As the SK says; null: the sanction's default in tpp.yaml. */
  months: z.number().int().min(0).max(120).nullable(),
});
export type SanctionEntry = z.infer<typeof sanctionEntry>;

/** A realisation's evidence (R2.4): late evidence is an `evidence_late` finding of its own. */
export const evidenceItem = z.strictObject({
  ref,
  /** Relative weight among the month's realisations (the target's weight). */
  weight: z.number().int().min(1).max(10_000),
  late: z
    .strictObject({ findingId: z.number().int().positive(), digest: z.string().min(1).max(4096) })
    .nullable(),
});
export type EvidenceItem = z.infer<typeof evidenceItem>;

export const kinerjaBasis = z.discriminatedUnion('method', [
  /** R2.1: the superior's ratings, through the matrix. */
  z.strictObject({
    method: z.literal('matrix'),
    hasilKerja: rating,
    perilaku: rating,
    ratedBy: nip.nullable(),
    ref,
  }),
  /** A predikat given as such (imported from SIASN, or decided on an objection). */
  z.strictObject({ method: z.literal('predikat'), predikat, ratedBy: nip.nullable(), ref }),
  /** R2.2 DKI: the month's renkin targets and what was realised. */
  z.strictObject({
    method: z.literal('realisation'),
    targets: z
      .array(
        z.strictObject({
          ref,
          weight: z.number().int().min(1).max(10_000),
          target: z.number().int().min(1).max(1_000_000_000),
          realised: z.number().int().min(0).max(1_000_000_000),
        }),
      )
      .min(1),
  }),
]);
export type KinerjaBasis = z.infer<typeof kinerjaBasis>;

export const kinerjaResult = z.strictObject({ basis: kinerjaBasis, evidence: z.array(evidenceItem) });
export type KinerjaResult = z.infer<typeof kinerjaResult>;

/** R1.5, R7.2: where the month's paperwork stands for this officer, as of the run. */
export const gateStatus = z.strictObject({
  /** Realisation and evidence submitted in time. */
  submitted: z.boolean(),
  /** Validated in time by the superior who had to. */
  validated: z.boolean(),
  /** Who had to validate (the negligent party when not validated); null: the last segment's superior. */
  validator: nip.nullable(),
  /** The verifikator (BKPSDM) verified the recap. */
  verified: z.boolean(),
});
export type GateStatus = z.infer<typeof gateStatus>;

export const officerMonth = z.strictObject({
  nip,
  segments: z.array(assignmentSegment).min(1),
  /** Null: nothing realised this month (R1.3). */
  kinerja: kinerjaResult.nullable(),
  findings: z.array(standingFinding),
  excused: z.array(excusedDay),
  apel: z.array(apelRecord),
  sanctions: z.array(sanctionEntry),
  gate: gateStatus,
  /** R4.3 counting: the calendar year before this month's findings. */
  yearToDate: z.strictObject({
    absenceDays: z.number().int().min(0).max(366),
    latenessMinutes: z.number().int().min(0).max(1_000_000),
  }),
});
export type OfficerMonth = z.infer<typeof officerMonth>;

export const tppMonthInput = z
  .strictObject({
    month: monthId,
    /** The month's working days from core's calendar (monthWorkingDays): holidays and cuti bersama off. */
    workingDays: z.array(isoDate).min(1).max(31),
    officers: z.array(officerMonth),
  })
  .superRefine((input, ctx) =>
    checkMonth(input, (path, message) => ctx.addIssue({ code: 'custom', path, message })),
  );
export type TppMonthInput = z.infer<typeof tppMonthInput>;

type Issue = (path: (string | number)[], message: string) => void;

function checkMonth(input: { month: string; workingDays: string[]; officers: OfficerMonth[] }, issue: Issue) {
  const { month } = input;
  const end = `${month}-31`;
  const days = new Set<string>();
  input.workingDays.forEach((d, i) => {
    if (!d.startsWith(`${month}-`)) issue(['workingDays', i], `not a day of ${month}`);
    if (days.has(d)) issue(['workingDays', i], `${d} twice`);
    days.add(d);
  });
  const nips = new Set<string>();
  input.officers.forEach((o, i) => {
    if (nips.has(o.nip)) issue(['officers', i, 'nip'], `officer ${o.nip} twice`);
    nips.add(o.nip);
    checkOfficer(o, month, end, (path, message) => issue(['officers', i, ...path], message));
  });
}

function checkOfficer(o: OfficerMonth, month: string, end: string, issue: Issue) {
  const start = `${month}-01`;
  const spans = o.segments
    .map((s, i) => ({
      i,
      from: s.from < start ? start : s.from,
      to: s.to === null || s.to > end ? end : s.to,
    }))
    .filter((s) => s.from <= s.to)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.i - b.i));
  o.segments.forEach((s, i) => {
    if (s.to !== null && s.to < s.from) issue(['segments', i, 'to'], 'ends before it starts');
  });
  spans.forEach((s, k) => {
    const prev = spans[k - 1];
    if (prev && s.from <= prev.to) issue(['segments', s.i, 'from'], `overlaps segment ${prev.i}`);
  });
  unique(o.findings, (f) => String(f.id), ['findings'], 'finding', issue);
  o.findings.forEach((f, i) => {
    if (f.date > end) issue(['findings', i, 'date'], `after ${month}`);
  });
  unique(o.excused, (e) => e.date, ['excused'], 'excused day', issue);
  unique(o.apel, (a) => a.ref, ['apel'], 'apel record', issue);
  unique(o.sanctions, (s) => s.sk, ['sanctions'], 'sanction SK', issue);
  if (o.kinerja) {
    unique(o.kinerja.evidence, (e) => e.ref, ['kinerja', 'evidence'], 'evidence', issue);
    if (o.kinerja.basis.method === 'realisation') {
      unique(o.kinerja.basis.targets, (t) => t.ref, ['kinerja', 'basis', 'targets'], 'target', issue);
    }
  }
}

function unique<T>(items: T[], key: (t: T) => string, path: (string | number)[], what: string, issue: Issue) {
  const seen = new Set<string>();
  items.forEach((t, i) => {
    const k = key(t);
    if (seen.has(k)) issue([...path, i], `${what} ${k} twice`);
    seen.add(k);
  });
}
