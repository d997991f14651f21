import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MyMonthPage, VerificationPage } from './pages/kinerja-pages.ts';
import { closeApp, saveScreenshot, VIEWPORTS, type AppPage } from './support/browser.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import type { StackUser } from './support/stack.ts';

/**
 * Kinerja in the browser: an officer on a phone (360×800) uploads evidence for a monthly target; the
 * browser hashes the file and signs the statement with its own Ed25519 key (WebCrypto), the countdown
 * in working days is shown; the direct superior at a desk sees it in the queue with its signature
 * check and validates it; the officer sees it validated. The day is Monday 2026-11-23, 10:00 WIB.
 */
const KEL = '16.71.01.1001';
const ASN = '198001012005011001';
const ATASAN = '197001012000011001';

let e: E2E;
let asn: StackUser & { password: string };
let atasan: StackUser & { password: string };
let app: AppPage | null = null;

beforeAll(async () => {
  e = await startE2E();
  const db = e.stack.ctx.db;
  await db
    .insertInto('officers')
    .values([
      {
        nip: ASN,
        name: 'Siti Aminah',
        kelurahan_code: KEL,
        position: 'Pelaksana',
        desk_code: null,
        pin: '71',
      },
      { nip: ATASAN, name: 'Budi Lurah', kelurahan_code: KEL, position: 'Lurah', desk_code: null, pin: '72' },
    ])
    .execute();
  for (const [nip, up] of [
    [ATASAN, null],
    [ASN, ATASAN],
  ] as const)
    await db
      .insertInto('officer_assignments')
      .values({
        nip,
        valid_from: '2026-01-01',
        unit_kind: 'kelurahan',
        unit_code: KEL,
        jabatan: 'Pelaksana',
        jenis_jabatan: 'pelaksana',
        kelas_jabatan: 7,
        golongan: 'III/a',
        atasan_nip: up,
        recorded_by: 'e2e',
      })
      .execute();
  asn = await e.stack.user({ username: 'siti', role: 'asn', nip: ASN, displayName: 'Siti Aminah' });
  atasan = await e.stack.user({ username: 'budi', role: 'asn', nip: ATASAN, displayName: 'Budi' });
  const by = (
    await db.selectFrom('users').select('id').where('username', '=', 'budi').executeTakeFirstOrThrow()
  ).id;
  const rhk = await db
    .insertInto('kinerja_rhk')
    .values({
      nip: ASN,
      year: 2026,
      indicator: 'Surat pengantar diterbitkan',
      unit: 'surat',
      annual_target: 1200,
      weight: 60,
      parent_id: null,
      office_kpi: null,
      created_by: by,
      created_at: new Date(e.stack.ctx.clock.now()),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('kinerja_targets')
    .values({
      rhk_id: rhk.id,
      month: '2026-11',
      target: 100,
      set_by: by,
      set_at: new Date(e.stack.ctx.clock.now()),
    })
    .execute();
});
afterAll(async () => {
  await e?.stop();
});
afterEach(async () => {
  await closeApp(app);
  app = null;
});

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(40_000, 7), Buffer.from('\n%%EOF\n')]);

describe('kinerja', () => {
  it('takes signed evidence on a phone with the working-day countdown', async () => {
    app = await signedIn(e, VIEWPORTS.mobile, asn);
    const month = new MyMonthPage(app.page);
    await month.open();
    // Monday's activity is due by the end of Thursday: three working days after it are left.
    await expect.poll(() => month.countdown().textContent()).toMatch(/Sisa 3 hari kerja/);
    await month.submit(90, { name: 'rekap-surat.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => month.status().textContent(), { timeout: 15_000 }).toBe('Menunggu atasan');
    expect(await month.signature().textContent()).toBe('Tanda tangan sah');
    const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(app.page, 'mobile-bulan-saya');
  });

  it('lets the direct superior check the signature and validate, oldest first', async () => {
    app = await signedIn(e, VIEWPORTS.desktop, atasan);
    const queue = new VerificationPage(app.page);
    await queue.open();
    await queue.items.first().waitFor();
    expect(await queue.items.count()).toBe(1);
    expect(await queue.signature().textContent()).toBe('Tanda tangan sah');
    await saveScreenshot(app.page, 'desktop-antrian-verifikasi');
    await queue.validateFirst();
    await queue.empty.waitFor();
  });

  it('shows the officer the superior’s validation', async () => {
    app = await signedIn(e, VIEWPORTS.mobile, asn);
    const month = new MyMonthPage(app.page);
    await month.open();
    await expect.poll(() => month.status().textContent()).toBe('Disahkan atasan');
    await saveScreenshot(app.page, 'mobile-bulan-saya-disahkan');
  });
});
