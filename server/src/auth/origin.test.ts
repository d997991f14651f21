import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { loginAs, testApi } from '../testing/context.ts';
import { call, type TestApi } from '../testing/world.ts';

const PUBLIC = 'https://pkk.example.go.id';
const MIRROR = 'https://komando.palembang.go.id';

let t: TestApi;
let admin: string;
let adminToken: string;

beforeAll(async () => {
  t = await testApi({ PUBLIC_URL: PUBLIC, ALLOWED_ORIGINS: MIRROR });
  admin = await loginAs(t, { username: 'admin-origin', role: 'admin' });
  const made = await call(t.url, { cookie: admin }, 'POST', '/api/v1/tokens', { name: 'ops', role: 'admin' });
  adminToken = (made.body as { token: string }).token;
});
afterAll(() => t?.dispose());

/** The body-less state changes a page could forge with the user's cookie. */
const WRITES = [
  '/api/v1/findings/1/acknowledge',
  '/api/v1/findings/1/resolve',
  '/api/v1/silences/1/expire',
  '/api/v1/tokens/1/revoke',
  '/api/v1/jobs/notify/1/retry',
  '/api/v1/auth/logout',
];

/** A page of a sibling subdomain (same site: SameSite=Lax cookies go with it), and of another site. */
const FORGED: Record<string, Record<string, string>> = {
  'same-site page': { origin: 'https://media-0.pkk.example.go.id', 'sec-fetch-site': 'same-site' },
  'cross-site page': { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  'old browser, other origin': { origin: 'https://evil.example' },
  'sandboxed page': { origin: 'null' },
};

describe('cookie writes from another page', () => {
  it.each(Object.entries(FORGED))('refuses every body-less write from a %s (403)', async (_what, headers) => {
    for (const path of WRITES) {
      const r = await call(t.url, { cookie: admin, ...headers }, 'POST', path);
      expect(r, path).toMatchObject({ status: 403, body: { error: { code: 'cross_site_refused' } } });
    }
    // Sign-in too: a forged sign-in would put the victim in the attacker's account.
    const login = await call(t.url, headers, 'POST', '/api/v1/auth/login', { username: 'x', password: 'y' });
    expect(login.status).toBe(403);
    // The session survived: logout was refused, not done.
    expect((await call(t.url, { cookie: admin }, 'GET', '/api/v1/auth/me')).status).toBe(200);
  });

  it("lets the app's own pages act: same-origin, its public origin, a configured one, the host it was sent to", async () => {
    const own: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-origin', origin: PUBLIC },
      { 'sec-fetch-site': 'same-origin' },
      { origin: PUBLIC },
      { origin: MIRROR, 'sec-fetch-site': 'cross-site' },
      { origin: t.url },
      {},
    ];
    for (const headers of own) {
      const r = await call(
        t.url,
        { cookie: admin, ...headers },
        'POST',
        '/api/v1/findings/999999/acknowledge',
      );
      expect(r.status, JSON.stringify(headers)).toBe(404);
    }
  });

  it('leaves bearer clients alone: an API token works with any Origin or none', async () => {
    for (const headers of [{}, FORGED['cross-site page']!]) {
      const r = await call(
        t.url,
        { authorization: `Bearer ${adminToken}`, ...headers },
        'POST',
        '/api/v1/findings/999999/acknowledge',
      );
      expect(r.status).not.toBe(403);
    }
  });

  it('reads as before from any page (reads change nothing)', async () => {
    const r = await call(t.url, { cookie: admin, ...FORGED['cross-site page']! }, 'GET', '/api/v1/auth/me');
    expect(r.status).toBe(200);
  });
});

describe('socket.io handshakes', () => {
  const open = (headers: Record<string, string>, transports: ('polling' | 'websocket')[]) => {
    const s = connect(t.url, { forceNew: true, reconnection: false, transports, extraHeaders: headers });
    return new Promise<string>((resolve) => {
      s.once('connect', () => {
        s.close();
        resolve('connected');
      });
      s.once('connect_error', (err) => {
        s.close();
        resolve(err.message);
      });
    });
  };

  it('refuses a live connection with the cookie from another page, on either transport', async () => {
    for (const transports of [['websocket'], ['polling']] as const) {
      expect(await open({ cookie: admin, ...FORGED['cross-site page']! }, [...transports])).not.toBe(
        'connected',
      );
      expect(
        await open({ cookie: admin, origin: 'https://media-0.pkk.example.go.id' }, [...transports]),
      ).not.toBe('connected');
    }
  });

  it("opens it from the app's own origin, and for clients that send none", async () => {
    expect(await open({ cookie: admin, origin: PUBLIC }, ['websocket'])).toBe('connected');
    expect(await open({ cookie: admin, 'sec-fetch-site': 'same-origin' }, ['polling', 'websocket'])).toBe(
      'connected',
    );
    expect(await open({ cookie: admin }, ['polling', 'websocket'])).toBe('connected');
  });
});
