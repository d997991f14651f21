import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Router } from 'express';
import { parseMediaNodes, systemClock, type Clock } from '@pkk/core';
import { startMetricsServer } from '@pkk/platform/infra/metrics-server';
import type { Context } from '@pkk/platform/context';
import { varDir } from '@pkk/platform/config/paths';
import { channels } from '@pkk/platform/infra/redis';
import { mediaKeys } from '@pkk/platform/media/keys';
import { LiveViews } from './access/live-views.ts';
import { Revocations } from './access/revocations.ts';
import { verifyPlayToken } from './access/verify.ts';
import { ViewLog } from './access/view-log.ts';
import { loadOwnedCameras } from './cameras/load.ts';
import { fmp4Upgrade } from './fmp4/ws-endpoint.ts';
import { HealthAnnouncer } from './health/announcer.ts';
import { createMediaMetrics } from './health/metrics.ts';
import { StatusWriter } from './health/status-writer.ts';
import { HlsSessions } from './hls/hls-sessions.ts';
import { hlsRouter } from './hls/router.ts';
import { createMediaApp } from './http/app.ts';
import type { MediaServices } from './http/services.ts';
import { FeedRegistry } from './pull/registry.ts';
import { rtmpIngest } from './rtmp/rtmp-ingest.ts';
import { KeyframeDecoders } from './snapshots/decoder.ts';
import { LatestPictures } from './snapshots/pictures.ts';
import { SnapshotScheduler } from './snapshots/scheduler.ts';
import { SnapshotStore } from './snapshots/store.ts';
import { loadNanoDet } from './vision/nanodet.ts';
import { VisionStage, presenceObservations, type VisionCamera } from './vision/stage.ts';
import { loadZones } from './cameras/zones.ts';

export interface MediaOptions {
  port?: number;
  host?: string;
  /** The metrics listener's port (MEDIA_METRICS_PORT by default; 0: any free one). */
  metricsPort?: number;
  /** More transport routers (WHEP): given the services, mounted beside HLS. */
  routers?: ((services: MediaServices) => Router)[];
  /** Real time for token expiry (tests pass a fixed one). */
  tokenClock?: Clock;
  stallMs?: number;
}

export interface RunningMedia {
  url: string;
  /** This node's metrics listener (`…/metrics`, MEDIA_METRICS_PORT). */
  metricsUrl: string;
  server: Server;
  services: MediaServices;
  registry: FeedRegistry;
  revocations: Revocations;
  snapshots: SnapshotScheduler;
  status: StatusWriter;
  /** Re-reads the cameras this node owns (what a cameras:changed message does). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Brings a media node up: the cameras it owns, their pulls, health and snapshots, then HTTP (HLS,
 * metrics, probes, extra routers) and the fMP4 WebSocket on one port. Ready once the cameras are
 * loaded; a cameras:changed message reloads them.
 */
export async function startMedia(ctx: Context, opts: MediaOptions = {}): Promise<RunningMedia> {
  const { env } = ctx;
  if (!env.MEDIA_SIGNING_KEY)
    throw new Error(
      'MEDIA_SIGNING_KEY is not set (the launcher generates it; the api signs play tokens with it)',
    );
  // The same keys as the api's, read the same way (a missing one stops a production start).
  const keys = mediaKeys(env);
  const key = keys.camera;
  const nodeIds = parseMediaNodes(env.MEDIA_NODES).map((n) => n.id);
  if (!nodeIds.includes(env.MEDIA_NODE_ID))
    throw new Error(`MEDIA_NODE_ID ${env.MEDIA_NODE_ID} is not in MEDIA_NODES (${nodeIds.join(', ')})`);
  const log = ctx.log.child({ node: env.MEDIA_NODE_ID });
  const dir = varDir(env.VAR_DIR);

  let status: StatusWriter | null = null;
  const registry = new FeedRegistry({
    clock: ctx.clock,
    log,
    idleMs: env.MEDIA_IDLE_SECONDS * 1000,
    stallMs: opts.stallMs,
    onState: (c) => status?.changed(c.cameraId),
  });
  // Producer-like: fails fast while Redis is away (the row is the record); what comes before the
  // connection is ready waits in the announcer, latest per camera.
  const pub = ctx.redis.create('producer', 'media-health-pub');
  pub.on('error', (err) => log.debug({ err: err.message }, 'camera health channel: Redis error'));
  const health = new HealthAnnouncer(pub, env.REDIS_PREFIX, log);
  status = new StatusWriter({
    db: ctx.db,
    jobs: ctx.jobs,
    registry,
    clock: ctx.clock,
    log,
    nodeId: env.MEDIA_NODE_ID,
    announce: (change) => health.announce(change),
  });
  const metrics = createMediaMetrics(function* () {
    for (const e of registry.entries())
      yield { cameraId: e.source.cameraId, stream: e.stream, health: e.health };
  });
  const tokenClock = opts.tokenClock ?? systemClock;
  const live = new LiveViews(tokenClock);
  const services: MediaServices = {
    feeds: registry,
    verify: (token, o) =>
      verifyPlayToken(token, { signingKey: keys.signing, nodeId: env.MEDIA_NODE_ID, clock: tokenClock }, o),
    live,
    views: new ViewLog(ctx.db, ctx.clock, log),
    metrics,
    clock: ctx.clock,
    log,
  };
  const hls = new HlsSessions({
    dir: path.join(dir, 'hls', env.MEDIA_NODE_ID),
    idleMs: env.MEDIA_IDLE_SECONDS * 1000,
    log,
    urlOf: (cam, stream) => {
      const s = registry.source(cam);
      return s ? (stream === 'sub' ? (s.urls.sub ?? s.urls.main) : s.urls.main) : null;
    },
  });
  const hlsRoutes = hlsRouter(services, hls, { maxViewMs: env.MEDIA_HLS_MAX_SESSION_SECONDS * 1000 });
  // One running ffmpeg per picture size decodes keyframes for snapshots (and detection).
  const decoders = new KeyframeDecoders();
  const pictures = new LatestPictures(decoders);
  const snapshots = new SnapshotScheduler({
    pictures,
    store: new SnapshotStore(ctx.db, path.join(dir, 'snapshots')),
    cameras: function* () {
      for (const e of registry.entries())
        if (e.stream === FeedRegistry.snapshotStream(e.source))
          yield { cameraId: e.source.cameraId, stream: e.stream };
    },
    feedOf: (cam, stream) => registry.runningFeed(cam, stream),
    intervalMs: env.SNAPSHOT_INTERVAL_SECONDS * 1000,
    retentionMs: env.SNAPSHOT_RETENTION_HOURS * 3_600_000,
    clock: ctx.clock,
    log,
    onResult: (r) => metrics.snapshots.inc({ result: r }),
  });

  // Desk zones of the cameras this node pulls, for detection (re-read with the cameras).
  let zones = new Map<string, VisionCamera['zones']>();
  const vision =
    env.MEDIA_VISION === 'on'
      ? new VisionStage({
          cameras: function* () {
            for (const e of registry.entries()) {
              const z = zones.get(e.source.cameraId);
              if (!z?.length || e.stream !== FeedRegistry.snapshotStream(e.source)) continue;
              yield {
                cameraId: e.source.cameraId,
                kelurahanCode: e.source.kelurahanCode,
                zones: z,
                feed: registry.runningFeed(e.source.cameraId, e.stream),
              };
            }
          },
          pictures,
          detector: () => loadNanoDet(),
          config: ctx.policy.detection.vision,
          clock: ctx.clock,
          log,
          onReadings: (readings) => {
            const observations = [...presenceObservations(readings).values()].flat();
            log.debug({ zones: readings.length, observations: observations.length }, 'desk zones judged');
          },
        })
      : null;

  let ready = false;
  const reload = async () => {
    const cameras = await loadOwnedCameras(ctx.db, { key, nodeIds, nodeId: env.MEDIA_NODE_ID, log });
    await registry.setCameras(cameras);
    if (vision)
      zones = await loadZones(
        ctx.db,
        cameras.map((c) => c.cameraId),
      );
    if (ready) void status?.writeAll();
    log.info({ cameras: cameras.length }, 'cameras loaded');
  };
  await reload();
  status.start();
  void status.writeAll(); // on-demand cameras nobody watches get their 'idle' row now, not in 30 s
  snapshots.start();
  vision?.start();

  // Reloads are serialised and coalesced: a burst of edits is one re-read.
  let reloading: Promise<void> | null = null;
  let again = false;
  const requestReload = () => {
    if (reloading) return void (again = true);
    reloading = reload()
      .catch((err) => log.error({ err }, 'camera reload failed'))
      .finally(() => {
        reloading = null;
        if (again) {
          again = false;
          requestReload();
        }
      });
  };
  const sub = ctx.redis.create('subscriber', 'media-cameras');
  sub.on('error', (err) => log.warn({ err: err.message }, 'cameras channel: Redis error'));
  sub.on('message', () => requestReload());
  await sub.subscribe(channels.cameras(env.REDIS_PREFIX));
  // A logout, a deactivated or changed user: their open views end here within seconds.
  const revokedSub = ctx.redis.create('subscriber', 'media-revoked');
  revokedSub.on('error', (err) => log.warn({ err: err.message }, 'revocations channel: Redis error'));
  const revocations = new Revocations({
    db: ctx.db,
    subscriber: revokedSub,
    channel: channels.revoked(env.REDIS_PREFIX),
    views: live,
    log,
  });
  await revocations.start();

  const ws = fmp4Upgrade(services);
  const app = createMediaApp(services, {
    routers: [hlsRoutes, ...(opts.routers ?? []).map((r) => r(services))],
    trustedProxies: env.TRUSTED_PROXIES,
    ready: () => ready,
  });
  const metricsServer = await startMetricsServer({
    host: env.METRICS_HOST,
    port: opts.metricsPort ?? env.MEDIA_METRICS_PORT,
    token: env.METRICS_TOKEN,
    log,
    render: async () => ({
      contentType: metrics.registry.contentType,
      body: await metrics.registry.metrics(),
    }),
  });
  const server = createServer(app);
  server.on('upgrade', (req, socket, head) => {
    if (!ws.handle(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) =>
    server.listen(opts.port ?? env.MEDIA_PORT, opts.host ?? env.HOST, resolve),
  );
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.address}:${addr.port}`;
  // Lowest priority and guarded: RTMP ingest failing to start is logged, the node serves anyway.
  const rtmp = rtmpIngest({
    port: env.MEDIA_RTMP_PORT,
    bind: env.HOST,
    dir: path.join(dir, 'nms', env.MEDIA_NODE_ID),
    log,
  });
  await rtmp?.start().catch((err: Error) => log.error({ err: err.message }, 'RTMP ingest did not start'));
  ready = true;
  log.info(
    { url, metricsUrl: metricsServer.url, rtmpPort: rtmp ? env.MEDIA_RTMP_PORT : null },
    'media ready',
  );

  return {
    url,
    metricsUrl: metricsServer.url,
    server,
    services,
    registry,
    revocations,
    snapshots,
    status,
    reload,
    async close() {
      ready = false;
      await metricsServer.close();
      snapshots.stop();
      await vision?.stop();
      decoders.close();
      await rtmp?.stop(3_000);
      ws.close();
      await hlsRoutes.close();
      await hls.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await sub.quit().catch(() => sub.disconnect());
      await revocations.close();
      await revokedSub.quit().catch(() => revokedSub.disconnect());
      await registry.close();
      await status?.close();
      await pub.quit().catch(() => pub.disconnect());
    },
  };
}
