import { z } from 'zod';
import { kecamatanCode, kelurahanCode } from '../config/codes.ts';
import { assignmentSegment, jenisJabatan, sanctionEntry } from '../tpp/inputs.ts';
import { nip } from './ingest.ts';
import { text } from './text.ts';

/**
 * The organisation register over the api (issue 19 §1): who an officer is, from which day, in which
 * unit, under whom; the sanctions register and the PP 94/2021 cases (§4, R4.1-R4.3). Field rules are
 * those of the TPP run's AssignmentSegment and SanctionEntry, so that what is stored maps onto them.
 */

const isoDate = z.iso.date();
/** A golongan as the TPP run reads it (III/a for PNS, IX for PPPK). */
export const golongan = assignmentSegment.shape.golongan;
/** A unit code of the kind `other`: a dinas, the kota's secretariat and the like. */
export const otherUnitCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'expected a unit code: 1-40 letters, digits, . _ -');

export const orgUnit = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('kelurahan'), code: kelurahanCode }),
  z.strictObject({ kind: z.literal('kecamatan'), code: kecamatanCode }),
  z.strictObject({ kind: z.literal('other'), code: otherUnitCode }),
]);
export type OrgUnit = z.infer<typeof orgUnit>;

/** A new assignment from a day: a move, a class change, a new superior. The row in force is closed that day. */
export const assignmentRequest = z.strictObject({
  nip,
  validFrom: isoDate,
  unit: orgUnit,
  jabatan: text(1, 160),
  jenisJabatan,
  kelasJabatan: z.number().int().min(1).max(17),
  golongan,
  /** Whole rupiah named by the decree for this officer; null: from the kelas (tpp.yaml, R1.4). */
  tppBasic: z.number().int().min(0).max(1_000_000_000).nullable().default(null),
  atasanNip: nip.nullable().default(null),
});
export type AssignmentRequest = z.infer<typeof assignmentRequest>;

const personRef = z.object({ nip: z.string(), name: z.string().nullable() });

export const assignmentView = z.object({
  id: z.number().int(),
  nip: z.string(),
  name: z.string().nullable(),
  validFrom: z.string(),
  /** Exclusive; null while in force. */
  validTo: z.string().nullable(),
  unit: z.object({ kind: z.enum(['kelurahan', 'kecamatan', 'other']), code: z.string(), name: z.string() }),
  jabatan: z.string(),
  jenisJabatan,
  kelasJabatan: z.number().int(),
  golongan: z.string(),
  tppBasic: z.number().int().nullable(),
  /** The basic the run uses: tppBasic, or the kelas ceiling of tpp.yaml (whole rupiah, floored). */
  basic: z.object({
    amount: z.number().int().nullable(),
    from: z.enum(['assignment', 'kelas']),
    status: z.enum(['FOUND', 'TYPICAL']).nullable(),
  }),
  atasan: personRef.nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type AssignmentView = z.infer<typeof assignmentView>;

export const officerOrgResponse = z.object({
  nip: z.string(),
  name: z.string(),
  date: z.string(),
  current: assignmentView.nullable(),
  /** Newest first; only the rows in the caller's area. */
  history: z.array(assignmentView),
});
export const assignmentsResponse = z.object({ date: z.string(), items: z.array(assignmentView) });
export const assignmentCreated = z.object({
  assignment: assignmentView,
  /** The row it closed (its validTo now the new row's validFrom), if one was in force. */
  closed: z.number().int().nullable(),
});
export const assignmentsQuery = z.strictObject({
  date: isoDate.optional(),
  unitKind: z.enum(['kelurahan', 'kecamatan', 'other']).optional(),
  unitCode: z.string().max(40).optional(),
});

/** CSV and XLSX import: the file as base64 (a JSON body like every other write), and whether to only preview. */
export const orgImportRequest = z.strictObject({
  format: z.enum(['csv', 'xlsx']),
  /** The file, base64; at most about 700 KB of file within the 1 MB body limit. */
  content: z.base64().max(1_000_000),
  dryRun: z.boolean().default(false),
});
export const importRowError = z.object({ row: z.number().int(), column: z.string(), reason: z.string() });
export type ImportRowError = z.infer<typeof importRowError>;
export const orgImportResponse = z.object({
  dryRun: z.boolean(),
  applied: z.boolean(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      nip: z.string(),
      validFrom: z.string(),
      action: z.enum(['create', 'unchanged']),
      closes: z.number().int().nullable(),
    }),
  ),
});
export const exportQuery = z.strictObject({
  format: z.enum(['csv', 'xlsx']),
  date: isoDate.optional(),
  /** all: every row of history in the area; current (default): the rows in force on the date. */
  rows: z.enum(['current', 'all']).default('current'),
});

export const sanctionRequest = z.strictObject({
  nip,
  sk: sanctionEntry.shape.sk,
  kind: sanctionEntry.shape.kind,
  start: isoDate,
  months: sanctionEntry.shape.months.default(null),
  note: text(0, 500).default(''),
  /** The R4.3 case this SK closes, if any. */
  caseId: z.number().int().positive().nullable().default(null),
});
export const sanctionView = z.object({
  id: z.number().int(),
  nip: z.string(),
  name: z.string().nullable(),
  sk: z.string(),
  kind: z.string(),
  level: z.enum(['ringan', 'sedang', 'berat']),
  start: z.string(),
  months: z.number().int().nullable(),
  /** Months in force: the SK's, or the kind's default in tpp.yaml (null: until ended). */
  effectiveMonths: z.number().int().nullable(),
  cutBp: z.number().int(),
  note: z.string(),
  caseId: z.number().int().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  annulled: z.object({ sk: z.string(), note: z.string(), by: z.string(), at: z.string() }).nullable(),
});
export const sanctionsResponse = z.object({ items: z.array(sanctionView) });
export const sanctionAnnulRequest = z.strictObject({
  sk: sanctionEntry.shape.sk,
  note: text(0, 500).default(''),
});

export const hukdisCaseView = z.object({
  id: z.number().int(),
  nip: z.string(),
  name: z.string().nullable(),
  year: z.number().int(),
  kind: z.enum(['annual_absence', 'consecutive_absence']),
  days: z.number().int(),
  level: z.enum(['ringan', 'sedang', 'berat']),
  proposedSanction: z.string(),
  assignedTo: z.string().nullable(),
  findingIds: z.array(z.number().int()),
  state: z.enum(['open', 'closed']),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  outcome: z.enum(['sanctioned', 'dismissed']).nullable(),
  outcomeNote: z.string(),
});
export const hukdisCasesResponse = z.object({ items: z.array(hukdisCaseView) });
export const caseScanRequest = z.strictObject({ year: z.number().int().min(2000).max(2100) });
export const caseScanResponse = z.object({ opened: z.array(hukdisCaseView) });
export const caseCloseRequest = z.strictObject({ outcome: z.literal('dismissed'), note: text(1, 500) });
export type OfficerOrgResponse = z.infer<typeof officerOrgResponse>;
export type AssignmentsResponse = z.infer<typeof assignmentsResponse>;
export type OrgImportResponse = z.infer<typeof orgImportResponse>;
