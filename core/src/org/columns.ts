import { assignmentRequest, type AssignmentRequest, type ImportRowError } from '../schemas/organisation.ts';

/**
 * The columns of the organisation's CSV and XLSX files, in order. Export writes them all; import reads
 * them back (a file exported and imported again changes nothing). `nama` and `berlaku_sampai` are
 * shown for people reading the file and ignored on import: a row's end is the next row's start.
 */
export const ORG_COLUMNS = [
  'nip',
  'nama',
  'berlaku_mulai',
  'berlaku_sampai',
  'jenis_unit',
  'kode_unit',
  'jabatan',
  'jenis_jabatan',
  'kelas_jabatan',
  'golongan',
  'tpp_dasar',
  'nip_atasan',
] as const;
export type OrgColumn = (typeof ORG_COLUMNS)[number];
const INFORMATIONAL: ReadonlySet<OrgColumn> = new Set(['nama', 'berlaku_sampai']);
/** Largest file accepted, in data rows (the city has about 1,700 officers; history adds rows). */
export const ORG_IMPORT_MAX_ROWS = 20_000;

/** One row of the file as text cells, by column. */
export type OrgRecord = Partial<Record<OrgColumn, string>>;

/** Which field of the request each column fills, for naming a zod issue's column. */
const COLUMN_OF_FIELD: Record<string, OrgColumn> = {
  nip: 'nip',
  validFrom: 'berlaku_mulai',
  unit: 'kode_unit',
  'unit.kind': 'jenis_unit',
  'unit.code': 'kode_unit',
  jabatan: 'jabatan',
  jenisJabatan: 'jenis_jabatan',
  kelasJabatan: 'kelas_jabatan',
  golongan: 'golongan',
  tppBasic: 'tpp_dasar',
  atasanNip: 'nip_atasan',
};

/** The header row: each known column's index; unknown, duplicate and missing columns named. */
export function readHeader(cells: readonly string[]): {
  index: Map<OrgColumn, number>;
  errors: ImportRowError[];
} {
  const index = new Map<OrgColumn, number>();
  const errors: ImportRowError[] = [];
  cells.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (name === '') return;
    if (!(ORG_COLUMNS as readonly string[]).includes(name)) {
      errors.push({ row: 1, column: raw, reason: `unknown column; expected ${ORG_COLUMNS.join(', ')}` });
      return;
    }
    if (index.has(name as OrgColumn)) errors.push({ row: 1, column: name, reason: 'column given twice' });
    else index.set(name as OrgColumn, i);
  });
  for (const c of ORG_COLUMNS)
    if (!INFORMATIONAL.has(c) && !index.has(c)) errors.push({ row: 1, column: c, reason: 'missing column' });
  return { index, errors };
}

const INTEGER = /^\d+$/;

/** One data row (its spreadsheet row number) into an assignment request, or the reasons it is not one. */
export function parseOrgRecord(
  row: number,
  r: OrgRecord,
): { ok: true; request: AssignmentRequest } | { ok: false; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const cell = (c: OrgColumn) => (r[c] ?? '').trim();
  const int = (c: OrgColumn): number | null | undefined => {
    const v = cell(c).replace(/[.\s]/g, c === 'tpp_dasar' ? '' : ' ');
    if (v === '') return null;
    if (!INTEGER.test(v)) {
      errors.push({ row, column: c, reason: 'expected a whole number' });
      return undefined;
    }
    return Number(v);
  };
  const kelas = int('kelas_jabatan');
  const basic = int('tpp_dasar');
  if (kelas === null) errors.push({ row, column: 'kelas_jabatan', reason: 'required' });
  const candidate = {
    nip: cell('nip'),
    validFrom: cell('berlaku_mulai'),
    unit: { kind: cell('jenis_unit').toLowerCase(), code: cell('kode_unit') },
    jabatan: cell('jabatan'),
    jenisJabatan: cell('jenis_jabatan').toLowerCase(),
    kelasJabatan: kelas ?? 0,
    golongan: cell('golongan'),
    tppBasic: basic ?? null,
    atasanNip: cell('nip_atasan') === '' ? null : cell('nip_atasan'),
  };
  const parsed = assignmentRequest.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      const column = COLUMN_OF_FIELD[path.join('.')] ?? COLUMN_OF_FIELD[path[0] ?? ''] ?? path.join('.');
      // A kelas already reported as missing or not a number is not reported again by its range.
      if (errors.some((e) => e.column === column)) continue;
      errors.push({ row, column, reason: issue.message });
    }
  }
  if (errors.length || !parsed.success) return { ok: false, errors };
  return { ok: true, request: parsed.data };
}

/** Cells of a row for export, in ORG_COLUMNS order. */
export function orgRecordCells(r: Record<OrgColumn, string>): string[] {
  return ORG_COLUMNS.map((c) => r[c]);
}
