import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser } from 'playwright-core';
import type {} from '@pkk/platform/testing/global-setup';
import { repoRoot } from '@pkk/platform/config/paths';
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
 * Issue 11 §6: when the api loses Redis, the socket may stay up while live data stops. The wall and
 * the app shell say so ("Layanan langsung terputus — data mungkin tertunda sejak hh:mm WIB") and what
 * does not answer, and clear the banner when Redis is back. This file runs its own redis-server so
 * that stopping it touches no other test.
 */
let redis: LocalRedis | null = null;
let redisPort: number;
let redisDir: string;
let stack: Stack;
let browser: Browser;
let operator: StackUser & { password: string };
const pages: AppPage[] = [];

const startRedis = async () =>
  (redis = await startLocalRedis({ dir: redisDir, port: redisPort, persist: false }));

beforeAll(async () => {
  ensureWebBuilt();
  redisPort = await freePort();
  redisDir = path.join(repoRoot, 'var', 'e2e', `outage-redis-${process.pid}`);
  await startRedis();
  stack = await startStack({
    databaseUrl: inject('databaseUrl'),
    redisUrl: redis!.url,
    clock: { at: '10:00' },
  });
  operator = await stack.user({ username: 'operator-o', role: 'operator', displayName: 'Operator Kominfo' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  if (!redis) await startRedis().catch(() => undefined); // the api closes its connections cleanly
  await stack?.stop();
  await redis?.stop();
});
afterEach(async () => {
  const errors = pages.flatMap((p) => p.errors).filter((m) => !/status of 503/.test(m));
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

describe('the outage banner', () => {
  it('shows on the wall and in the app shell while Redis is down, with since when in WIB, and clears on recovery', async () => {
    const wallApp = await signedInAt(VIEWPORTS.wall);
    const wall = new WallPage(wallApp.page);
    await wall.ready();
    const shellApp = await signedInAt(VIEWPORTS.mobile);
    const silences = new SilencesPage(shellApp.page);
    await silences.open();
    const banners = [wallApp, shellApp].map((a) => a.page.getByTestId('service-banner'));
    for (const b of banners) expect(await b.count()).toBe(0);

    const downAt = stack.ctx.clock.now();
    await redis!.stop();
    redis = null;
    for (const b of banners) await b.waitFor({ timeout: 20_000 });
    for (const b of banners) {
      const text = await b.innerText();
      expect(text).toMatch(/Layanan langsung terputus — data mungkin tertunda sejak (\d\d:\d\d) WIB/);
      const since = /sejak (\d\d:\d\d) WIB/.exec(text)![1];
      // On the server's clock (10:00 on the e2e day), not the browser's (Europe/Berlin, today).
      expect([wibTime(downAt), wibTime(downAt + 60_000)]).toContain(since);
      expect(text).toContain('Redis');
      expect(await b.getAttribute('role')).toBe('alert');
    }
    // The socket itself is up: the wall's pill says the data is delayed, not that the link is lost.
    expect(await wall.pill.getAttribute('data-state')).toBe('degraded');
    expect(await wall.pill.innerText()).toMatch(/tertunda/i);
    await saveScreenshot(wallApp.page, 'wall-outage-banner');
    await saveScreenshot(shellApp.page, 'shell-outage-banner-mobile');

    await startRedis();
    for (const b of banners) await b.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await wall.pill.getAttribute('data-state')).toBe('online');
  });
});
