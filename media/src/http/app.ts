import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Registry } from 'prom-client';
import { errorHandler } from './errors.ts';
import type { MediaServices } from './services.ts';

export interface MediaAppOptions {
  /** Transport routers mounted at the root (`/v/<token>/…`): HLS, and WHEP when it is in. */
  routers?: Router[];
  metrics: Registry;
  /** Ready once this node's cameras are loaded. */
  ready(): boolean;
}

/**
 * The media node's HTTP surface (the fMP4 WebSocket is an upgrade on the same server, not a route):
 * transports, /metrics, /healthz and /readyz, errors in the project's envelope.
 */
export function createMediaApp(services: MediaServices, opts: MediaAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get(
    '/readyz',
    (_req, res) =>
      void (opts.ready() ? res.json({ status: 'ready' }) : res.status(503).json({ status: 'starting' })),
  );
  app.get('/metrics', (async (_req, res) => {
    res.type(opts.metrics.contentType).send(await opts.metrics.metrics());
  }) as RequestHandler);
  for (const r of opts.routers ?? []) app.use(r);
  app.use((_req, res) => void res.status(404).json({ error: { code: 'not_found', message: 'not found' } }));
  app.use(errorHandler(services.log));
  return app;
}
