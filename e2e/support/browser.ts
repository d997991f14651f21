import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot } from '@pkk/platform/config/paths';

/** Debian's Chromium: `playwright install` cannot download here, and the system one is what sites run. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Viewport {
  name: 'desktop' | 'mobile' | 'wall' | 'wall4k';
  width: number;
  height: number;
  mobile: boolean;
}

export const VIEWPORTS = {
  desktop: { name: 'desktop', width: 1366, height: 900, mobile: false },
  mobile: { name: 'mobile', width: 360, height: 800, mobile: true },
  wall: { name: 'wall', width: 1920, height: 1080, mobile: false },
  wall4k: { name: 'wall4k', width: 3840, height: 2160, mobile: false },
} as const satisfies Record<string, Viewport>;

/** Every spec runs at a desktop size and on a phone. */
export const DEVICE_VARIANTS: readonly Viewport[] = [VIEWPORTS.desktop, VIEWPORTS.mobile];

/** A browser page on the app, collecting console errors and uncaught exceptions for the spec to check. */
export interface AppPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
  close(): Promise<void>;
}

export async function openApp(
  browser: Browser,
  baseURL: string,
  vp: Viewport,
  opts: { locale?: string } = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: vp.width, height: vp.height },
    deviceScaleFactor: 1,
    isMobile: vp.mobile,
    hasTouch: vp.mobile,
    locale: opts.locale ?? 'id-ID',
    timezoneId: 'Europe/Berlin', // not WIB on purpose: times must still show in WIB
    serviceWorkers: 'allow',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`${m.text()} @ ${m.location().url}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return { page, context, errors, close: () => context.close() };
}

const SHOTS = path.join(repoRoot, 'e2e', 'screenshots');

/** Saves a screenshot of the main screens to e2e/screenshots/ (gitignored; docs/screenshots keeps chosen ones). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Closes a spec's page and fails the spec if the page logged an error or threw on the way. */
export async function closeApp(app: AppPage | null): Promise<void> {
  const errors = app?.errors ?? [];
  await app?.close();
  expect(errors).toEqual([]);
}
