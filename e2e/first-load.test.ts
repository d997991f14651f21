import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@pkk/platform/config/paths';
import { LoginPage } from './pages/login-page.ts';
import { openApp, VIEWPORTS, type AppPage } from './support/browser.ts';
import { startE2E, type E2E } from './support/fixture.ts';

/** What a phone may fetch for the sign-in page on a first visit, compressed, headers included. */
const FIRST_LOAD_BUDGET_KB = 150;

let e: E2E;
let app: AppPage | null = null;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.stop());
afterEach(async () => {
  await app?.close();
  app = null;
});

interface Fetched {
  path: string;
  type: string;
  encoding: string | undefined;
  cacheControl: string | undefined;
  vary: string | undefined;
  wireBytes: number;
}

describe('the first load on a phone', () => {
  it('comes brotli-compressed from the built app, hashed files cached for good, the shell revalidated', async () => {
    app = await openApp(e.browser, e.stack.url, VIEWPORTS.mobile);
    const fetched: Promise<Fetched>[] = [];
    app.page.on('requestfinished', (r) =>
      fetched.push(
        (async () => {
          const res = (await r.response())!;
          const sizes = await r.sizes();
          return {
            path: new URL(r.url()).pathname,
            type: r.resourceType(),
            encoding: await res.headerValue('content-encoding').then((v) => v ?? undefined),
            cacheControl: await res.headerValue('cache-control').then((v) => v ?? undefined),
            vary: await res.headerValue('vary').then((v) => v ?? undefined),
            wireBytes: sizes.responseBodySize + sizes.responseHeadersSize,
          };
        })(),
      ),
    );
    await new LoginPage(app.page).open();
    await app.page.waitForLoadState('networkidle');
    const all = await Promise.all(fetched);
    const shell = all.find((f) => f.path === '/login')!;
    expect(shell).toMatchObject({ type: 'document', encoding: 'br', cacheControl: 'no-cache' });
    const code = all.filter((f) => f.type === 'script' || f.type === 'stylesheet');
    expect(code.length).toBeGreaterThan(3);
    expect(code.filter((f) => f.encoding === 'br').length).toBeGreaterThan(3);
    for (const f of code) {
      expect(f.path).toMatch(/^\/assets\//);
      // A file too small to gain from compression (web/build/precompress.ts) has no variant: sent as it is.
      const compressed = existsSync(path.join(repoRoot, 'web', 'dist', `${f.path}.br`));
      expect(f, f.path).toMatchObject({
        encoding: compressed ? 'br' : undefined,
        cacheControl: 'public, max-age=31536000, immutable',
      });
      if (compressed) expect(f.vary, f.path).toMatch(/accept-encoding/i);
    }
    const kb = all.reduce((n, f) => n + f.wireBytes, 0) / 1024;
    expect(kb).toBeLessThan(FIRST_LOAD_BUDGET_KB);
  });
});
