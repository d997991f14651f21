import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createVite, type ViteDevServer } from 'vite';
import { repoRoot } from '@pkk/platform/config/paths';
import { freePort } from '@pkk/platform/infra/ports';
import { HomePage } from './pages/home-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { closeApp, openApp, VIEWPORTS, type AppPage } from './support/browser.ts';
import { signedIn, startE2E, type E2E } from './support/fixture.ts';
import type { StackUser } from './support/stack.ts';

/**
 * The edge as a browser meets it: a page of another origin on the same site (SameSite=Lax cookies go
 * with its requests) cannot act with the user's session, while the app itself keeps working, served
 * by the api and through the Vite dev server's proxy.
 */
let e: E2E;
let user: StackUser & { password: string };
let app: AppPage | null = null;
let attacker: Server;
let attackerUrl: string;

/** A page that, once opened, posts a form to `action` and opens a live socket with the cookie. */
const forgery = (api: string) => `<!doctype html><meta charset=utf-8><title>hadiah</title>
<form id=f method=POST action="${api}/api/v1/auth/logout"></form>
<script>
  const ws = new WebSocket('${api.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket');
  window.socketResult = new Promise((resolve) => {
    ws.onmessage = (m) => {
      if (String(m.data).startsWith('0')) ws.send('40');
      else if (String(m.data).startsWith('40')) resolve('connected');
      else if (String(m.data).startsWith('44')) resolve('refused: ' + m.data);
    };
    ws.onerror = () => resolve('refused');
    ws.onclose = () => resolve('refused');
  });
</script>`;

beforeAll(async () => {
  e = await startE2E();
  user = await e.stack.user({ username: 'walikota', role: 'walikota', displayName: 'Wali Kota' });
  // Another port of 127.0.0.1: another origin, the same site as the app.
  attacker = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(forgery(e.stack.url));
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  attacker?.close();
  await e?.stop();
});
afterEach(async () => {
  await closeApp(app);
  app = null;
});

const meStatus = (a: AppPage) =>
  a.page.evaluate(() => fetch('/api/v1/auth/me', { credentials: 'same-origin' }).then((r) => r.status));

describe('a page of another origin on the same site', () => {
  it('cannot sign the user out nor open a live connection with her cookie', async () => {
    app = await signedIn(e, VIEWPORTS.desktop, user);
    expect(await meStatus(app)).toBe(200);
    const other = await app.context.newPage();
    await other.goto(attackerUrl);
    expect(
      await other.evaluate(() => (window as unknown as { socketResult: Promise<string> }).socketResult),
    ).toMatch(/^refused/);
    const posted = other.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout'));
    await other.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit());
    const reply = await posted;
    expect(reply.status()).toBe(403);
    expect(await reply.json()).toMatchObject({ error: { code: 'cross_site_refused' } });
    await other.close();
    // Still signed in: the forged sign-out did nothing.
    expect(await meStatus(app)).toBe(200);
    // The browser logged the refused responses of the other page, not of the app.
    expect(app.errors).toEqual([]);
  });
});

describe('the app itself', () => {
  it('signs in and acts through the Vite dev server, whose proxy forwards to the api', async () => {
    const port = await freePort();
    process.env.PKK_API_URL = e.stack.url;
    const vite: ViteDevServer = await createVite({
      configFile: path.join(repoRoot, 'web', 'vite.config.ts'),
      server: { port, strictPort: true, host: 'localhost', hmr: false },
      logLevel: 'warn',
    });
    try {
      await vite.listen();
      app = await openApp(e.browser, `http://localhost:${port}`, VIEWPORTS.desktop);
      const login = new LoginPage(app.page);
      await login.open();
      await login.signIn(user.username, user.password);
      await app.page.waitForURL((u) => u.pathname !== '/login');
      // The mayor's home, its live rows over the proxied socket.
      await new HomePage(app.page).ready();
      expect(await meStatus(app)).toBe(200);
      // A write from the app's own page (Origin: the dev server's): sign out.
      const out = await app.page.evaluate(() =>
        fetch('/api/v1/auth/logout', { method: 'POST' }).then((r) => r.status),
      );
      expect(out).toBe(204);
      expect(await meStatus(app)).toBe(401);
      app.errors.length = 0; // the 401 the browser logs for the last check
      await closeApp(app);
      app = null;
    } finally {
      await app?.close();
      await vite.close();
    }
  }, 180_000);
});
