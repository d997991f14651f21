import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { calendarGaps, localDateOf } from '@pkk/core';
import { readAlertsLost } from '@pkk/platform/alerts/lost';
import type { Context } from '@pkk/platform/context';
import { migrateToLatest } from '@pkk/platform/db/migrate';
import { ensurePartitions } from '@pkk/platform/db/partitions';
import { syncRegistry } from '../db/seed.ts';
import { Announcer } from '../ingest/announce.ts';
import { Directory } from '../ingest/directory.ts';
import { LiveHub, type RegistryChange } from '../live/hub.ts';
import { attachRoomHandlers, createSocketServer } from '../live/socket.ts';
import { relayAreaEvents } from '../live/area-relay.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { collectQueueDepths } from '../metrics/queues.ts';
import { scrapeMetrics } from '../metrics/scrape.ts';
import { startMetricsServer } from '@pkk/platform/infra/metrics-server';
import { roleStartedAt } from '@pkk/platform/infra/standby';
import { createApp } from './app.ts';
import { followDemoOfficers, prepareDemo } from './demo.ts';
import { announceRevoked } from '../auth/revocation.ts';

export interface RunningApi {
  server: Server;
  /** The HTTP app behind the server (socket.io answers its own paths before it). */
  app: Express;
  url: string;
  /** The metrics listener's /metrics (METRICS_HOST:METRICS_PORT), never on the public port. */
  metricsUrl: string;
  hub: LiveHub;
  directory: Directory;
  close(): Promise<void>;
}

/**
 * Brings the api role up: migrations, partitions, registry, live state, then HTTP and socket.io.
 * It listens only once live state is built, so readiness means it serves correct data.
 */
export async function startApi(
  ctx: Context,
  opts: { port?: number; host?: string; metricsPort?: number } = {},
): Promise<RunningApi> {
  // Where a start's time goes (a restart must be ready within seconds): logged with 'api ready'.
  const phases: Record<string, number> = { codeLoadedMs: Math.round(performance.now() - roleStartedAt()) };
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  const applied = await migrateToLatest(ctx.db);
  phase('migrateMs');
  if (applied.length) ctx.log.info({ applied }, 'migrations applied');
  const created = await ensurePartitions(ctx.db, ctx.clock.now());
  if (created.length) ctx.log.info({ created }, 'partitions created');
  phase('partitionsMs');
  await syncRegistry(ctx.db, ctx.policy);
  phase('registryMs');
  const demo = await prepareDemo(ctx);
  phase('demoMs');

  const gapsNow = () =>
    calendarGaps(
      localDateOf(ctx.clock.now(), ctx.policy.workHours.zone),
      ctx.policy.workHours,
      ctx.policy.holidays,
    );
  const gaps = gapsNow();
  if (gaps.length)
    ctx.log.warn(
      { gaps },
      'calendar data missing: add the holidays (SKB) and Ramadan dates to config before the year starts',
    );
  const metrics = createMetrics({ calendarGaps: gapsNow, alertsLost: () => readAlertsLost(ctx) });
  const producer = ctx.redis.create('producer', 'api');
  await new Promise<void>((resolve, reject) => {
    if (producer.status === 'ready') return resolve();
    producer.once('ready', () => resolve());
    producer.once('error', reject);
  });
  const directory = new Directory(ctx.db, { log: ctx.log });
  const announcer = new Announcer(producer, ctx.env.REDIS_PREFIX, ctx.log, ctx.faults);
  // The app is given to the server before socket.io attaches: engine.io then answers its own paths
  // (/socket.io/) and hands every other request to the app. A 'request' listener added after it
  // would see socket.io's requests too, and answer them a second time.
  let app: Express | null = null;
  const server = createServer((req, res) => app?.(req, res));
  const { io, sink } = createSocketServer(ctx, server, metrics);
  const hub = new LiveHub(ctx, sink);
  // A device revoked or re-keyed on another node stops working here at once, not after the cache TTL.
  hub.registryListeners.push(() => directory.invalidate());
  const bindDemo = followDemoOfficers(ctx, demo, (digests) =>
    announceRevoked(producer, ctx.env.REDIS_PREFIX, ctx.log, digests),
  );
  if (bindDemo) hub.registryListeners.push(bindDemo);
  phase('connectMs');
  await hub.start();
  phase('liveMs');
  attachRoomHandlers(ctx, io, hub, metrics);
  const relay = relayAreaEvents(ctx, io);

  const deps = {
    ctx,
    hub,
    directory,
    metrics,
    announcer,
    redis: producer,
    collectQueueDepths: collectQueueDepths(ctx, metrics),
    registryChanged: (change: RegistryChange) => hub.announceRegistryChange(change, producer),
  };
  app = createApp(deps);
  const metricsServer = await startMetricsServer({
    host: ctx.env.METRICS_HOST,
    port: opts.metricsPort ?? ctx.env.METRICS_PORT,
    token: ctx.env.METRICS_TOKEN,
    log: ctx.log,
    render: scrapeMetrics(deps),
  });
  await new Promise<void>((resolve) =>
    server.listen(opts.port ?? ctx.env.PORT, opts.host ?? ctx.env.HOST, resolve),
  );
  phase('listenMs');
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.address}:${addr.port}`;
  const tookMs = Math.round(performance.now() - roleStartedAt());
  ctx.log[tookMs > 10_000 ? 'warn' : 'info'](
    { url, metricsUrl: metricsServer.url, demoUsers: demo.map((u) => u.username), tookMs, phases },
    tookMs > 10_000 ? 'api ready, slowly' : 'api ready',
  );

  return {
    server,
    app,
    url,
    metricsUrl: metricsServer.url,
    hub,
    directory,
    async close() {
      await metricsServer.close();
      await hub.stop();
      await relay.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // The last-seen times and contacts held back are written, so that none is lost on a stop.
      await directory.flush();
    },
  };
}
