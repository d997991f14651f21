import path from 'node:path';
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { repoRoot } from '@pkk/platform/config/paths';
import { startLocalPostgres, type LocalPostgres } from '@pkk/platform/infra/embedded-postgres';
import { startLocalRedis, type LocalRedis } from '@pkk/platform/infra/local-redis';
import { freePort } from '@pkk/platform/infra/ports';
import { LoginPage } from './pages/login-page.ts';
import { SilencesPage } from './pages/silences-page.ts';
import { WallPage } from './pages/wall-page.ts';
import {
  launchBrowser,
  openApp,
  saveScreenshot,
  VIEWPORTS,
  type AppPage,
  type Viewport,
} from './support/browser.ts';
import { startStack, type Stack, type StackUser } from './support/stack.ts';
import { wibTime } from './support/time.ts';
import { ensureWebBuilt } from './support/web-build.ts';

/**
 * Issue 11 §6: when the api loses Redis or PostgreSQL, the socket may stay up while live data stops.
 * The wall and the app shell say so ("Layanan langsung terputus — data mungkin tertunda sejak hh:mm
 * WIB") and what does not answer, and clear the banner when it is back. This file runs its own
 * redis-server and PostgreSQL so that stopping them touches no other test.
 */
let redis: LocalRedis | null = null;
let pg: LocalPostgres | null = null;
let redisPort: number;
let pgPort: number;
let dir: string;
let stack: Stack;
let browser: Browser;
let operator: StackUser & { password: string };
const pages: AppPage[] = [];

const startRedis = async () =>
  (redis = await startLocalRedis({ dir: path.join(dir, 'redis'), port: redisPort, persist: false }));
const startPostgres = async () =>
  (pg = await startLocalPostgres({ dir: path.join(dir, 'pg'), port: pgPort, durable: false }));

beforeAll(async () => {
  ensureWebBuilt();
  [redisPort, pgPort] = [await freePort(), await freePort()];
  dir = path.join(repoRoot, 'var', 'e2e', `outage-${process.pid}`);
  await Promise.all([startRedis(), startPostgres()]);
  stack = await startStack({ databaseUrl: pg!.url, redisUrl: redis!.url, clock: { at: '10:00' } });
  operator = await stack.user({ username: 'operator-o', role: 'operator', displayName: 'Operator Kominfo' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  // Both up again, so that the api closes its connections cleanly.
  if (!redis) await startRedis().catch(() => undefined);
  if (!pg) await startPostgres().catch(() => undefined);
  await stack?.stop();
  await redis?.stop();
  await pg?.stop();
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  // While PostgreSQL is down the app's own requests fail too (the session check answers 500).
  const errors = pages.flatMap((p) => p.errors).filter((m) => !/status of (500|503)/.test(m));
  for (const p of pages.splice(0)) await p.close();
  expect(errors).toEqual([]);
});

async function signedInAt(vp: Viewport): Promise<AppPage> {
  const app = await openApp(browser, stack.url, vp);
  pages.push(app);
  await new LoginPage(app.page).open();
  await new LoginPage(app.page).signIn(operator.username, operator.password);
  await app.page.waitForURL((u) => u.pathname !== '/login');
  return app;
}

/** The wall at 1920x1080 and the app shell on a phone, both ready and without a banner. */
async function openScreens(): Promise<{ wall: WallPage; banners: Locator[]; apps: AppPage[] }> {
  const wallApp = await signedInAt(VIEWPORTS.wall);
  const wall = new WallPage(wallApp.page);
  await wall.ready();
  const shellApp = await signedInAt(VIEWPORTS.mobile);
  await new SilencesPage(shellApp.page).open();
  const banners = [wallApp, shellApp].map((a) => a.page.getByTestId('service-banner'));
  for (const b of banners) expect(await b.count()).toBe(0);
  return { wall, banners, apps: [wallApp, shellApp] };
}

/** Each banner says since when (WIB, on the server's clock) and names what does not answer. */
async function expectBanners(banners: Locator[], downAt: number, what: string): Promise<void> {
  for (const b of banners) await b.waitFor({ timeout: 20_000 });
  for (const b of banners) {
    const text = await b.innerText();
    expect(text).toMatch(/Layanan langsung terputus — data mungkin tertunda sejak (\d\d:\d\d) WIB/);
    const since = /sejak (\d\d:\d\d) WIB/.exec(text)![1];
    // On the server's clock (10:00 on the e2e day), not the browser's (Europe/Berlin, today).
    expect([wibTime(downAt), wibTime(downAt + 60_000)]).toContain(since);
    expect(text).toContain(what);
    expect(await b.getAttribute('role')).toBe('alert');
  }
}

describe('the outage banner', () => {
  it('shows on the wall and in the app shell while Redis is down, with since when in WIB, and clears on recovery', async () => {
    const { wall, banners, apps } = await openScreens();
    const downAt = stack.ctx.clock.now();
    await redis!.stop();
    redis = null;
    await expectBanners(banners, downAt, 'Redis');
    // The socket itself is up: the wall's pill says the data is delayed, not that the link is lost.
    expect(await wall.pill.getAttribute('data-state')).toBe('degraded');
    expect(await wall.pill.innerText()).toMatch(/tertunda/i);
    await saveScreenshot(apps[0]!.page, 'wall-outage-banner');
    await saveScreenshot(apps[1]!.page, 'shell-outage-banner-mobile');

    await startRedis();
    for (const b of banners) await b.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await wall.pill.getAttribute('data-state')).toBe('online');
  });

  it('says the same while PostgreSQL is down, naming the database, and clears when it is back', async () => {
    const { banners } = await openScreens();
    const downAt = stack.ctx.clock.now();
    await pg!.stop();
    pg = null;
    await expectBanners(banners, downAt, 'basis data (PostgreSQL)');
    await startPostgres();
    for (const b of banners) await b.waitFor({ state: 'detached', timeout: 30_000 });
  });
});
