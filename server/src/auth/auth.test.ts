import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { role } from '@pkk/core';
import { loginAs, testApi } from '../testing/context.ts';
import { call, type TestApi } from '../testing/world.ts';
import { SESSION_COOKIE } from './principal.ts';
import { digest, hashPassword } from '@pkk/platform/auth/secrets';

const RATE_LIMIT = 3;
let t: TestApi;
let admin: string;

async function addUser(username: string, password: string, extra: { active?: boolean } = {}) {
  await t.ctx.db
    .insertInto('users')
    .values({
      username,
      display_name: username,
      password_hash: await hashPassword(password),
      role: 'walikota',
      active: extra.active ?? true,
    })
    .execute();
}

function login(username: string, password: string, url = t.url, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
}

/** A sign-in sent from a given local address (127.0.0.0/8 are all this host's), with its reply status. */
function loginFrom(
  localAddress: string,
  url: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const u = new URL(url);
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        localAddress,
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;
const me = (headers: Record<string, string>, url = t.url) => call(url, headers, 'GET', '/api/v1/auth/me');

beforeAll(async () => {
  t = await testApi({ LOGIN_RATE_LIMIT: String(RATE_LIMIT) });
  admin = await loginAs(t, { username: 'admin1', role: 'admin' });
  await Promise.all([
    addUser('siti', 'correct horse battery'),
    addUser('pensiun', 'correct horse battery', { active: false }),
  ]);
});
afterAll(() => t?.dispose());

describe('login', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and answers with the account', async () => {
    const res = await login('siti', 'correct horse battery');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      username: 'siti',
      role: 'walikota',
      kecamatanCode: null,
      kelurahanCode: null,
    });
    const cookie = res.headers.get('set-cookie')!;
    const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=s_[a-z0-9_-]{43}$`));
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
    expect(attrs.some((a) => a.startsWith('expires='))).toBe(true);
    // Secure unless COOKIE_SECURE=0 says this is a plain-HTTP local run.
    expect(attrs).toContain('secure');
    // The session is kept only as a digest of the secret.
    const secret = cookieOf(res).slice(SESSION_COOKIE.length + 1);
    const rows = await t.ctx.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['token_hash', 'expires_at'])
      .where('users.username', '=', 'siti')
      .execute();
    expect(rows.map((r) => r.token_hash.toString('hex'))).toContain(digest(secret).toString('hex'));
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('answers a wrong password, an unknown user and a disabled account alike', async () => {
    const replies = await Promise.all([
      login('siti', 'wrong password'),
      login('nobody', 'correct horse battery'),
      login('pensiun', 'correct horse battery'),
    ]);
    const bodies = await Promise.all(replies.map((r) => r.json()));
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(bodies[0]).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(replies.every((r) => r.headers.get('set-cookie') === null)).toBe(true);
  });

  it('names the missing field of a bad request', async () => {
    const res = await call(t.url, {}, 'POST', '/api/v1/auth/login', { username: 'siti' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'bad_request', details: [{ field: 'password' }] } });
  });

  it('slows guesses at one account from one address: 429 in the envelope, saying when to retry', async () => {
    await addUser('dimas', 'correct horse battery');
    // The free attempts, then one more whose failure starts the first wait.
    for (let i = 0; i <= RATE_LIMIT; i++) {
      const res = await login('dimas', `guess ${i}`);
      expect(res.status).toBe(401);
      expect(res.headers.get('ratelimit-policy')).toBe(`"login";q=${RATE_LIMIT};w=900`);
    }
    // Waiting now, even with the right password and whatever the case of the name.
    for (const name of ['dimas', 'DIMAS']) {
      const res = await login(name, 'correct horse battery');
      expect(res.status).toBe(429);
      expect(await res.json()).toEqual({
        error: { code: 'too_many_requests', message: expect.any(String), details: { retryAfterSeconds: 1 } },
      });
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.headers.get('ratelimit')).toBe('"login";r=0;t=1');
    }
    // Other accounts are not slowed by somebody guessing at this one.
    await addUser('wati', 'correct horse battery');
    expect((await login('wati', 'correct horse battery')).status).toBe(200);
  });

  it('does not lock the owner out: ten wrong passwords from one address, she signs in from another', async () => {
    await addUser('walikota2', 'correct horse battery');
    // The test stands in for a reverse proxy on this host (trusted: loopback) naming the clients.
    const attacker = { 'x-forwarded-for': '203.0.113.66' };
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await login('walikota2', `guess ${i}`, t.url, attacker)).status);
    expect(statuses.slice(0, RATE_LIMIT + 1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await login('walikota2', 'correct horse battery', t.url, attacker)).status).toBe(429);
    const owner = await login('walikota2', 'correct horse battery', t.url, {
      'x-forwarded-for': '10.20.30.40',
    });
    expect(owner.status).toBe(200);
  });
});

describe('client addresses behind proxies', () => {
  let edge: TestApi;
  beforeAll(async () => {
    // Only 127.0.0.2 is a trusted proxy: the test's usual address, 127.0.0.1, is a client like any other.
    edge = await testApi({ LOGIN_RATE_LIMIT: '2', TRUSTED_PROXIES: '127.0.0.2/32' });
    await edge.ctx.db
      .insertInto('users')
      .values({
        username: 'siti',
        display_name: 'Siti',
        password_hash: await hashPassword('correct horse battery'),
        role: 'walikota',
      })
      .execute();
  });
  afterAll(() => edge?.dispose());

  it("believes a trusted proxy's X-Forwarded-For, and not an untrusted one's", async () => {
    // Through the trusted proxy: the attacker's guesses are held to the attacker's address.
    for (let i = 0; i < 4; i++)
      await loginFrom('127.0.0.2', edge.url, 'siti', `guess ${i}`, { 'x-forwarded-for': '198.51.100.9' });
    expect(
      await loginFrom('127.0.0.2', edge.url, 'siti', 'correct horse battery', {
        'x-forwarded-for': '198.51.100.9',
      }),
    ).toBe(429);
    expect(
      await loginFrom('127.0.0.2', edge.url, 'siti', 'correct horse battery', {
        'x-forwarded-for': '10.9.8.7',
      }),
    ).toBe(200);
    // From an untrusted peer the header is the client's own claim: every guess counts against the peer.
    for (let i = 0; i < 4; i++)
      await loginFrom('127.0.0.1', edge.url, 'siti', `guess ${i}`, { 'x-forwarded-for': `192.0.2.${i}` });
    expect(
      await loginFrom('127.0.0.1', edge.url, 'siti', 'correct horse battery', {
        'x-forwarded-for': '10.9.8.7',
      }),
    ).toBe(429);
  });
});

describe('sessions', () => {
  it('ends server-side at logout: the old cookie is refused', async () => {
    const cookie = await loginAs(t, { username: 'logout-user', role: 'operator' });
    expect((await me({ cookie })).status).toBe(200);
    const out = await fetch(`${t.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(
      new RegExp(`^${SESSION_COOKIE}=;.*Expires=Thu, 01 Jan 1970`),
    );
    // A client that ignores the cleared cookie and replays it gets nothing.
    const again = await me({ cookie });
    expect(again.status).toBe(401);
    expect(again.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('refuses an expired session', async () => {
    const cookie = await loginAs(t, { username: 'expiring', role: 'operator' });
    expect((await me({ cookie })).status).toBe(200);
    const user = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'expiring')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute();
    expect((await me({ cookie })).status).toBe(401);
  });

  it('refuses the session of an account that was disabled', async () => {
    const cookie = await loginAs(t, { username: 'leaver', role: 'operator' });
    await t.ctx.db.updateTable('users').set({ active: false }).where('username', '=', 'leaver').execute();
    expect((await me({ cookie })).status).toBe(401);
  });
});

describe('passwords', () => {
  it('are stored as argon2id hashes, never in clear', async () => {
    const password = 'kata sandi yang panjang';
    const made = await call(t.url, { cookie: admin }, 'POST', '/api/v1/users', {
      username: 'camat.ib2',
      displayName: 'Camat IB II',
      password,
      role: 'camat',
      kecamatanCode: '16.71.01',
    });
    expect(made.status).toBe(201);
    const row = await t.ctx.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'camat.ib2')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(row.password_hash).not.toContain(password);
    expect((await login('camat.ib2', password)).status).toBe(200);
  });

  it('refuse a short password and an account without its area', async () => {
    const short = await call(t.url, { cookie: admin }, 'POST', '/api/v1/users', {
      username: 'short',
      displayName: 'x',
      password: 'short',
      role: 'walikota',
    });
    expect(short.body).toMatchObject({ error: { code: 'bad_request', details: [{ field: 'password' }] } });
    const noArea = await call(t.url, { cookie: admin }, 'POST', '/api/v1/users', {
      username: 'lurah.x',
      displayName: 'x',
      password: 'a-long-password',
      role: 'lurah',
    });
    expect(noArea.body).toMatchObject({
      error: { code: 'bad_request', details: [{ field: 'kelurahanCode' }] },
    });
  });
});

describe('changing an account', () => {
  const idOf = async (username: string) =>
    (
      await t.ctx.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;
  const patch = (id: number | string, body: unknown, cookie = admin) =>
    call(t.url, { cookie }, 'PATCH', `/api/v1/users/${id}`, body);

  it('keeps the sessions when only the display name changes', async () => {
    const cookie = await loginAs(t, { username: 'rename', role: 'operator' });
    const res = await patch(await idOf('rename'), { displayName: 'Operator Malam' });
    expect(res).toMatchObject({ status: 200, body: { displayName: 'Operator Malam', sessionsEnded: 0 } });
    expect((await me({ cookie })).status).toBe(200);
  });

  it('ends every session when the role, area, password or status changes', async () => {
    await addUser('mover', 'correct horse battery');
    const id = await idOf('mover');
    const changes: { role?: string; kecamatanCode?: string; password?: string; active?: boolean }[] = [
      { role: 'camat', kecamatanCode: '16.71.02' },
      { kecamatanCode: '16.71.03' },
      { password: 'another long password' },
      { active: false },
    ];
    // Sessions are made directly: logging in this often would trip the login rate limit.
    const session = async () => {
      const token = randomBytes(32).toString('base64url');
      await t.ctx.db
        .insertInto('sessions')
        .values({ token_hash: digest(token), user_id: id, expires_at: new Date(Date.now() + 3_600_000) })
        .execute();
      return `${SESSION_COOKIE}=${token}`;
    };
    let password = 'correct horse battery';
    for (const change of changes) {
      const [first, second] = [await session(), await session()];
      expect((await me({ cookie: first })).status).toBe(200);
      const res = await patch(id, change);
      expect(res, JSON.stringify(change)).toMatchObject({ status: 200, body: { sessionsEnded: 2 } });
      expect((await me({ cookie: first })).status).toBe(401);
      expect((await me({ cookie: second })).status).toBe(401);
      if (change.password !== undefined) {
        expect((await login('mover', password)).status).toBe(401);
        password = change.password;
      }
    }
    expect((await login('mover', password)).status).toBe(401);
    expect((await patch(id, { active: true })).status).toBe(200);
    expect(await (await login('mover', password)).json()).toMatchObject({
      role: 'camat',
      kecamatanCode: '16.71.03',
    });
  });

  it('names the field of a bad change and changes nothing', async () => {
    await addUser('steady', 'correct horse battery');
    const id = await idOf('steady');
    expect((await patch(id, {})).body).toMatchObject({ error: { code: 'bad_request' } });
    expect((await patch(id, { role: 'camat' })).body).toMatchObject({
      error: { code: 'bad_request', details: [{ field: 'kecamatanCode' }] },
    });
    expect((await patch(id, { role: 'raja' })).body).toMatchObject({
      error: { code: 'bad_request', details: [{ field: 'role' }] },
    });
    expect((await patch(id, { password: 'short' })).body).toMatchObject({
      error: { code: 'bad_request', details: [{ field: 'password' }] },
    });
    expect((await patch(id, { username: 'renamed' })).status).toBe(400);
    expect((await patch('abc', { active: false })).status).toBe(400);
    expect((await patch(999_999, { active: false })).status).toBe(404);
    expect((await login('steady', 'correct horse battery')).status).toBe(200);
    const row = await t.ctx.db
      .selectFrom('users')
      .select(['role', 'active'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'walikota', active: true });
  });

  it('is for admins only', async () => {
    const operator = await loginAs(t, { username: 'op-not-admin', role: 'operator' });
    expect((await patch(await idOf('op-not-admin'), { role: 'admin' }, operator)).status).toBe(403);
  });
});

describe('API tokens', () => {
  it('work as Bearer tokens until revoked, and are kept only as digests', async () => {
    const made = await call(t.url, { cookie: admin }, 'POST', '/api/v1/tokens', {
      name: 'bkpsdm-hr',
      role: 'hr',
    });
    expect(made.status).toBe(201);
    const { id, token } = made.body as { id: number; token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect(await me(bearer)).toMatchObject({
      status: 200,
      body: { role: 'hr', username: 'token:bkpsdm-hr' },
    });

    const listed = await call(t.url, { cookie: admin }, 'GET', '/api/v1/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(
      (listed.body as { items: { id: number; lastUsedAt: string | null }[] }).items.find((i) => i.id === id)!
        .lastUsedAt,
    ).not.toBeNull();
    const stored = await t.ctx.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash.equals(digest(token))).toBe(true);

    const revoked = await call(t.url, { cookie: admin }, 'POST', `/api/v1/tokens/${id}/revoke`);
    expect(revoked).toMatchObject({ status: 200, body: { id, revokedAt: expect.any(String) } });
    expect((await me(bearer)).status).toBe(401);
    expect((await call(t.url, { cookie: admin }, 'POST', '/api/v1/tokens/999999/revoke')).status).toBe(404);
  });

  it('may be created and revoked by admins only', async () => {
    const operator = await loginAs(t, { username: 'operator-tok', role: 'operator' });
    expect((await call(t.url, { cookie: operator }, 'GET', '/api/v1/tokens')).status).toBe(403);
    expect((await call(t.url, { cookie: operator }, 'POST', '/api/v1/tokens/1/revoke')).status).toBe(403);
  });
});

describe('demo mode', () => {
  it('creates demo accounts with saved passwords, and disables them when started again without DEMO', async () => {
    const varDir = mkdtempSync(path.join(tmpdir(), 'pkk-demo-'));
    const demo = await testApi({ DEMO: '1', VAR_DIR: varDir });
    let plain: TestApi | null = null;
    try {
      const saved = JSON.parse(readFileSync(path.join(varDir, 'demo-credentials.json'), 'utf8')) as {
        passwords: Record<string, string>;
        users: { username: string; role: string }[];
      };
      const roles = saved.users.map((u) => u.role);
      expect(new Set(roles).size).toBe(roles.length);
      for (const r of roles) expect(role.options).toContain(r);
      // One sign-in account for every role but the HR module, which is a machine with a token.
      expect([...roles, 'hr'].sort()).toEqual([...role.options].sort());
      const hrToken = (
        JSON.parse(readFileSync(path.join(varDir, 'demo-credentials.json'), 'utf8')) as { hrToken: string }
      ).hrToken;
      const hr = await fetch(`${demo.url}/api/v1/auth/me`, {
        headers: { authorization: `Bearer ${hrToken}` },
      });
      expect(((await hr.json()) as { role: string }).role).toBe('hr');

      const cookies: string[] = [];
      for (const u of saved.users) {
        const res = await login(u.username, saved.passwords[u.username]!, demo.url);
        expect(res.status, u.username).toBe(200);
        expect(((await res.json()) as { role: string }).role).toBe(u.role);
        cookies.push(cookieOf(res));
      }
      const stored = await demo.ctx.db
        .selectFrom('users')
        .select(['username', 'password_hash', 'demo'])
        .execute();
      for (const u of stored) {
        expect(u.demo).toBe(true);
        expect(u.password_hash).toMatch(/^\$argon2id\$/);
      }

      // The same database, started again outside demo mode (a second node, as a restart would be).
      plain = await testApi({ DEMO: '0', VAR_DIR: varDir }, { schema: demo.schema });
      for (const u of saved.users)
        expect((await login(u.username, saved.passwords[u.username]!, plain.url)).status, u.username).toBe(
          401,
        );
      for (const cookie of cookies) expect((await me({ cookie }, plain.url)).status).toBe(401);
      expect(
        (await fetch(`${plain.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${hrToken}` } }))
          .status,
      ).toBe(401);
    } finally {
      await plain?.dispose();
      await demo.dispose();
      rmSync(varDir, { recursive: true, force: true });
    }
  });
});
