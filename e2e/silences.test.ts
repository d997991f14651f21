import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '@pkk/workers/runner';
import { AppShell } from './pages/app-shell.ts';
import { InboxPage } from './pages/inbox-page.ts';
import { SilencesPage } from './pages/silences-page.ts';
import { axeAudit, BLOCKING, findings } from './support/axe.ts';
import { DEVICE_VARIANTS, saveScreenshot, type AppPage } from './support/browser.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import { postQueue, registerDevices, signIn, type OfficeKeys } from './support/seed.ts';
import type { StackUser } from './support/stack.ts';
import { wibTime } from './support/time.ts';

/**
 * Pembisuan in the browser, on the real stack (api, workers, PostgreSQL, Redis): an operator silences
 * alerts in Alertmanager's syntax and is told of a bad matcher, ends a silence early; a camat gets
 * their kecamatan matcher filled in and silences "like this" from a finding in the inbox; the
 * calendar lists the holidays and declares an office outage. Times are WIB (the browser runs in
 * Europe/Berlin) on the stack's clock (10:00 on the e2e day).
 */
const KEC = '16.71.05';
const OFFICE = { desktop: '16.71.05.1001', mobile: '16.71.05.1002' } as const;

let e: E2E;
let workers: RunningWorkers;
let keys: Map<string, OfficeKeys>;
let operator: StackUser & { password: string };
let camat: StackUser & { password: string };
let app: AppPage | null = null;

beforeAll(async () => {
  e = await startE2E();
  const admin = await e.stack.user({ username: 'admin-s', role: 'admin' });
  keys = await registerDevices(
    e.stack.url,
    await signIn(e.stack.url, admin.username, admin.password),
    Object.values(OFFICE),
  );
  operator = await e.stack.user({
    username: 'operator-s',
    role: 'operator',
    displayName: 'Operator Kominfo',
  });
  camat = await e.stack.user({
    username: 'camat-s',
    role: 'camat',
    kecamatanCode: KEC,
    displayName: 'Camat Kemuning',
  });
  workers = await startWorkers(e.stack.ctx, { schedules: false });
});
afterAll(async () => {
  await workers?.close();
  await e?.stop();
});
afterEach(async () => {
  const errors = (app?.errors ?? []).filter(
    (m) => !/the server responded with a status of (400|403)/.test(m),
  );
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

const HOUR = 3_600_000;

describe.each(DEVICE_VARIANTS)('silences ($name)', (vp) => {
  const code = OFFICE[vp.name as keyof typeof OFFICE];

  it('an operator is told of a bad matcher, silences in Alertmanager syntax, sees it in WIB, and ends it', async () => {
    app = await signedIn(e, vp, operator);
    const s = new SilencesPage(app.page);
    await s.open();
    // A typo: the field says which part is not a matcher, the comment is required.
    await s.create('alertname="queue_wait_sla", kelurahan 16.71', '');
    await s.matchersError.waitFor();
    expect(await s.matchersError.innerText()).toContain('Bukan pencocok: «kelurahan 16.71»');
    expect(await s.matchers.getAttribute('aria-invalid')).toBe('true');
    expect(await s.commentError.innerText()).toBe('Tulis alasannya.');
    await expectAccessible(`silences ${vp.name}, with errors`);

    const now = e.stack.ctx.clock.now();
    await s.create(`{alertname="queue_wait_sla", kelurahan="${code}"}`, 'Pemadaman listrik PLN', '120');
    await s.created.waitFor();
    const text = `{alertname="queue_wait_sla", kelurahan="${code}"}`;
    const card = s.silence(text);
    await card.waitFor();
    expect(await card.getAttribute('data-state')).toBe('active');
    const shown = await card.innerText();
    expect(shown).toContain('Pemadaman listrik PLN');
    expect(shown).toContain('oleh operator-s'); // the account that created it
    expect(shown).toContain(e.stack.ctx.registry.get(code)!.name);
    // The window in WIB, starting at the server's now (10:00 on the e2e day), for two hours.
    expect([wibTime(now), wibTime(now + 60_000)].some((t) => shown.includes(`${t} – `))).toBe(true);
    expect(
      [wibTime(now + 2 * HOUR), wibTime(now + 2 * HOUR + 60_000)].some((t) => shown.includes(`– ${t} WIB`)),
    ).toBe(true);
    expect(shown).toContain('Sen, 23 Nov');
    // What the api stored: the same matchers, the window on the server's clock.
    const stored = await e.stack.ctx.db
      .selectFrom('silences')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored.matchers).toEqual([`alertname="queue_wait_sla"`, `kelurahan="${code}"`]);
    expect(Math.abs(stored.ends_at.getTime() - stored.starts_at.getTime() - 2 * HOUR)).toBeLessThan(60_000);
    expect(Math.abs(stored.starts_at.getTime() - now)).toBeLessThan(2 * 60_000);
    await expectAccessible(`silences ${vp.name}, listed`);
    await saveScreenshot(app.page, `silences-${vp.name}`);

    await card.getByTestId('silence-expire').click();
    await app.page
      .locator(`[data-testid=silence][data-state=expired][data-id="${await card.getAttribute('data-id')}"]`)
      .waitFor();
    expect(await s.silence(text).innerText()).toMatch(/diakhiri lebih awal pukul \d\d:\d\d/);
    expect(await s.silence(text).getByTestId('silence-expire').count()).toBe(0);

    // One tap to English: the same screen, the same WIB window.
    await new AppShell(app.page).language('en').click();
    await app.page.getByRole('heading', { level: 1, name: 'Alert silences' }).waitFor();
    expect(await s.silence(text).innerText()).toMatch(/^Ended\nMon 23 Nov \d\d:\d\d – \d\d:\d\d WIB/);

    // A regex JavaScript takes and RE2 (Alertmanager's engine, and the api's) does not: refused in
    // the form, before anything is sent.
    await s.create('alertname=~"(?!late).*"', 'Test');
    await s.matchersError.waitFor();
    expect(await s.matchersError.innerText()).toContain(
      'Invalid regular expression in «alertname=~"(?!late).*"»',
    );
  });

  it('a camat gets their kecamatan filled in, is refused without it, and silences like a finding from the inbox', async () => {
    app = await signedIn(e, vp, camat);
    const s = new SilencesPage(app.page);
    await s.open();
    expect(await s.matchers.inputValue()).toBe(`kecamatan="${KEC}"`);
    await s.create(`kelurahan="${code}"`, 'Perbaikan jaringan');
    await s.matchersError.waitFor();
    expect(await s.matchersError.innerText()).toBe(
      `Sertakan kecamatan="${KEC}": Camat hanya dapat membisukan wilayahnya sendiri.`,
    );

    // A citizen waiting past the target opens a finding; "Bisukan serupa" takes its kind and office.
    const inbox = new InboxPage(app.page);
    await inbox.open();
    const issued = new Date(e.stack.ctx.clock.now() - 40 * 60_000).toISOString();
    const ticket = `S-${vp.name}`;
    expect(
      (
        await postQueue(e.stack.url, keys.get(code)!.queue, code, [
          {
            type: 'ticket.issued',
            ticketId: ticket,
            ticketNumber: 'B001',
            service: 'domisili',
            time: issued,
          },
        ])
      ).accepted,
    ).toBe(1);
    const finding = inbox.finding('queue_wait_sla').filter({ hasText: ticket });
    await finding.waitFor({ timeout: 20_000 });
    await finding.getByTestId('silence-like').click();
    await s.ready();
    expect((await s.matchers.inputValue()).split('\n')).toEqual([
      `kecamatan="${KEC}"`,
      'alertname="queue_wait_sla"',
      `kelurahan="${code}"`,
    ]);
    // The reason is what is left to write: the cursor waits there.
    expect(await s.comment.evaluate((el) => el === document.activeElement)).toBe(true);
    await s.comment.fill('Antrean dialihkan ke kantor camat hari ini');
    await s.submit.click();
    await s.created.waitFor();
    const card = s.silence(`{kecamatan="${KEC}", alertname="queue_wait_sla", kelurahan="${code}"}`);
    await card.waitFor();
    expect(await card.innerText()).toContain('oleh camat-s');
    if (vp.name === 'desktop') await saveScreenshot(app.page, 'silences-camat-desktop');
  });

  it('the calendar lists the holidays and declares an office outage that silences the whole kelurahan', async () => {
    app = await signedIn(e, vp, vp.name === 'desktop' ? operator : camat);
    const s = new SilencesPage(app.page);
    await s.open('calendar');
    await s.holidays.first().waitFor();
    // The days off to come first; the year's past ones folded away.
    await app.page.getByText(/^Sudah lewat \(\d+\)$/).click();
    const independence = s.holidays.filter({ hasText: 'Hari Kemerdekaan Republik Indonesia' });
    expect(await independence.innerText()).toContain('Senin, 17 Agustus 2026');
    expect(await independence.innerText()).toContain('Libur nasional');
    // The next day off after the e2e day (Monday 23 November 2026) is marked as such.
    const next = s.holidays.filter({ hasText: 'Berikutnya' });
    expect(await next.count()).toBe(1);
    expect(await next.getAttribute('data-date')).toBe('2026-12-24');
    expect(await next.innerText()).toContain('Cuti Bersama Hari Raya Natal');
    expect(await s.holidays.first().getAttribute('data-date')).toBe('2026-12-24');

    const k = e.stack.ctx.registry.get(code)!;
    await s.declareOutage({
      kelurahan: code,
      date: '2026-11-23',
      from: '13:00',
      until: '15:30',
      reason: 'Pemadaman listrik terjadwal PLN',
    });
    await app.page.getByTestId('outage-declared').filter({ hasText: k.name }).waitFor();
    const outage = s.outages.filter({ hasText: 'Pemadaman listrik terjadwal PLN' });
    await outage.waitFor();
    expect(await outage.getAttribute('data-state')).toBe('pending');
    const shown = await outage.innerText();
    expect(shown).toContain('Sen, 23 Nov 13:00 – 15:30 WIB');
    expect(shown).toContain(k.name);
    // The silence the api expects for an outage: the kelurahan (and the kecamatan a camat must name).
    const stored = await e.stack.ctx.db
      .selectFrom('silences')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored.matchers).toEqual(
      vp.name === 'desktop' ? [`kelurahan="${code}"`] : [`kecamatan="${KEC}"`, `kelurahan="${code}"`],
    );
    expect(wibTime(stored.starts_at.getTime())).toBe('13:00');
    expect(wibTime(stored.ends_at.getTime())).toBe('15:30');
    await expectAccessible(`calendar ${vp.name}`);
    await saveScreenshot(app.page, `calendar-${vp.name}`);
  });
});
