import { readFileSync } from 'node:fs';
import path from 'node:path';
import { varDir } from '@pkk/platform/config/paths';
import type { RouteDeps } from '../routes/deps.ts';

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

/** One scrape of the api's metrics: gauges read on demand (queue depths, reloads, restarts), then the text. */
export function scrapeMetrics(
  deps: Pick<RouteDeps, 'ctx' | 'hub' | 'metrics' | 'collectQueueDepths'>,
): () => Promise<{ contentType: string; body: string }> {
  return async () => {
    await deps
      .collectQueueDepths()
      .catch((err: Error) => deps.ctx.log.warn({ err }, 'queue depths unavailable'));
    deps.metrics.liveReloads.set(deps.hub.reloads);
    for (const [role, n] of Object.entries(readSupervisor(deps.ctx.env.VAR_DIR).restarts))
      deps.metrics.roleRestarts.set({ role }, n);
    return { contentType: deps.metrics.registry.contentType, body: await deps.metrics.registry.metrics() };
  };
}
