import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.ts';
import { HomePage } from './pages/home-page.ts';
import { KelurahanPage } from './pages/kelurahan-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { WallPage } from './pages/wall-page.ts';
import { InboxPage } from './pages/inbox-page.ts';
import { axeAudit, BLOCKING, findings } from './support/axe.ts';
import { DEVICE_VARIANTS, openApp, type AppPage } from './support/browser.ts';
import { seedCity } from './support/city.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import type { Profile } from './support/seed.ts';
import type { StackUser } from './support/stack.ts';

const KEC = '16.71.01';
const KEL = '16.71.01.1001';
/** Offices with data, so that the screens show every status and a full office page. */
const PROFILES = new Map<string, Profile>([
  [KEL, 'normal'],
  ['16.71.01.1002', 'breach'],
  ['16.71.01.1003', 'attention'],
  ['16.71.01.1004', 'offline'],
  ['16.71.01.1005', 'staff_low'],
]);

let e: E2E;
let stopAlive: () => void;
const users: Record<string, StackUser & { password: string }> = {};
let app: AppPage | null = null;

beforeAll(async () => {
  e = await startE2E();
  const city = await seedCity(e.stack, { codes: [...PROFILES.keys()], profiles: PROFILES });
  stopAlive = city.keepAlive(15_000);
  const make: StackUser[] = [
    { username: 'walikota', role: 'walikota', displayName: 'Wali Kota' },
    { username: 'operator', role: 'operator', displayName: 'Operator' },
    { username: 'admin', role: 'admin', displayName: 'Admin' },
    { username: 'camat', role: 'camat', displayName: 'Camat', kecamatanCode: KEC },
    { username: 'lurah', role: 'lurah', displayName: 'Lurah', kecamatanCode: KEC, kelurahanCode: KEL },
    { username: 'asn', role: 'asn', displayName: 'Siti ASN', nip: '198001012005011001' },
    { username: 'hr', role: 'hr', displayName: 'BKPSDM' },
    { username: 'verifikator', role: 'verifikator', displayName: 'Verifikator' },
  ];
  for (const u of await Promise.all(make.map((u) => e.stack.user(u)))) users[u.username] = u;
});
afterAll(async () => {
  stopAlive?.();
  await e?.stop();
});
afterEach(async () => {
  await app?.close();
  app = null;
});

/** Fails (softly: every screen of a test is audited) with the list of serious and critical violations, and requires a main landmark on every screen. */
async function expectAccessible(screen: string): Promise<void> {
  const { violations } = await axeAudit(app!.page);
  const blocking = violations.filter((v) => v.impact && BLOCKING.includes(v.impact));
  expect.soft(findings(blocking), `${screen}: serious or critical axe-core violations`).toEqual([]);
  // A moderate rule, but one the platform issue names: a screen reader user jumps to the content.
  expect
    .soft(
      findings(violations.filter((v) => v.id === 'landmark-one-main' || v.id === 'region')),
      `${screen}: content outside landmarks`,
    )
    .toEqual([]);
  expect.soft(await app!.page.locator('main').count(), `${screen}: one <main>`).toBe(1);
}

/** Where each role lands after signing in, and what tells that the screen is ready. */
const landings = [
  { role: 'walikota', path: '/' },
  { role: 'operator', path: '/wall' },
  { role: 'admin', path: '/wall' },
  { role: 'camat', path: '/' },
  { role: 'lurah', path: `/kelurahan/${KEL}` },
  { role: 'asn', path: '/appeals' },
  { role: 'hr', path: '/tpp' },
  { role: 'verifikator', path: '/appeals' },
] as const;

async function ready(path: string): Promise<void> {
  const page = app!.page;
  if (path === '/wall') await new WallPage(page).ready();
  else if (path === '/') await new HomePage(page).ready();
  else if (path === '/inbox') await new InboxPage(page).ready();
  else if (path === '/appeals') await page.getByTestId('appeals').waitFor();
  else if (path === '/tpp') await page.getByTestId('tpp').waitFor();
  else if (path.startsWith('/silences'))
    await page.locator('[data-testid=silences][data-phase=ready]').waitFor();
  else if (path.startsWith('/kelurahan/'))
    await new KelurahanPage(page).ready(path.slice('/kelurahan/'.length));
  else await new AppShell(page).unavailable.waitFor();
}

describe.each(DEVICE_VARIANTS)('accessibility, axe-core ($name)', (vp) => {
  it.each(['id', 'en'] as const)('the sign-in page (%s), empty and with an error', async (lang) => {
    app = await openApp(e.browser, e.stack.url, vp, { locale: lang === 'id' ? 'id-ID' : 'en-US' });
    const login = new LoginPage(app.page);
    await login.open();
    await new AppShell(app.page).language(lang).click();
    await app.page.locator(`html[lang=${lang}]`).waitFor();
    await expectAccessible(`login ${lang}`);
    await login.signIn('walikota', 'not-the-password');
    await login.error.waitFor();
    await expectAccessible(`login ${lang} with an error`);
  });

  it('the page for an unknown address', async () => {
    app = await openApp(e.browser, e.stack.url, vp);
    await app.page.goto('/no-such-screen');
    await app.page.getByTestId('not-found').waitFor();
    await expectAccessible('not found');
  });

  it.each(landings)('$role lands on an accessible screen ($path)', async ({ role, path }) => {
    app = await signedIn(e, vp, users[role]!);
    expect(new URL(app.page.url()).pathname).toBe(path);
    await ready(path);
    await expectAccessible(`${role} ${path}`);
  });

  it('the city, the wall, an office page, the silences and the calendar seen by the mayor', async () => {
    app = await signedIn(e, vp, users.walikota!);
    for (const path of [
      '/',
      '/inbox',
      '/wall',
      `/kelurahan/${KEL}`,
      '/kelurahan/16.71.01.1002',
      '/silences',
      '/silences/calendar',
    ]) {
      await app.page.goto(path);
      await ready(path);
      await expectAccessible(`walikota ${path}`);
    }
  });
});
