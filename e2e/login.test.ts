import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.ts';
import { HomePage } from './pages/home-page.ts';
import { KelurahanPage } from './pages/kelurahan-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { WallPage } from './pages/wall-page.ts';
import { closeApp, DEVICE_VARIANTS, openApp, saveScreenshot, type AppPage } from './support/browser.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import type { StackUser } from './support/stack.ts';

const KEC = '16.71.01';
const KEL = '16.71.01.1001';

let e: E2E;
const users: Record<string, StackUser & { password: string }> = {};
let app: AppPage | null = null;

beforeAll(async () => {
  e = await startE2E();
  const make: StackUser[] = [
    { username: 'walikota', role: 'walikota', displayName: 'Wali Kota' },
    { username: 'operator', role: 'operator', displayName: 'Operator' },
    { username: 'admin', role: 'admin', displayName: 'Admin' },
    { username: 'camat', role: 'camat', displayName: 'Camat', kecamatanCode: KEC },
    { username: 'lurah', role: 'lurah', displayName: 'Lurah', kecamatanCode: KEC, kelurahanCode: KEL },
    { username: 'asn', role: 'asn', displayName: 'Siti ASN', nip: '198001012005011001' },
    { username: 'hr', role: 'hr', displayName: 'BKPSDM' },
  ];
  for (const u of await Promise.all(make.map((u) => e.stack.user(u)))) users[u.username] = u;
});
afterAll(() => e?.stop());
afterEach(async () => {
  await closeApp(app);
  app = null;
});

/** Where each role lands after signing in, and what tells that it is there. */
const landings = [
  {
    role: 'walikota',
    path: '/',
    nav: ['home', 'inbox', 'silences', 'tpp', 'organisation', 'wall', 'videoWall'],
  },
  { role: 'operator', path: '/wall', nav: null },
  { role: 'admin', path: '/wall', nav: null },
  {
    role: 'camat',
    path: '/',
    nav: ['home', 'inbox', 'silences', 'tpp', 'organisation', 'wall', 'videoWall'],
  },
  {
    role: 'lurah',
    path: `/kelurahan/${KEL}`,
    nav: ['myKelurahan', 'inbox', 'silences', 'appeals', 'tpp', 'organisation', 'wall', 'videoWall'],
  },
  // An officer signs in to the findings about them, to contest one; their month and TPP a tap away.
  { role: 'asn', path: '/appeals', nav: ['myMonth', 'verification', 'appeals', 'tpp'] },
  // HR (BKPSDM) lands on the month's TPP.
  { role: 'hr', path: '/tpp', nav: ['tpp'] },
] as const;

describe.each(DEVICE_VARIANTS)('sign-in ($name)', (vp) => {
  it.each(landings)('$role lands on its own screen', async ({ role, path, nav }) => {
    app = await signedIn(e, vp, users[role]!);
    expect(new URL(app.page.url()).pathname).toBe(path);
    const shell = new AppShell(app.page);
    if (path === '/wall') await new WallPage(app.page).ready();
    else if (path === '/') await new HomePage(app.page).ready();
    else if (path.startsWith('/kelurahan/')) await new KelurahanPage(app.page).ready(KEL);
    else if (path === '/appeals') await app.page.getByTestId('appeals').waitFor();
    else if (path === '/tpp') await app.page.getByTestId('tpp').waitFor();
    else await shell.unavailable.waitFor();
    if (nav) expect(await shell.navKeys()).toEqual(nav);
    if (role === 'walikota' || role === 'asn') await saveScreenshot(app.page, `${vp.name}-landing-${role}`);
  });

  it('refuses a wrong password with a message and stays on the form', async () => {
    app = await openApp(e.browser, e.stack.url, vp);
    const login = new LoginPage(app.page);
    await login.open();
    if (vp.name === 'mobile') await saveScreenshot(app.page, `${vp.name}-login`);
    await login.signIn('walikota', 'not-the-password');
    await login.error.waitFor();
    expect(await login.error.innerText()).toContain('salah');
    expect(new URL(app.page.url()).pathname).toBe('/login');
    // The browser logs the refused request itself; that one line is expected, nothing else.
    expect(app.errors).toHaveLength(1);
    expect(app.errors[0]).toContain('401');
    app.errors.length = 0;
  });

  it('sends a signed-out visitor to the login page and back after signing in', async () => {
    app = await openApp(e.browser, e.stack.url, vp);
    await app.page.goto(`/kelurahan/${KEL}`);
    const login = new LoginPage(app.page);
    await login.form.waitFor();
    await login.signIn('walikota', users.walikota!.password);
    await new KelurahanPage(app.page).ready(KEL);
    expect(new URL(app.page.url()).pathname).toBe(`/kelurahan/${KEL}`);
  });

  it('speaks Bahasa Indonesia first, switches to English and remembers it', async () => {
    app = await signedIn(e, vp, users.walikota!);
    const home = new HomePage(app.page);
    await home.ready();
    expect(await app.page.locator('html').getAttribute('lang')).toBe('id');
    expect(await home.search.getAttribute('placeholder')).toContain('Cari kelurahan');
    const shell = new AppShell(app.page);
    await shell.language('en').click();
    await app.page.locator('html[lang=en]').waitFor();
    expect(await home.search.getAttribute('placeholder')).toContain('Search kelurahan');
    await app.page.reload();
    await home.ready();
    expect(await home.search.getAttribute('placeholder')).toContain('Search kelurahan');
    await shell.language('id').click();
    await app.page.locator('html[lang=id]').waitFor();
  });

  it('signs out back to the login page', async () => {
    app = await signedIn(e, vp, users.camat!);
    await new HomePage(app.page).ready();
    await new AppShell(app.page).logout.click();
    await new LoginPage(app.page).form.waitFor();
    await app.page.goto('/');
    await new LoginPage(app.page).form.waitFor();
    expect(new URL(app.page.url()).pathname).toBe('/login');
  });
});
