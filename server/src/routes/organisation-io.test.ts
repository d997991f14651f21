import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentSegment, sanctionEntry } from '@pkk/core';
import { segmentsOf } from '@pkk/platform/org/assignments';
import { sanctionEntriesOf } from '@pkk/platform/org/sanctions';
import { testApi } from '../testing/context.ts';
import { createWorld, insertFinding, KA, KB, NIP, type TestApi, type World } from '../testing/world.ts';

/** Import and export of the organisation (CSV, XLSX), the sanctions register and the R4.3 cases. */
const LURAH = '197501011995031002';
let t: TestApi;
let w: World;

const HEADER =
  'nip,nama,berlaku_mulai,berlaku_sampai,jenis_unit,kode_unit,jabatan,jenis_jabatan,kelas_jabatan,golongan,tpp_dasar,nip_atasan';
const line = (
  nip: string,
  from: string,
  kelas: string,
  atasan = LURAH,
  extra: Partial<{ jabatan: string; golongan: string; unit: string }> = {},
) =>
  [
    nip,
    '',
    from,
    '',
    'kelurahan',
    extra.unit ?? KA,
    extra.jabatan ?? 'Staf Pelaksana',
    'pelaksana',
    kelas,
    extra.golongan ?? 'II/c',
    '',
    atasan,
  ].join(',');
const importFile = (
  content: Buffer | string,
  format: 'csv' | 'xlsx' = 'csv',
  dryRun = false,
  who: Parameters<World['call']>[0] = 'admin',
) =>
  w.call(who, 'POST', '/api/v1/organisation/import', {
    format,
    content: Buffer.from(content).toString('base64'),
    dryRun,
  });
const rowsOf = async () =>
  await t.ctx.db
    .selectFrom('officer_assignments')
    .select(['nip', 'valid_from', 'valid_to', 'kelas_jabatan'])
    .orderBy('nip')
    .orderBy('valid_from')
    .execute();
async function download(format: 'csv' | 'xlsx', query = '') {
  const res = await fetch(`${t.url}/api/v1/organisation/export?format=${format}${query}`, {
    headers: w.headers('admin'),
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

beforeAll(async () => {
  t = await testApi();
  w = await createWorld(t);
  const r = await w.call('admin', 'PUT', '/api/v1/officers', {
    officers: [{ nip: LURAH, name: 'Lurah Satu', kelurahanCode: KA, position: 'Lurah', pin: '9' }],
  });
  expect(r.status).toBe(200);
});
afterAll(() => t?.dispose());

describe('import', () => {
  it('names every bad row by row, column and reason, and stores nothing', async () => {
    const csv = [
      HEADER,
      line(LURAH, '2026-01-01', '9', ''),
      line(NIP.a, '2026-01-01', '18'),
      line(NIP.a2, '2026/01/01', '5'),
      line('199912312020121001', '2026-01-01', '5'),
      line(NIP.b, '2026-01-01', '5', '', { golongan: 'V/z' }),
    ].join('\n');
    const r = await importFile(csv);
    expect(r.status).toBe(400);
    const details = (r.body as { error: { details: { row: number; column: string; reason: string }[] } })
      .error.details;
    expect(details.map((d) => [d.row, d.column])).toEqual([
      [3, 'kelas_jabatan'],
      [4, 'berlaku_mulai'],
      [6, 'golongan'],
    ]);
    expect(await rowsOf()).toEqual([]);
    // Rows valid by themselves but wrong against the registry are named too, and nothing is stored.
    const r2 = await importFile(
      [HEADER, line(LURAH, '2026-01-01', '9', ''), line('199912312020121001', '2026-01-01', '5')].join('\n'),
    );
    expect(r2.status).toBe(400);
    expect(
      (r2.body as { error: { details: { row: number; column: string }[] } }).error.details,
    ).toMatchObject([{ row: 3, column: 'nip' }]);
    expect(await rowsOf()).toEqual([]);
  });

  it('names a missing or unknown column in the header', async () => {
    const r = await importFile('nip,berlaku_mulai,pangkat\n1,2,3');
    expect(r.status).toBe(400);
    const cols = (r.body as { error: { details: { row: number; column: string }[] } }).error.details.map(
      (d) => d.column,
    );
    expect(cols).toContain('pangkat');
    expect(cols).toContain('kelas_jabatan');
  });

  it('previews in a dry run exactly, then imports; history replays oldest first', async () => {
    const csv = [
      HEADER,
      line(NIP.a, '2026-11-16', '6'),
      line(LURAH, '2026-01-01', '9', ''),
      line(NIP.a, '2026-01-01', '5'),
      line(NIP.b, '2026-01-01', '7', '', { unit: KB, jabatan: '"=HYPERLINK(""x"")"' }),
    ].join('\r\n');
    const dry = await importFile(csv, 'csv', true);
    expect(dry).toMatchObject({ status: 200 });
    expect(dry.body).toMatchObject({ dryRun: true, applied: false });
    expect(
      (dry.body as { rows: { row: number; action: string }[] }).rows.map((x) => [x.row, x.action]),
    ).toEqual([
      [2, 'create'],
      [3, 'create'],
      [4, 'create'],
      [5, 'create'],
    ]);
    expect(await rowsOf()).toEqual([]);
    const real = await importFile(csv);
    expect(real.status).toBe(200);
    expect(await rowsOf()).toEqual([
      { nip: LURAH, valid_from: '2026-01-01', valid_to: null, kelas_jabatan: 9 },
      { nip: NIP.a, valid_from: '2026-01-01', valid_to: '2026-11-16', kelas_jabatan: 5 },
      { nip: NIP.a, valid_from: '2026-11-16', valid_to: null, kelas_jabatan: 6 },
      { nip: NIP.b, valid_from: '2026-01-01', valid_to: null, kelas_jabatan: 7 },
    ]);
  });

  it('gives the TPP run its segments: the end inclusive, each naming its row', async () => {
    const segs = await segmentsOf(t.ctx.db, NIP.a, '2026-11');
    expect(segs.map((x) => assignmentSegment.parse(x))).toMatchObject([
      { from: '2026-01-01', to: '2026-11-15', kelas: 5, superior: LURAH, basicOverride: null },
      {
        from: '2026-11-16',
        to: null,
        kelas: 6,
        jenisJabatan: 'pelaksana',
        unit: { kind: 'kelurahan', code: KA },
      },
    ]);
    expect(segs[0]!.ref).toMatch(/^officer_assignments:\d+$/);
    expect(await segmentsOf(t.ctx.db, NIP.a, '2025-12')).toEqual([]);
  });

  it('round-trips its own export, CSV and XLSX, current and whole history', async () => {
    const csv = await download('csv', '&rows=all');
    const text = csv.toString('utf8');
    expect(text.startsWith('\uFEFFnip,nama,')).toBe(true);
    // A formula-like text is exported quoted, and read back without the quote.
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    const again = await importFile(csv);
    expect(again.status).toBe(200);
    expect((again.body as { rows: { action: string }[] }).rows.map((x) => x.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    const xlsx = await download('xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('nip');
    // NIPs stay text (an 18-digit number would lose its last digits).
    expect(sheet.getRow(2).getCell(1).value).toBe(LURAH);
    const back = await importFile(xlsx, 'xlsx');
    expect(back.status).toBe(200);
    expect((back.body as { rows: { action: string }[] }).rows.every((x) => x.action === 'unchanged')).toBe(
      true,
    );
    expect((await rowsOf()).length).toBe(4);
  });

  it('takes a class change from an edited XLSX, and names a bad cell of one', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('x');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(line(NIP.b, '2026-12-01', '8', '', { unit: KB }).split(','));
    sheet.getRow(2).getCell(9).value = 8;
    const good = await importFile(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(good.status).toBe(200);
    expect((good.body as { rows: { action: string; closes: number | null }[] }).rows[0]).toMatchObject({
      action: 'create',
    });
    sheet.getRow(2).getCell(9).value = 'delapan';
    const bad = await importFile(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(bad.status).toBe(400);
    expect(
      (bad.body as { error: { details: { row: number; column: string }[] } }).error.details,
    ).toMatchObject([{ row: 2, column: 'kelas_jabatan' }]);
    const junk = await importFile('not a zip', 'xlsx');
    expect(junk.status).toBe(400);
  });

  it('is refused to readers, and exports only the area', async () => {
    expect((await importFile(HEADER, 'csv', true, 'lurah')).status).toBe(403);
    const res = await fetch(`${t.url}/api/v1/organisation/export?format=csv`, {
      headers: w.headers('lurah'),
    });
    const text = await res.text();
    expect(text).toContain(NIP.a);
    expect(text).not.toContain(NIP.b);
  });
});

describe('sanctions and cases', () => {
  const sanction = (over: Record<string, unknown> = {}) => ({
    nip: NIP.a,
    sk: '800/123/BKPSDM/2026',
    kind: 'potong_tpp_25_6',
    start: '2026-11-01',
    ...over,
  });

  it('keeps the register: a kind of tpp.yaml, an SK once, an annulment as its own row', async () => {
    expect((await w.call('admin', 'POST', '/api/v1/sanctions', sanction({ kind: 'denda' }))).status).toBe(
      400,
    );
    expect((await w.call('lurah', 'POST', '/api/v1/sanctions', sanction())).status).toBe(403);
    const r = await w.call('hr', 'POST', '/api/v1/sanctions', sanction());
    expect(r.status).toBe(201);
    expect((await w.call('admin', 'POST', '/api/v1/sanctions', sanction())).status).toBe(409);
    const id = (r.body as { id: number }).id;
    const list = await w.call('lurah', 'GET', '/api/v1/sanctions');
    expect((list.body as { items: unknown[] }).items).toMatchObject([
      { id, nip: NIP.a, level: 'sedang', months: null, effectiveMonths: 6, cutBp: 2500, annulled: null },
    ]);
    expect(
      ((await w.call('asn', 'GET', '/api/v1/sanctions')).body as { items: unknown[] }).items,
    ).toHaveLength(1);
    const other = await w.call('admin', 'POST', '/api/v1/sanctions', sanction({ nip: NIP.b, sk: 'SK-B' }));
    expect(other.status).toBe(201);
    expect(
      ((await w.call('lurah', 'GET', '/api/v1/sanctions')).body as { items: unknown[] }).items,
    ).toHaveLength(1);
    const annul = await w.call('admin', 'POST', `/api/v1/sanctions/${id}/annul`, {
      sk: 'SK-BATAL',
      note: 'banding',
    });
    expect(annul.status).toBe(201);
    expect((await w.call('admin', 'POST', `/api/v1/sanctions/${id}/annul`, { sk: 'SK-2' })).status).toBe(409);
    expect(await sanctionEntriesOf(t.ctx.db, NIP.a)).toEqual([]);
    expect((await sanctionEntriesOf(t.ctx.db, NIP.b)).map((e) => sanctionEntry.parse(e))).toEqual([
      { sk: 'SK-B', kind: 'potong_tpp_25_6', start: '2026-11-01', months: null },
    ]);
    const after = await w.call('admin', 'GET', `/api/v1/sanctions?nip=${NIP.a}`);
    expect((after.body as { items: { annulled: { sk: string } }[] }).items[0]!.annulled.sk).toBe('SK-BATAL');
  });

  it('opens a case for the superior when standing absences cross a rung, never a sanction', async () => {
    for (const date of ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-04']) {
      const f = await insertFinding(t, { kelurahan: KA, nip: NIP.a, kind: 'absent_no_notice', date });
      await t.ctx.db.updateTable('findings').set({ standing: 'standing' }).where('id', '=', f.id).execute();
    }
    // Pending and overturned absences do not count.
    await insertFinding(t, { kelurahan: KA, nip: NIP.a, kind: 'absent_no_notice', date: '2026-11-05' });
    const scan = await w.call('admin', 'POST', '/api/v1/sanctions/cases/scan', { year: 2026 });
    expect(scan.status).toBe(200);
    const opened = (
      scan.body as {
        opened: {
          id: number;
          days: number;
          proposedSanction: string;
          assignedTo: string;
          findingIds: number[];
        }[];
      }
    ).opened;
    expect(opened).toMatchObject([
      { days: 3, proposedSanction: 'teguran_lisan', assignedTo: LURAH, state: 'open' },
    ]);
    expect(opened[0]!.findingIds).toHaveLength(4);
    const again = await w.call('admin', 'POST', '/api/v1/sanctions/cases/scan', { year: 2026 });
    expect((again.body as { opened: unknown[] }).opened).toEqual([]);
    const sanctions = await t.ctx.db.selectFrom('sanctions').select('id').where('nip', '=', NIP.a).execute();
    expect(sanctions).toHaveLength(1);
    expect(
      ((await w.call('lurah', 'GET', '/api/v1/sanctions/cases?state=open')).body as { items: unknown[] })
        .items,
    ).toHaveLength(1);
    expect((await w.call('verifikator', 'GET', '/api/v1/sanctions/cases')).status).toBe(403);
    const closing = await w.call(
      'admin',
      'POST',
      '/api/v1/sanctions',
      sanction({ sk: 'SK-TL', kind: 'teguran_lisan', caseId: opened[0]!.id }),
    );
    expect(closing.status).toBe(201);
    const cases = await w.call('admin', 'GET', '/api/v1/sanctions/cases');
    expect((cases.body as { items: unknown[] }).items).toMatchObject([
      { state: 'closed', outcome: 'sanctioned', outcomeNote: 'SK SK-TL' },
    ]);
    expect(
      (
        await w.call('admin', 'POST', `/api/v1/sanctions/cases/${opened[0]!.id}/dismiss`, {
          outcome: 'dismissed',
          note: 'x',
        })
      ).status,
    ).toBe(409);
  });
});
