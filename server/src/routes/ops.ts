import { Router } from 'express';
import { ping } from '@pkk/platform/db/index';
import type { RouteDeps } from './deps.ts';
import { openApiDocument } from '../openapi/document.ts';

/** Liveness, readiness and the API description (metrics have a listener of their own: server/src/metrics/scrape.ts). */
export function opsRoutes(
  deps: RouteDeps,
  extraReady: () => Promise<string | null> = async () => null,
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    await ping(deps.ctx.db).then(
      () => (checks.postgres = 'ok'),
      (e: Error) => (checks.postgres = e.message),
    );
    await deps.redis.ping().then(
      () => (checks.redis = 'ok'),
      (e: Error) => (checks.redis = e.message),
    );
    checks.live = deps.hub.ready ? 'ok' : 'rebuilding';
    checks.extra = (await extraReady()) ?? 'ok';
    const ready = Object.values(checks).every((v) => v === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  let doc: unknown = null;
  router.get('/api/v1/openapi.json', (_req, res) => {
    doc ??= openApiDocument();
    res.json(doc);
  });
  return router;
}
