import { existsSync } from 'node:fs';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { originChecker, refuseCrossSite } from '../auth/origin.ts';
import { authenticate } from '../auth/principal.ts';
import { repoRoot } from '@pkk/platform/config/paths';
import { errorHandler, notFoundHandler } from '../http/errors.ts';
import { admsCommandRoutes } from '../ingest/adms/command-routes.ts';
import { jobRoutes } from '../routes/jobs.ts';
import { kinerjaRoutes } from '../routes/kinerja.ts';
import { findingRoutes } from '../routes/findings.ts';
import { pushRoutes } from '../routes/push.ts';
import { silenceRoutes } from '../routes/silences.ts';
import { admsRouter } from '../ingest/adms/router.ts';
import { jsonIngestRouter, type IngestDeps } from '../ingest/json-routes.ts';
import { authRoutes } from '../routes/auth.ts';
import type { RouteDeps } from '../routes/deps.ts';
import { cameraRoutes } from '../routes/cameras.ts';
import { deviceRoutes } from '../routes/devices.ts';
import { liveViewRoutes } from '../routes/live-views.ts';
import { kelurahanRoutes, registryRoutes } from '../routes/kelurahan.ts';
import { leaveRoutes, officerRoutes } from '../routes/officers.ts';
import { opsRoutes } from '../routes/ops.ts';
import { organisationRoutes } from '../routes/organisation.ts';
import { sanctionRoutes } from '../routes/sanctions.ts';
import { tokenRoutes, userRoutes } from '../routes/users.ts';
import { tppRoutes } from '../routes/tpp.ts';
import { webAppRoutes } from './web-app.ts';
import { auditRoutes } from '../routes/audit.ts';
import { hrRoutes } from '../routes/hr.ts';

/** The HTTP surface of the api role. Every route module is mounted here and nowhere else. */
export function createApp(deps: RouteDeps & IngestDeps): Express {
  const { ctx } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.env.TRUSTED_PROXIES);
  app.use(
    pinoHttp({
      logger: ctx.log,
      // Ingest and heartbeats are the bulk of traffic: log them only when they fail. Other routine
      // requests are debug: the default level shows what needs a person's attention.
      customLogLevel: (req, res, err) =>
        err || (res.statusCode >= 500 && res.statusCode !== 503)
          ? 'error'
          : res.statusCode >= 400
            ? 'warn'
            : /^\/(api\/v1\/ingest|iclock|healthz|readyz|metrics)/.test(
                  (req as { originalUrl?: string }).originalUrl ?? req.url ?? '',
                )
              ? 'silent'
              : 'debug',
    }),
  );

  // Device protocols first: they carry their own authentication and read raw bodies.
  app.use('/api/v1/ingest', jsonIngestRouter(deps));
  app.use('/iclock', admsRouter(deps));

  app.use(opsRoutes(deps));
  app.use(
    '/api/v1',
    cookieParser(),
    refuseCrossSite(originChecker(ctx.env)),
    express.json({ limit: '1mb' }),
    authenticate(ctx.db),
  );
  app.use('/api/v1/auth', authRoutes(deps));
  app.use('/api/v1/registry', registryRoutes(deps));
  app.use('/api/v1/kelurahan', kelurahanRoutes(deps));
  app.use('/api/v1/officers', officerRoutes(deps));
  app.use('/api/v1/leave', leaveRoutes(deps));
  app.use('/api/v1/devices', admsCommandRoutes(deps));
  app.use('/api/v1/devices', deviceRoutes(deps));
  app.use('/api/v1/users', userRoutes(deps));
  app.use('/api/v1/tokens', tokenRoutes(deps));
  app.use('/api/v1/jobs', jobRoutes(deps));
  app.use('/api/v1/findings', findingRoutes(deps));
  app.use('/api/v1/silences', silenceRoutes(deps));
  app.use('/api/v1/push', pushRoutes(deps));
  app.use('/api/v1/cameras', cameraRoutes(deps));
  app.use('/api/v1/live-views', liveViewRoutes(deps));
  app.use('/api/v1/tpp', tppRoutes(deps));
  app.use('/api/v1/organisation', organisationRoutes(deps));
  app.use('/api/v1/sanctions', sanctionRoutes(deps));
  app.use('/api/v1/kinerja', kinerjaRoutes(deps));
  app.use('/api/v1/audit', auditRoutes(deps));
  app.use('/api/v1/hr', hrRoutes(deps));
  app.use('/api', notFoundHandler);

  const dist = ctx.env.WEB_DIST ? path.resolve(ctx.env.WEB_DIST) : path.join(repoRoot, 'web', 'dist');
  if (existsSync(path.join(dist, 'index.html'))) {
    app.use(webAppRoutes(dist));
  }
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.log));
  return app;
}
