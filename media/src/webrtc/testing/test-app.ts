import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type ErrorRequestHandler } from 'express';
import { ApiError } from '@pkk/core/api-error';
import { systemClock, type PlayClaims } from '@pkk/core';
import { createLogger } from '@pkk/platform/infra/logger';
import { LiveViews } from '../../access/live-views.ts';
import type { CameraFeed } from '../../feed.ts';
import { PortPool } from '../ports.ts';
import { WebrtcSessions } from '../sessions.ts';
import { whepRouter } from '../whep-router.ts';

/**
 * A small express app around the WHEP router for tests (production mounts the router in the media
 * role's app). Tokens are looked up in a map: signing is the api's and the http app's business.
 */
export interface TestAppOptions {
  feed: CameraFeed;
  ports?: string;
  maxViewers?: number;
  watchdogMs?: number;
}

export interface TestApp {
  url: string;
  sessions: WebrtcSessions;
  ports: PortPool;
  /** The tokens used and views open (as a media node keeps them). */
  live: LiveViews;
  /** Registers a token for the feed's camera and returns it. */
  token(name?: string): string;
  events: { kind: 'start' | 'end'; jti: string; at: number }[];
  acquired: () => number;
  close(): Promise<void>;
}

export async function startTestApp(o: TestAppOptions): Promise<TestApp> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', { role: 'media', test: true }, 'json');
  const ports = PortPool.parse(o.ports ?? '41000-41099');
  const sessions = new WebrtcSessions(
    {
      ports,
      announcedIp: '127.0.0.1',
      bindAddress: '0.0.0.0',
      maxViewers: o.maxViewers ?? 50,
      watchdogMs: o.watchdogMs ?? 4000,
      connectTimeoutMs: 10_000,
      iceServers: [],
    },
    log,
  );
  await sessions.prepare();
  const tokens = new Map<string, PlayClaims>();
  const live = new LiveViews(systemClock);
  const events: TestApp['events'] = [];
  let holders = 0;
  const app = express();
  app.use(
    whepRouter({
      sessions,
      log,
      verify: (token) => {
        const claims = tokens.get(token);
        if (!claims) throw ApiError.unauthorized('invalid play token');
        return claims;
      },
      claim: (claims) => live.claim(claims, 'webrtc'),
      acquire: async () => {
        holders++;
        return { feed: o.feed, release: () => void holders-- };
      },
      onViewStart: (c) => events.push({ kind: 'start', jti: c.jti, at: Date.now() }),
      onViewEnd: (c) => events.push({ kind: 'end', jti: c.jti, at: Date.now() }),
    }),
  );
  const render: ErrorRequestHandler = (err, _req, res, _next) => {
    const e = err instanceof ApiError ? err : new ApiError(500, 'internal', 'internal error');
    if (!(err instanceof ApiError)) log.error({ err }, 'unhandled');
    res.status(e.status).json({
      error: {
        code: e.code,
        message: e.message,
        ...(e.details !== undefined ? { details: e.details } : {}),
      },
    });
  };
  app.use(render);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let n = 0;
  return {
    url,
    sessions,
    ports,
    live,
    events,
    acquired: () => holders,
    token: (name) => {
      const token = name ?? `tok${++n}${Math.random().toString(36).slice(2)}`;
      const now = Math.floor(Date.now() / 1000);
      tokens.set(token, {
        jti: crypto.randomUUID(),
        sub: 'user-1',
        cam: o.feed.cameraId,
        stream: 'main',
        node: 'media-1',
        sid: 'test-sign-in-0000000000',
        iat: now,
        exp: now + 120,
      });
      return token;
    },
    close: async () => {
      sessions.closeAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
