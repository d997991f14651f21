import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OrganisasiPage } from './pages/organisasi-page.ts';
import { DEVICE_VARIANTS, saveScreenshot, type AppPage } from './support/browser.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import { signIn } from './support/seed.ts';
import type { StackUser } from './support/stack.ts';

/**
 * Organisasi in the browser on the real stack: an admin previews an import and is shown every bad
 * row by row, column and reason with nothing stored, then imports; the units list their officers
 * with kelas, golongan, the basic TPP (an assumption where tpp.yaml says TYPICAL) and the superior;
 * an officer's history shows the class change as a new row; a lurah sees only their office.
 */
const KEC = '16.71.03';
const KEL = { desktop: '16.71.03.1001', mobile: '16.71.03.1002' } as const;
const nips = (i: number) => ({
  lurah: `19750101199503100${i}`,
  staff: `19900101201503100${i}`,
  other: `19910101201603100${i}`,
});
const HEADER =
  'nip,nama,berlaku_mulai,berlaku_sampai,jenis_unit,kode_unit,jabatan,jenis_jabatan,kelas_jabatan,golongan,tpp_dasar,nip_atasan';

let e: E2E;
let admin: StackUser & { password: string };
let app: AppPage | null = null;

beforeAll(async () => {
  e = await startE2E();
  admin = await e.stack.user({ username: 'admin-o', role: 'admin', displayName: 'Admin BKPSDM' });
  const cookie = await signIn(e.stack.url, admin.username, admin.password);
  const officers = (['desktop', 'mobile'] as const).flatMap((v, i) => {
    const n = nips(i + 1);
    return [
      { nip: n.lurah, name: `Lurah ${v}`, kelurahanCode: KEL[v], position: 'Lurah', pin: '1' },
      { nip: n.staff, name: `Staf ${v}`, kelurahanCode: KEL[v], position: 'Staf Pelaksana', pin: '2' },
      { nip: n.other, name: `Lain ${v}`, kelurahanCode: KEL[v], position: 'Staf Pelaksana', pin: '3' },
    ];
  });
  const res = await fetch(`${e.stack.url}/api/v1/officers`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ officers }),
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await e?.stop();
});
afterEach(async () => {
  // The refused import answers 400 on purpose.
  const errors = (app?.errors ?? []).filter((m) => !/the server responded with a status of 400/.test(m));
  await app?.close();
  app = null;
  expect(errors).toEqual([]);
});

describe.each(DEVICE_VARIANTS)('organisasi ($name)', (vp) => {
  const v = vp.mobile ? 'mobile' : 'desktop';
  const kel = KEL[v];
  const n = nips(vp.mobile ? 2 : 1);
  const line = (nip: string, from: string, kelas: string, atasan: string, jabatan = 'Staf Pelaksana') =>
    [nip, '', from, '', 'kelurahan', kel, jabatan, 'pelaksana', kelas, 'II/c', '', atasan].join(',');

  it('an admin previews, sees each bad row named, imports, and reads a history', async () => {
    app = await signedIn(e, vp, admin);
    const org = new OrganisasiPage(app.page);
    await org.open();
    await org.choose(
      'salah.csv',
      [HEADER, line(n.staff, '2026-01-01', '18', n.lurah), line(n.other, '2026-02-30', '5', n.lurah)].join(
        '\n',
      ),
    );
    await org.preview.click();
    await org.errors.waitFor();
    const rows = await org.errorRows();
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['2', 'kelas_jabatan'],
      ['3', 'berlaku_mulai'],
    ]);
    await saveScreenshot(app.page, `organisasi-import-errors-${vp.name}`);

    const good = [
      HEADER,
      [n.lurah, '', '2026-01-01', '', 'kelurahan', kel, 'Lurah', 'pengawas', '9', 'III/d', '', ''].join(','),
      line(n.staff, '2026-01-01', '5', n.lurah),
      line(n.staff, '2026-11-16', '6', n.lurah),
      line(n.other, '2026-01-01', '7', n.lurah, 'Penata Layanan Operasional'),
    ].join('\n');
    await org.choose('organisasi.csv', good);
    await org.preview.click();
    await org.result.waitFor();
    expect(await org.result.textContent()).toContain('4');
    await org.apply.click();
    await org.row(n.staff).waitFor();
    const staffRow = await org.row(n.staff).textContent();
    expect(staffRow).toContain('Staf');
    expect(staffRow).toContain('II/c');
    expect(staffRow).toContain('Lurah');
    expect(staffRow).toContain('asumsi');
    await org.row(n.staff).getByRole('button').click();
    await org.history.waitFor();
    const history = await org.history.locator('li').allTextContents();
    expect(history).toHaveLength(2);
    expect(history[0]).toContain('2026-11-16');
    expect(history[1]).toContain('2026-11-16 (tidak termasuk)');
    await saveScreenshot(app.page, `organisasi-${vp.name}`);

    const href = await org.exportCsv.getAttribute('href');
    const csv = await app.page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(csv).toContain(n.staff);
  });

  it('a lurah sees only their office, and no import', async () => {
    const lurah = await e.stack.user({
      username: `lurah-o-${v}`,
      role: 'lurah',
      kecamatanCode: KEC,
      kelurahanCode: kel,
      displayName: `Lurah ${v}`,
    });
    app = await signedIn(e, vp, lurah);
    const org = new OrganisasiPage(app.page);
    await org.open();
    await org.row(n.staff).waitFor();
    expect(await org.file.count()).toBe(0);
    const other = nips(vp.mobile ? 1 : 2);
    expect(await org.row(other.staff).count()).toBe(0);
  });
});
