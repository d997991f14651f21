import express, { type Express, type Router } from 'express';
import { errorHandler } from './errors.ts';
import type { MediaServices } from './services.ts';

export interface MediaAppOptions {
  /** Transport routers mounted at the root (`/v/<token>/…`): HLS, and WHEP when it is in. */
  routers?: Router[];
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES). */
  trustedProxies: readonly string[];
  /** Ready once this node's cameras are loaded. */
  ready(): boolean;
}

/**
 * The media node's HTTP surface (the fMP4 WebSocket is an upgrade on the same server, not a route):
 * transports, /healthz and /readyz, errors in the project's envelope. /metrics has a listener of its
 * own (MEDIA_METRICS_PORT): camera ids and viewer counts are not for the public port.
 */
export function createMediaApp(services: MediaServices, opts: MediaAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustedProxies);
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get(
    '/readyz',
    (_req, res) =>
      void (opts.ready() ? res.json({ status: 'ready' }) : res.status(503).json({ status: 'starting' })),
  );
  for (const r of opts.routers ?? []) app.use(r);
  app.use((_req, res) => void res.status(404).json({ error: { code: 'not_found', message: 'not found' } }));
  app.use(errorHandler(services.log));
  return app;
}
