import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { ping } from '@pkk/platform/db/index';
import { varDir } from '@pkk/platform/config/paths';
import type { RouteDeps } from './deps.ts';
import { openApiDocument } from '../openapi/document.ts';

/** What the launcher (npm start) records about the roles it supervises; nothing when not under it. */
function readSupervisor(dir: string): { restarts: Record<string, number> } {
  try {
    return JSON.parse(readFileSync(path.join(varDir(dir), 'supervisor.json'), 'utf8')) as {
      restarts: Record<string, number>;
    };
  } catch {
    return { restarts: {} };
  }
}

/** Liveness, readiness, metrics and the API description. */
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
  router.get('/metrics', async (_req, res) => {
    await deps
      .collectQueueDepths()
      .catch((err: Error) => deps.ctx.log.warn({ err }, 'queue depths unavailable'));
    deps.metrics.liveReloads.set(deps.hub.reloads);
    for (const [role, n] of Object.entries(readSupervisor(deps.ctx.env.VAR_DIR).restarts))
      deps.metrics.roleRestarts.set({ role }, n);
    res.set('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  let doc: unknown = null;
  router.get('/api/v1/openapi.json', (_req, res) => {
    doc ??= openApiDocument();
    res.json(doc);
  });
  return router;
}
