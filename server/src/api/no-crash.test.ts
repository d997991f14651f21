import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { inject } from 'vitest';
import { hashPassword } from '@pkk/platform/auth/secrets';
import { createDb, type Db } from '@pkk/platform/db/index';
import { startRoleProcess, type RoleProcess } from '@pkk/platform/testing/role-process';
import {
  generateRequests,
  RAW_REQUESTS,
  sendAll,
  sendRaw,
  type FuzzResult,
} from '@pkk/platform/testing/request-fuzz';
import { openApiDocument } from '../openapi/document.ts';
import { operationFinder, type DocOperation } from '../testing/openapi-check.ts';

/**
 * The api as a real process (server/src/main.ts, as the launcher starts it): nothing a client sends
 * may end it. An uncaught exception or an unhandled rejection ends a Node process, so `api.exit`
 * staying null is the check, with a request after each step to give a delayed crash its chance.
 */
let api: RoleProcess;
let url: string;
let db: Db;
let dist: string;
let adminCookie: string;

async function alive(): Promise<void> {
  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(200);
  expect(api.exit, api.text()).toBeNull();
}

beforeAll(async () => {
  // A small build of its own, so the static fallback is in play whatever web/dist holds.
  dist = mkdtempSync(path.join(tmpdir(), 'pkk-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>pkk</title>');
  writeFileSync(path.join(dist, 'index.html.gz'), gzipSync('<!doctype html><title>pkk</title>'));
  writeFileSync(path.join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(path.join(dist, 'sw.js'), '');
  api = await startRoleProcess('server/src/main.ts', { WEB_DIST: dist, LOGIN_RATE_LIMIT: '5' });
  url = String((await api.waitFor((l) => l.msg === 'api ready', 'the api to be ready')).url);
  db = createDb({ url: inject('databaseUrl'), poolSize: 1, schema: api.schema }).db;
  await db
    .insertInto('users')
    .values({
      username: 'admin.fuzz',
      display_name: 'Admin',
      password_hash: await hashPassword('a long enough password'),
      role: 'admin',
    })
    .execute();
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin.fuzz', password: 'a long enough password' }),
  });
  expect(login.status).toBe(200);
  adminCookie = login.headers.get('set-cookie')!.split(';')[0]!;
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await api?.stop();
  rmSync(dist, { recursive: true, force: true });
});

describe('socket.io as the standard client uses it', () => {
  it('answers a raw long-polling handshake without credentials, and lives on', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/^0\{"sid":/);
    }
    await alive();
  });

  it('connects socket.io-client on its default transports (polling, then the upgrade to WebSocket)', async () => {
    const s = connect(url, { forceNew: true, reconnection: false, extraHeaders: { cookie: adminCookie } });
    let first = '';
    s.io.once('open', () => (first = s.io.engine.transport.name));
    try {
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
      expect(first).toBe('polling');
      await new Promise<void>((resolve) =>
        s.io.engine.transport.name === 'websocket' ? resolve() : s.io.engine.once('upgrade', () => resolve()),
      );
      expect(s.io.engine.transport.name).toBe('websocket');
      const ack = (await s.timeout(10_000).emitWithAck('subscribe', { room: 'city' })) as { ok: boolean };
      expect(ack.ok).toBe(true);
    } finally {
      s.close();
    }
    await alive();
  });

  it('refuses the default client without credentials, and lives on', async () => {
    const s = connect(url, { forceNew: true, reconnection: false });
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    s.close();
    expect(err.message).toBe('unauthorized');
    await alive();
  });
});

describe('generated requests', () => {
  it('answers thousands of odd requests without a 5xx (but a documented 503) and never exits', async () => {
    const device = await fetch(`${url}/api/v1/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: adminCookie },
      body: JSON.stringify({ kelurahanCode: '16.71.01.1001', kind: 'queue', name: 'kiosk fuzz' }),
    });
    expect(device.status).toBe(201);
    const { key } = (await device.json()) as { key: string };
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, DocOperation>> };
    const templates = [
      ...Object.keys(doc.paths),
      '/iclock/cdata?SN={sn}&options=all',
      '/iclock/cdata?SN={sn}&table=ATTLOG&Stamp=9999',
      '/iclock/getrequest?SN={sn}',
      '/iclock/devicecmd?SN={sn}',
      '/iclock/{x}',
      '/socket.io/?EIO={eio}&transport=polling',
      '/socket.io/?EIO=4&transport=polling&sid={sid}',
      '/socket.io/?EIO=4&transport={transport}',
      '/socket.io/{x}',
      '/socket.io',
      '/wall',
      '/kelurahan/{code}',
      '/assets/{file}',
      '/assets/app-1234.js',
    ];
    const reqs = generateRequests({
      seed: Number(process.env.FUZZ_SEED ?? 18),
      count: Number(process.env.FUZZ_COUNT ?? 3000),
      templates,
      credentials: {
        'admin session': { cookie: adminCookie },
        'device key': { authorization: `Bearer ${key}` },
      },
      anonymousOnly: /^\/api\/v1\/auth\/logout/,
    });
    const find = operationFinder(doc.paths);
    const documented503 = (r: FuzzResult) => {
      const op = find(r.req.method, r.req.path)?.op;
      return op?.responses['503'] !== undefined;
    };
    // A request the server refuses before reading it (headers over Node's 16 KB, a body over the
    // limit) may meet a closed connection while the client is still sending: the refusal was sent.
    const refusedUnread = (r: FuzzResult) =>
      (r.status === 'ECONNRESET' || r.status === 'EPIPE') &&
      ((r.req.body?.length ?? 0) > 1_000_000 ||
        Object.entries(r.req.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0) > 16_384);
    const results = await sendAll(url, reqs, 8);
    const bad = results.filter((r) =>
      typeof r.status !== 'number'
        ? !refusedUnread(r)
        : r.status >= 500 && !(r.status === 503 && documented503(r)),
    );
    // Statuses by kind, so that a run that only ever got 404s is seen for what it is.
    const byStatus = new Map<string, number>();
    for (const r of results) byStatus.set(String(r.status), (byStatus.get(String(r.status)) ?? 0) + 1);
    expect(
      bad.slice(0, 20).map((r) => `${r.status} ${r.req.method} ${r.req.path.slice(0, 120)} (${r.req.label})`),
      JSON.stringify(Object.fromEntries(byStatus)),
    ).toEqual([]);
    // Many of them reached the routes, not only the 404 of an unknown path.
    for (const s of ['200', '400', '401', '404']) expect(byStatus.get(s) ?? 0, s).toBeGreaterThan(20);
    expect(api.lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    await alive();
  }, 300_000);

  it('answers malformed bytes on the wire without a 5xx and never exits', async () => {
    for (const raw of RAW_REQUESTS) {
      const status = await sendRaw(url, raw);
      expect(
        typeof status === 'number' ? status < 500 : true,
        `${status}: ${JSON.stringify(raw.slice(0, 80))}`,
      ).toBe(true);
    }
    await alive();
  });
});
