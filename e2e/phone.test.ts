import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@pkk/platform/config/paths';
import { HomePage } from './pages/home-page.ts';
import { KelurahanPage } from './pages/kelurahan-page.ts';
import {
  closeApp,
  DEVICE_VARIANTS,
  openApp,
  saveScreenshot,
  VIEWPORTS,
  type AppPage,
} from './support/browser.ts';
import { seedCity, type SeededCity } from './support/city.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import { postQueue, signIn, type Profile } from './support/seed.ts';
import type { StackUser } from './support/stack.ts';

const K35 = '16.71.01.1001';
/** Offices the variants push a ticket to while their view is open. */
const LIVE = { desktop: '16.71.03.1007', mobile: '16.71.09.1002' } as const;

let e: E2E;
let city: SeededCity;
let stopAlive: () => void;
let walikota: StackUser & { password: string };
let app: AppPage | null = null;

beforeAll(async () => {
  e = await startE2E();
  city = await seedCity(e.stack, {
    profiles: new Map<string, Profile>([
      [K35, 'normal'],
      ...Object.values(LIVE).map((c) => [c, 'quiet'] as [string, Profile]),
    ]),
  });
  stopAlive = city.keepAlive(15_000);
  walikota = await e.stack.user({
    username: 'walikota',
    role: 'walikota',
    displayName: 'Wali Kota Palembang',
  });
});
afterAll(async () => {
  stopAlive?.();
  await e?.stop();
});
afterEach(async () => {
  await closeApp(app);
  app = null;
});

const RANK: Record<string, number> = { breach: 0, attention: 1, offline: 2, normal: 3, closed: 4 };

describe.each(DEVICE_VARIANTS)("the mayor's view ($name)", (vp) => {
  it('shows the city at a glance and every kelurahan, what needs attention first, without sideways scrolling', async () => {
    app = await signedIn(e, vp, walikota);
    const home = new HomePage(app.page);
    await home.ready();
    const statuses = await home.statuses();
    expect(statuses).toHaveLength(107);
    const ranks = statuses.map((s) => RANK[s]!);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(statuses[0]).toBe('breach');
    expect(await home.overflowX()).toBeLessThanOrEqual(0);
    // Big tap targets.
    const box = await home.rows.first().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(48);
    await saveScreenshot(app.page, `${vp.name}-home`);
    // A status chip filters the list.
    await home.statusFilter('breach').click();
    await app.page
      .locator('[data-testid=kelurahan-row]:not([data-status=breach])')
      .first()
      .waitFor({ state: 'detached' });
    expect(new Set(await home.statuses())).toEqual(new Set(['breach']));
  });

  it('finds a kelurahan by its legacy name or its 2025 name', async () => {
    app = await signedIn(e, vp, walikota);
    const home = new HomePage(app.page);
    await home.ready();
    await home.searchFor('35 Ilir', K35);
    expect(await home.row(K35).innerText()).toContain('Tiga-puluh-lima Ilir');
    await home.searchFor('tiga puluh lima', K35);
    await home.searchFor('Kel. 35ilir', K35);
    if (vp.mobile) await saveScreenshot(app.page, `${vp.name}-home-search`);
  });

  it('opens a kelurahan with a tap: desks and officers, the queue, attendance, devices, a live chart', async () => {
    app = await signedIn(e, vp, walikota);
    const home = new HomePage(app.page);
    await home.ready();
    await home.searchFor('35 Ilir', K35);
    await home.row(K35).click();
    const kel = new KelurahanPage(app.page);
    await kel.ready(K35);
    expect(await kel.desks.count()).toBe(3);
    expect(await kel.desks.first().innerText()).toMatch(/Loket 1/);
    expect(await kel.rosterRows.count()).toBe(4);
    expect(await kel.devices.count()).toBe(2);
    await kel.chart.waitFor();
    for (const p of ['queue', 'cameras', 'findings'] as const) await kel.panel(p).waitFor();
    expect(
      await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await saveScreenshot(app.page, `${vp.name}-kelurahan`);
  });

  it('updates the kelurahan view live when its queue changes', async () => {
    const code = LIVE[vp.name as keyof typeof LIVE];
    app = await signedIn(e, vp, walikota);
    const kel = new KelurahanPage(app.page);
    await kel.open(code);
    await kel.ready(code);
    const before = Number(await kel.kpi('waiting').innerText());
    const at = new Date(e.stack.ctx.clock.now() - 60_000).toISOString();
    await postQueue(e.stack.url, city.keys.get(code)!.queue, code, [
      {
        type: 'ticket.issued',
        ticketId: `live-${vp.name}`,
        ticketNumber: 'B001',
        service: 'domisili',
        time: at,
      },
    ]);
    await app.page
      .locator(`[data-testid=kpi-waiting] .kpis__value:text-is("${before + 1}")`)
      .waitFor({ timeout: 2000 });
  });
});

describe('the installable app', () => {
  it('has a manifest with icons and a service worker that caches the shell', async () => {
    app = await signedIn(e, VIEWPORTS.mobile, walikota);
    await new HomePage(app.page).ready();
    const manifestHref = await app.page.locator('link[rel=manifest]').getAttribute('href');
    const manifest = (await (await fetch(`${e.stack.url}${manifestHref}`)).json()) as {
      start_url: string;
      display: string;
      icons: { sizes: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({ start_url: '/', display: 'standalone' });
    expect(manifest.icons.map((i) => `${i.sizes}:${i.purpose}`)).toEqual(
      expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']),
    );
    const sw = await app.page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      const keys = await caches.keys();
      const cached = keys.length
        ? (await (await caches.open(keys[0]!)).keys()).map((r) => new URL(r.url).pathname)
        : [];
      return { scope: new URL(reg.scope).pathname, keys, cached };
    });
    expect(sw.scope).toBe('/');
    expect(sw.keys.some((k) => k.startsWith('pkk-shell-'))).toBe(true);
    expect(sw.cached).toContain('/');
  });

  it('loads at most 250 KB of gzipped JavaScript on the first visit of /', async () => {
    // A fresh browser with a session but nothing cached: the first page it loads is /.
    app = await openApp(e.browser, e.stack.url, VIEWPORTS.mobile);
    const cookie = await signIn(e.stack.url, walikota.username, walikota.password);
    const [name, value] = cookie.split('=') as [string, string];
    await app.context.addCookies([{ name, value, url: e.stack.url }]);
    await app.context.addInitScript(() => localStorage.setItem('pkk.session', '1'));
    const scripts = new Set<string>();
    app.page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
    });
    await app.page.goto('/');
    await new HomePage(app.page).ready();
    const gz = [...scripts].reduce(
      (n, p) => n + gzipSync(readFileSync(path.join(repoRoot, 'web', 'dist', p))).length,
      0,
    );
    expect(scripts.size).toBeGreaterThan(0);
    expect([...scripts].some((s) => /kelurahan-map|waiting-chart/.test(s))).toBe(false);
    expect(gz).toBeLessThanOrEqual(250 * 1024);
  });
});
