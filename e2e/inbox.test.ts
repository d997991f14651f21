import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '@pkk/workers/runner';
import { FindingPage } from './pages/finding-page.ts';
import { InboxPage } from './pages/inbox-page.ts';
import { closeApp, DEVICE_VARIANTS, saveScreenshot, type AppPage } from './support/browser.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import { postQueue, registerDevices, signIn, type OfficeKeys } from './support/seed.ts';
import type { StackUser } from './support/stack.ts';

/**
 * The camat's inbox in the browser, on the real pipeline (api, workers, PostgreSQL, Redis): a citizen
 * left waiting past the target appears while the inbox is open, with its evidence, and the camat
 * acknowledges it there.
 */
const OFFICES = { desktop: '16.71.05.1001', mobile: '16.71.05.1002' } as const;
const KEC = '16.71.05';

let e: E2E;
let workers: RunningWorkers;
let keys: Map<string, OfficeKeys>;
let camat: StackUser & { password: string };
let app: AppPage | null = null;

beforeAll(async () => {
  e = await startE2E();
  const admin = await e.stack.user({ username: 'admin-i', role: 'admin' });
  keys = await registerDevices(
    e.stack.url,
    await signIn(e.stack.url, admin.username, admin.password),
    Object.values(OFFICES),
  );
  camat = await e.stack.user({
    username: 'camat-i',
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
  await closeApp(app);
  app = null;
});

describe.each(DEVICE_VARIANTS)("the camat's inbox ($name)", (vp) => {
  it('shows a wait breach as it opens, with its evidence, and takes the acknowledgement', async () => {
    const code = OFFICES[vp.name as keyof typeof OFFICES];
    app = await signedIn(e, vp, camat);
    const inbox = new InboxPage(app.page);
    await inbox.open();
    const issued = new Date(e.stack.ctx.clock.now() - 40 * 60_000).toISOString();
    const r = await postQueue(e.stack.url, keys.get(code)!.queue, code, [
      {
        type: 'ticket.issued',
        ticketId: `I-${vp.name}`,
        ticketNumber: 'A001',
        service: 'domisili',
        time: issued,
      },
    ]);
    expect(r.accepted).toBe(1);
    const card = inbox.finding('queue_wait_sla').filter({ hasText: `I-${vp.name}` });
    await card.waitFor({ timeout: 20_000 });
    await card.locator('summary').click();
    await expect.poll(() => card.locator('.finding__signals li').count()).toBeGreaterThan(0);
    // The evidence in the reader's language, from the signal's code and values.
    expect(await card.locator('.finding__signals li').first().textContent()).toMatch(
      /Antrean: menunggu \d+ mnt, target \d+ mnt/,
    );
    await card.getByTestId('acknowledge').click();
    await card.getByTestId('acked').waitFor();
    await saveScreenshot(app.page, `inbox-${vp.name}`);

    // The finding at its own address, as a push notification's tap opens it: its evidence shown,
    // and what happened to it, who and when.
    await card.getByTestId('finding-link').click();
    const page = new FindingPage(app.page);
    await page.ready();
    const id = Number(new URL(app.page.url()).pathname.split('/').pop());
    expect(id).toBeGreaterThan(0);
    expect(await page.card.getAttribute('data-kind')).toBe('queue_wait_sla');
    expect(await page.card.innerText()).toMatch(/Warga menunggu \d+ mnt \(target 30\)/);
    expect(await page.card.locator('.finding__signals li').first().isVisible()).toBe(true);
    expect(await page.history.innerText()).toMatch(/Dibuka[\s\S]*Ditindaklanjuti · oleh camat-i/);
    await page.open(id);
    expect(await page.card.innerText()).toContain(`I-${vp.name}`);
  });
});
