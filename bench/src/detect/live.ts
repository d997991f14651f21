import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generate } from 'selfsigned';
import { io, type Socket } from 'socket.io-client';
import {
  alertingFile,
  JobName,
  type ClientToServerEvents,
  type FindingChange,
  type ServerToClientEvents,
} from '@pkk/core';
import { hashPassword } from '@pkk/platform/auth/secrets';
import { repoRoot } from '@pkk/platform/config/paths';
import { envSchema } from '@pkk/platform/config/env';
import { closeContext, createContext, type Context } from '@pkk/platform/context';
import { startLocalPostgres } from '@pkk/platform/infra/embedded-postgres';
import { startLocalRedis } from '@pkk/platform/infra/local-redis';
import { freePort } from '@pkk/platform/infra/ports';
import { startApi } from '@pkk/server/api/start';
import { startWorkers } from '@pkk/workers/runner';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const q = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : null;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: q(s, 0.5), p95: q(s, 0.95), p99: q(s, 0.99), max: s[s.length - 1] ?? null };
};

/**
 * The real pipeline, end to end, on this machine: PostgreSQL, Redis, the api and the workers (tick
 * every 5 s), the real clock. Citizens' waits are set to cross the 30-minute target at known
 * moments; measured: crossing → stored finding, stored finding → the mayor's socket, then webhook
 * notifications and Web Push requests per second to local receivers.
 */
export async function liveBench() {
  const dir = path.join(repoRoot, 'var', 'bench', `detect-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const pg = await startLocalPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), durable: false });
  const redis = await startLocalRedis({ dir: path.join(dir, 'redis'), port: await freePort() });
  const hits = { webhook: 0, push: 0 };
  const bridge: Server = createServer((req, res) => {
    req.resume().on('end', () => {
      hits.webhook++;
      res.writeHead(200).end();
    });
  });
  const pems = await generate([{ name: 'commonName', value: 'push.local' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const caFile = path.join(dir, 'push-ca.pem');
  writeFileSync(caFile, pems.cert);
  const pushService = createTlsServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    req.resume().on('end', () => {
      hits.push++;
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((r) => bridge.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => pushService.listen(0, '127.0.0.1', r));
  const env = envSchema.parse({
    NODE_ENV: 'development',
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'bench',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    PORT: '0',
    METRICS_PORT: '0',
    LOGIN_RATE_LIMIT: '1000',
    VAR_DIR: dir,
    PUSH_CA_FILE: caFile,
  });
  const api = createContext({ env });
  const workersCtx = createContext({ env: { ...env, ROLE: 'workers' } });
  const hookUrl = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}/hook`;
  // The demo tree, with a bench receiver that fans out to 8 webhooks for the throughput run.
  workersCtx.policy.alerting = alertingFile.parse({
    route: {
      receiver: 'bench',
      group_by: ['kelurahan'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
    },
    receivers: [
      {
        name: 'bench',
        webhook_configs: Array.from({ length: 8 }, (_, i) => ({
          url: `${hookUrl}/${i}`,
          hmac_secret: 'bench',
        })),
      },
    ],
  });
  let running: Awaited<ReturnType<typeof startApi>> | null = null;
  let workers: Awaited<ReturnType<typeof startWorkers>> | null = null;
  try {
    running = await startApi(api, { port: 0, host: '127.0.0.1' });
    workers = await startWorkers(workersCtx);
    const url = running.url;
    const password = 'bench-password-123';
    await api.db
      .insertInto('users')
      .values([
        {
          username: 'bench-admin',
          display_name: 'Bench',
          password_hash: await hashPassword(password),
          role: 'admin',
          kecamatan_code: null,
          kelurahan_code: null,
          nip: null,
        },
        {
          username: 'bench-mayor',
          display_name: 'Bench mayor',
          password_hash: await hashPassword(password),
          role: 'walikota',
          kecamatan_code: null,
          kelurahan_code: null,
          nip: null,
        },
      ])
      .execute();
    const login = async (username: string) => {
      const res = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    };
    const admin = await login('bench-admin');
    const mayor = await login('bench-mayor');
    const offices = api.policy.kelurahan.slice(0, 60).map((k) => k.code);
    const keys = new Map<string, string>();
    for (const code of offices) {
      const res = await fetch(`${url}/api/v1/devices`, {
        method: 'POST',
        headers: { cookie: admin, 'content-type': 'application/json' },
        body: JSON.stringify({ kelurahanCode: code, kind: 'queue', name: `kiosk-${code}` }),
      });
      if (res.status !== 201) throw new Error(`device for ${code}: ${res.status} ${await res.text()}`);
      keys.set(code, ((await res.json()) as { key: string }).key);
    }
    const heard = new Map<number, number>();
    const socket = io(url, { transports: ['websocket'], extraHeaders: { cookie: mayor } }) as Socket<
      ServerToClientEvents,
      ClientToServerEvents
    >;
    socket.on('findings:changed', (m) => {
      const at = Date.now();
      for (const c of m.changes as FindingChange[])
        if (c.action === 'opened' && !heard.has(c.finding.id)) heard.set(c.finding.id, at);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect_error', (err) => reject(new Error(`socket: ${err.message}`)));
      socket.once('connect', () =>
        socket.emit('subscribe', { room: 'city' }, (a) =>
          a.ok ? resolve() : reject(new Error(a.error.message)),
        ),
      );
    });
    console.log('[bench] live: socket subscribed, posting waits');

    // Each office's citizen crosses the target 5–65 s from now, one second apart.
    const target = api.policy.thresholds.queue.waitTargetMinutes * 60_000;
    const t0 = Date.now();
    const crossing = new Map<string, number>();
    await Promise.all(
      offices.map(async (code, i) => {
        const at = t0 + 5_000 + i * 1_000;
        crossing.set(code, at);
        const res = await fetch(`${url}/api/v1/ingest/queue`, {
          method: 'POST',
          headers: { authorization: `Bearer ${keys.get(code)!}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            kelurahan: code,
            events: [
              {
                type: 'ticket.issued',
                ticketId: `B-${i}`,
                ticketNumber: 'A001',
                service: 'domisili',
                time: new Date(at - target).toISOString(),
              },
            ],
          }),
        });
        if (res.status !== 200) throw new Error(`ingest ${res.status}`);
      }),
    );
    // Keep the kiosks heard from (an empty batch is a keepalive) until every crossing has passed.
    const deadline = t0 + 5_000 + offices.length * 1_000 + 25_000;
    while (Date.now() < deadline) {
      await Promise.all(
        offices.map((code) =>
          fetch(`${url}/api/v1/ingest/queue`, {
            method: 'POST',
            headers: { authorization: `Bearer ${keys.get(code)!}`, 'content-type': 'application/json' },
            body: JSON.stringify({ kelurahan: code, events: [] }),
          }),
        ),
      );
      await sleep(20_000);
    }
    await sleep(Math.max(0, deadline - Date.now()));
    console.log('[bench] live: waits crossed, reading findings');
    const rows = await api.db
      .selectFrom('findings')
      .select(['id', 'kelurahan_code', 'opened_at'])
      .where('kind', '=', 'queue_wait_sla')
      .execute();
    const toStored = rows.map((r) => (r.opened_at.getTime() - crossing.get(r.kelurahan_code)!) / 1000);
    const toSocket = rows.filter((r) => heard.has(r.id)).map((r) => heard.get(r.id)! - r.opened_at.getTime());
    socket.disconnect();

    // Delivery throughput: notifications straight into the log and the notify queue.
    const group = await api.db
      .insertInto('alert_groups')
      .values({
        route_id: '0',
        receiver: 'bench',
        group_key: '{}:{bench="1"}',
        group_labels: '{}',
        created_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const body = {
      receiver: 'bench',
      status: 'firing',
      alerts: [],
      notification_reason: 'bench',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      routeLabels: {},
      externalURL: url,
      version: '4',
      groupKey: '{}',
      truncatedAlerts: 0,
    };
    const N = 2_000;
    const made = await api.db
      .insertInto('notifications')
      .values(
        Array.from({ length: N }, (_, i) => ({
          group_id: group.id,
          channel: 'webhook' as const,
          target: `webhook:bench:${i % 8}`,
          payload: JSON.stringify(body),
          created_at: new Date(),
        })),
      )
      .returning(['id', 'target'])
      .execute();
    const w0 = performance.now();
    await workersCtx.jobs.enqueueBulk(
      JobName.NotifySend,
      made.map((m) => ({ target: m.target, notificationId: m.id })),
    );
    while (hits.webhook < N && performance.now() - w0 < 120_000) await sleep(50);
    const webhookSeconds = (performance.now() - w0) / 1000;
    const webhookSent = hits.webhook;
    console.log(`[bench] live: ${hits.webhook} webhooks in ${webhookSeconds.toFixed(1)} s`);

    const P = 500;
    const user = await api.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'bench-mayor')
      .executeTakeFirstOrThrow();
    const pushUrl = `https://127.0.0.1:${(pushService.address() as AddressInfo).port}`;
    const subs = await api.db
      .insertInto('push_subscriptions')
      .values(
        Array.from({ length: P }, (_, i) => {
          const ecdh = createECDH('prime256v1');
          ecdh.generateKeys();
          return {
            user_id: user.id,
            endpoint: `${pushUrl}/push/${i}`,
            p256dh: ecdh.getPublicKey().toString('base64url'),
            auth: randomBytes(16).toString('base64url'),
            created_at: new Date(),
          };
        }),
      )
      .returning('id')
      .execute();
    const push = {
      title: 'bench',
      body: 'bench',
      url: '/',
      severity: 'warning',
      ttl: 3600,
      urgency: 'normal',
      tag: 'bench',
    };
    const pushed = await api.db
      .insertInto('notifications')
      .values(
        subs.map((s) => ({
          group_id: group.id,
          channel: 'webpush' as const,
          target: `webpush:${s.id}`,
          payload: JSON.stringify(push),
          created_at: new Date(),
        })),
      )
      .returning(['id', 'target'])
      .execute();
    const p0 = performance.now();
    await workersCtx.jobs.enqueueBulk(
      JobName.NotifySend,
      pushed.map((m) => ({ target: m.target, notificationId: m.id })),
    );
    while (hits.push < P && performance.now() - p0 < 120_000) await sleep(50);
    const pushSeconds = (performance.now() - p0) / 1000;
    const pushSent = hits.push;

    return {
      conditions: offices.length,
      conditionToStoredSeconds: {
        ...stats(toStored),
        found: rows.length,
        targetP99: 15,
        tickSeconds: api.policy.detection.tickSeconds,
      },
      storedToSocketMs: { ...stats(toSocket), heard: toSocket.length, targetP99: 1_000 },
      webhook: {
        notifications: webhookSent,
        seconds: Math.round(webhookSeconds * 100) / 100,
        perSecond: Math.round(webhookSent / webhookSeconds),
        targets: 8,
        signed: true,
      },
      webpush: {
        requests: pushSent,
        seconds: Math.round(pushSeconds * 100) / 100,
        perSecond: Math.round(pushSent / pushSeconds),
        encrypted: 'aes128gcm',
        vapid: true,
      },
    };
  } finally {
    await workers?.close();
    await running?.close();
    await closeContext(workersCtx);
    await closeContext(api);
    bridge.close();
    pushService.close();
    await redis.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
export type LiveContext = Context;
