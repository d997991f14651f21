import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
// Brings the typing of inject('databaseUrl' | 'redisUrl') from the integration global setup.
import type {} from '@pkk/platform/testing/global-setup';
import { LoginPage } from '../pages/login-page.ts';
import { launchBrowser, openApp, type AppPage, type Viewport } from './browser.ts';
import { startStack, type Stack, type StackOptions, type StackUser } from './stack.ts';
import { ensureWebBuilt } from './web-build.ts';

/**
 * What a browser spec file starts once: the built web app, a real api over the run's PostgreSQL and
 * Redis (own schema and prefix), and Chromium. Server time is a working day at 10:00 WIB by default,
 * so screens look like an open office whenever the suite runs.
 */
export interface E2E {
  stack: Stack;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startE2E(
  opts: Partial<Pick<StackOptions, 'clock' | 'video' | 'env'>> = {},
): Promise<E2E> {
  ensureWebBuilt();
  const stack = await startStack({
    databaseUrl: inject('databaseUrl'),
    redisUrl: inject('redisUrl'),
    clock: opts.clock ?? { at: '10:00' },
    ...(opts.video ? { video: opts.video } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
  const browser = await launchBrowser();
  return {
    stack,
    browser,
    async stop() {
      await browser.close();
      await stack.stop();
    },
  };
}

/** Opens the app at a viewport and signs in through the form; resolves once the app has moved off /login. */
export async function signedIn(
  e: E2E,
  vp: Viewport,
  user: StackUser & { password: string },
): Promise<AppPage> {
  const app = await openApp(e.browser, e.stack.url, vp);
  const login = new LoginPage(app.page);
  await login.open();
  await login.signIn(user.username, user.password);
  await app.page.waitForURL((u) => u.pathname !== '/login');
  return app;
}
