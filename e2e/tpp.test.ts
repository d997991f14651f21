import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureOffice } from '@pkk/platform/testing/findings';
import { addOfficer, addPunchFinding, attendanceDevice } from '@pkk/platform/tpp/testing';
import { TppPage } from './pages/tpp-page.ts';
import { axeAudit, BLOCKING, findings } from './support/axe.ts';
import { DEVICE_VARIANTS, saveScreenshot, type AppPage } from './support/browser.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import type { StackUser } from './support/stack.ts';

/**
 * TPP per Unit in the browser on the real stack (api, PostgreSQL): HR recomputes a month, opens an
 * officer's line down to the finding version and the terminal's raw payload hash, locks and publishes
 * it; the lurah sees their own office only, withheld officers with the reason, and the rules'
 * assumptions. Each viewport works on a month of its own (the e2e day is 23 November 2026, so the
 * appeal windows of September and October are closed).
 */
const KEL = '16.71.06.1005';
const OTHER = '16.71.07.1002';
const KEC = '16.71.06';
const LURAH = '197001011990031061';
const SITI = '199001012015032062';
const ELSEWHERE = '199101012015031063';
const MONTH = { desktop: '2026-10', mobile: '2026-09' } as const;

let e: E2E;
let hr: StackUser & { password: string };
let lurah: StackUser & { password: string };
let app: AppPage | null = null;
const raw: Record<string, string> = {};

beforeAll(async () => {
  e = await startE2E();
  const db = e.stack.ctx.db;
  await ensureOffice(e.stack.ctx, KEL);
  await ensureOffice(e.stack.ctx, OTHER);
  const device = await attendanceDevice(db, KEL);
  await addOfficer(
    db,
    { nip: LURAH, name: 'Hendra Lurah', kelurahan: KEL, kelas: 9, atasan: null, jabatan: 'Lurah' },
    '61',
  );
  await addOfficer(db, { nip: SITI, name: 'Siti Rahma', kelurahan: KEL, kelas: 7, atasan: LURAH }, '62');
  await addOfficer(db, { nip: ELSEWHERE, name: 'Budi Lain', kelurahan: OTHER, kelas: 6, atasan: null }, '63');
  for (const [vp, month] of Object.entries(MONTH)) {
    const f = await addPunchFinding(db, {
      nip: SITI,
      kelurahan: KEL,
      kecamatan: KEC,
      deviceId: device,
      date: `${month}-06`,
      kind: 'late_arrival',
      tier: 'TL3',
      minutes: 75,
      at: Date.parse(`${month}-06T08:45:00+07:00`),
    });
    raw[vp] = f.rawSha256!;
  }
  hr = await e.stack.user({ username: 'hr-t', role: 'hr', displayName: 'BKPSDM Kota' });
  lurah = await e.stack.user({
    username: 'lurah-t',
    role: 'lurah',
    kecamatanCode: KEC,
    kelurahanCode: KEL,
    displayName: 'Lurah Hendra',
  });
});
afterAll(async () => {
  await e?.stop();
});
afterEach(async () => {
  const errors = app?.errors ?? [];
  await app?.close();
  app = null;
  expect(errors).toEqual([]);
});

async function expectAccessible(screen: string): Promise<void> {
  const { violations } = await axeAudit(app!.page);
  const blocking = violations.filter((v) => v.impact && BLOCKING.includes(v.impact));
  expect.soft(findings(blocking), `${screen}: serious or critical axe-core violations`).toEqual([]);
  expect.soft(await app!.page.locator('main').count(), `${screen}: one <main>`).toBe(1);
}

describe.each(DEVICE_VARIANTS)('TPP per unit ($name)', (vp) => {
  const month = MONTH[vp.name as keyof typeof MONTH];

  it('HR recomputes the month, walks a rupiah to the raw device record, locks and publishes', async () => {
    app = await signedIn(e, vp, hr);
    expect(new URL(app.page.url()).pathname).toBe('/tpp');
    const tpp = new TppPage(app.page);
    await tpp.open(month);
    await tpp.stateIs('Belum dihitung');
    await tpp.run.click();
    await tpp.row(SITI).waitFor();
    await tpp.stateIs('Draf');
    expect(await tpp.rows.count()).toBe(3);
    // Nothing submitted in the kinerja module yet: withheld, with the reason (R1.5).
    expect(await tpp.row(SITI).innerText()).toContain('realisasi/eviden belum diunggah');
    await tpp.openLine(SITI);
    const late = tpp.line.locator('[data-testid=tpp-deduction][data-key^="finding:"]');
    expect(await late.innerText()).toContain('Terlambat datang');
    await late.getByTestId('tpp-finding').locator('summary').click();
    expect(await late.getByTestId('tpp-raw').innerText()).toContain(raw[vp.name]!);
    expect(await tpp.line.getByTestId('tpp-kinerja').innerText()).toContain('belum ada');
    await saveScreenshot(app.page, `tpp-line-${vp.name}`);
    await expectAccessible(`tpp ${vp.name}, a line open`);

    await tpp.lock.click();
    await tpp.stateIs('Dikunci');
    await tpp.publish.click();
    await tpp.stateIs('Diterbitkan');
    expect(await tpp.run.isDisabled()).toBe(true);
  });

  it('the lurah sees their own office, not another, and the assumptions of the rules', async () => {
    app = await signedIn(e, vp, lurah);
    const tpp = new TppPage(app.page);
    await tpp.open(month);
    await tpp.row(SITI).waitFor();
    expect(await tpp.rows.count()).toBe(2);
    expect(await tpp.row(ELSEWHERE).count()).toBe(0);
    expect(await tpp.run.count()).toBe(0);
    await tpp.assumptions.locator('summary').click();
    expect(await tpp.assumptions.innerText()).toContain('disiplin.cutBase');
    await saveScreenshot(app.page, `tpp-lurah-${vp.name}`);
    await expectAccessible(`tpp ${vp.name}, lurah`);
  });
});
