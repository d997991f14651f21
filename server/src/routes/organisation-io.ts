import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { Router } from 'express';
import {
  canWriteOrganisation,
  exportQuery,
  ORG_COLUMNS,
  ORG_IMPORT_MAX_ROWS,
  orgImportRequest,
  orgRecordCells,
  parseOrgRecord,
  readHeader,
  type AssignmentRequest,
  type AssignmentView,
  type ImportRowError,
  type OrgColumn,
  type OrgRecord,
} from '@pkk/core';
import { assignmentsOn, recordAssignment } from '@pkk/platform/org/assignments';
import { principalOf } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';
import { assignmentViews, rowVisible, today, unitExists } from './organisation-views.ts';

/**
 * Import and export of the organisation by CSV and XLSX (issue 19 §1). An import is all or nothing:
 * every row is checked (its cells, then against the registry and the recorded history, in one
 * transaction) and any error names its row, column and reason, with nothing stored. A dry run goes
 * through the same transaction and rolls it back, so its preview is exactly what the import would
 * do. The export writes the same columns: a file exported and imported again changes nothing.
 */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A text cell that a spreadsheet would run as a formula is written with a leading quote. */
const FORMULA_START = /^[=+\-@\t\r]/;
const TEXT_COLUMNS: ReadonlySet<OrgColumn> = new Set(['nama', 'jabatan']);

const COLUMN_OF_FIELD: Record<string, OrgColumn> = {
  nip: 'nip',
  validFrom: 'berlaku_mulai',
  'unit.code': 'kode_unit',
  atasanNip: 'nip_atasan',
};

class Rollback extends Error {}

export function organisationIoRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();

  router.post('/import', async (req, res) => {
    const p = principalOf(req);
    if (!canWriteOrganisation(p)) throw ApiError.forbidden('only admins and HR import the organisation');
    const body = parseOr400(orgImportRequest, req.body);
    const file = Buffer.from(body.content, 'base64');
    const table = body.format === 'csv' ? readCsv(file) : await readXlsx(file);
    if ('error' in table) throw importError([table.error]);
    const { index, errors } = readHeader(table.rows[0] ?? []);
    if (errors.length) throw importError(errors);
    const data = table.rows.slice(1);
    if (data.length > ORG_IMPORT_MAX_ROWS)
      throw importError([
        { row: ORG_IMPORT_MAX_ROWS + 2, column: '', reason: `more than ${ORG_IMPORT_MAX_ROWS} rows` },
      ]);
    const parsed: { row: number; request: AssignmentRequest }[] = [];
    const rowErrors: ImportRowError[] = [];
    const seen = new Map<string, number>();
    data.forEach((cells, i) => {
      const row = i + 2;
      if (cells.every((c) => c.trim() === '')) return;
      const record: OrgRecord = {};
      for (const [col, at] of index) record[col] = unquote(col, cells[at] ?? '');
      const r = parseOrgRecord(row, record);
      if (!r.ok) return void rowErrors.push(...r.errors);
      const key = `${r.request.nip}|${r.request.validFrom}`;
      const first = seen.get(key);
      if (first !== undefined)
        rowErrors.push({ row, column: 'berlaku_mulai', reason: `same NIP and day as row ${first}` });
      else seen.set(key, row);
      parsed.push({ row, request: r.request });
    });
    if (rowErrors.length) throw importError(rowErrors);
    if (!parsed.length) throw importError([{ row: 2, column: '', reason: 'the file has no rows' }]);

    // Each officer's rows oldest first, so that a file of history replays in order.
    parsed.sort((a, b) =>
      a.request.validFrom < b.request.validFrom
        ? -1
        : a.request.validFrom > b.request.validFrom
          ? 1
          : a.row - b.row,
    );
    const preview: {
      row: number;
      nip: string;
      validFrom: string;
      action: 'create' | 'unchanged';
      closes: number | null;
    }[] = [];
    const failed: ImportRowError[] = [];
    try {
      await ctx.db.transaction().execute(async (tx) => {
        for (const { row, request } of parsed) {
          const out = await recordAssignment(tx, request, p.username, (u) => unitExists(ctx, u));
          if (!out.ok) {
            for (const x of out.problems)
              failed.push({ row, column: COLUMN_OF_FIELD[x.field] ?? x.field, reason: x.reason });
            continue;
          }
          preview.push({
            row,
            nip: request.nip,
            validFrom: request.validFrom,
            action: out.action,
            closes: out.closed,
          });
        }
        if (failed.length || body.dryRun) throw new Rollback();
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
    if (failed.length) throw importError(failed.sort((a, b) => a.row - b.row));
    preview.sort((a, b) => a.row - b.row);
    res.json({ dryRun: body.dryRun, applied: !body.dryRun, rows: preview });
  });

  router.get('/export', async (req, res) => {
    const p = principalOf(req);
    const q = parseOr400(exportQuery, req.query, 'query');
    const date = q.date ?? today(ctx);
    const rows =
      q.rows === 'all'
        ? await ctx.db
            .selectFrom('officer_assignments')
            .selectAll()
            .where('valid_from', '<=', date)
            .orderBy('nip')
            .orderBy('valid_from')
            .execute()
        : await assignmentsOn(ctx.db, date);
    const views = await assignmentViews(
      ctx,
      rows.filter((r) => rowVisible(ctx, p, r)),
    );
    const cells = [ORG_COLUMNS as readonly string[], ...views.map((v) => orgRecordCells(exportRecord(v)))];
    const name = `organisasi-${date}${q.rows === 'all' ? '-riwayat' : ''}.${q.format}`;
    res.setHeader('content-disposition', `attachment; filename="${name}"`);
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8').send(`\uFEFF${stringifyCsv(cells)}`);
      return;
    }
    res.type(XLSX_TYPE).send(await writeXlsx(cells));
  });

  return router;
}

function importError(errors: ImportRowError[]): ApiError {
  return ApiError.badRequest(
    `the file was not imported: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was stored`,
    errors.map((e) => ({ ...e, field: `row ${e.row}${e.column ? `, ${e.column}` : ''}` })),
  );
}

function exportRecord(v: AssignmentView): Record<OrgColumn, string> {
  const text = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);
  return {
    nip: v.nip,
    nama: text(v.name ?? ''),
    berlaku_mulai: v.validFrom,
    berlaku_sampai: v.validTo ?? '',
    jenis_unit: v.unit.kind,
    kode_unit: v.unit.code,
    jabatan: text(v.jabatan),
    jenis_jabatan: v.jenisJabatan,
    kelas_jabatan: String(v.kelasJabatan),
    golongan: v.golongan,
    tpp_dasar: v.tppBasic === null ? '' : String(v.tppBasic),
    nip_atasan: v.atasan?.nip ?? '',
  };
}

/** The quote export put before a formula-like text is taken off again. */
function unquote(col: OrgColumn, s: string): string {
  return TEXT_COLUMNS.has(col) && s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}

type Table = { rows: string[][] } | { error: ImportRowError };

function readCsv(file: Buffer): Table {
  const text = file.toString('utf8');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  // Spreadsheets set to Indonesian write ';' between cells.
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  try {
    const rows = parseCsv(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to: ORG_IMPORT_MAX_ROWS + 2,
    }) as string[][];
    return { rows };
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return {
      error: { row: e.lines ?? 0, column: '', reason: `not readable as CSV: ${e.message ?? 'unknown'}` },
    };
  }
}

async function readXlsx(file: Buffer): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { error: { row: 0, column: '', reason: 'not a readable XLSX file' } };
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return { error: { row: 0, column: '', reason: 'the workbook has no sheet' } };
  if (sheet.rowCount > ORG_IMPORT_MAX_ROWS + 1)
    return {
      error: { row: ORG_IMPORT_MAX_ROWS + 2, column: '', reason: `more than ${ORG_IMPORT_MAX_ROWS} rows` },
    };
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, ORG_COLUMNS.length); c++)
      cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return { rows };
}

/** A cell as text: dates as YYYY-MM-DD, numbers as written, formulas by their result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
  }
  return '';
}

async function writeXlsx(cells: (readonly string[])[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Organisasi');
  for (const row of cells) sheet.addRow([...row]);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  ORG_COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = Math.max(12, c.length + 4)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
