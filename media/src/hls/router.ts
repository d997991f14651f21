import { Router, type NextFunction, type Request, type Response } from 'express';
import { ApiError, type PlayClaims } from '@pkk/core';
import type { ViewSession } from '../access/view-log.ts';
import type { MediaServices } from '../http/services.ts';
import type { HlsSessions } from './hls-sessions.ts';
import { tokenPathCors } from '../http/cors.ts';

/** An HLS viewer that made no request for this long has left (players poll the playlist every second). */
const VIEW_GONE_MS = 15_000;

interface HlsView {
  session: ViewSession;
  lastAt: number;
  left: () => void;
}

/**
 * `GET /v/<token>/hls/index.m3u8` and its segments. The playlist names segments relatively, so
 * every segment URL keeps the token. A token past its expiry is still accepted for a view this
 * node is already serving (the token was good when playback began).
 */
export function hlsRouter(
  services: MediaServices,
  sessions: HlsSessions,
): Router & { close(): Promise<void> } {
  const views = new Map<string, HlsView>();
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [id, v] of views) {
      if (now - v.lastAt < VIEW_GONE_MS) continue;
      views.delete(id);
      v.left();
      void v.session.end();
    }
  }, 1_000);
  sweeper.unref();

  const claimsOf = async (token: string): Promise<PlayClaims> => {
    try {
      return await services.verify(token);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'token_expired') throw err;
      const claims = await services.verify(token, { acceptExpired: true });
      if (!views.has(claims.jti)) throw err;
      return claims;
    }
  };
  const touch = (claims: PlayClaims) => {
    let v = views.get(claims.jti);
    if (!v) {
      v = {
        session: services.views.open(claims.jti, 'hls'),
        lastAt: 0,
        left: services.metrics.viewer('hls'),
      };
      views.set(claims.jti, v);
    }
    v.lastAt = Date.now();
    v.session.sent();
  };

  const router = Router() as Router & { close(): Promise<void> };
  // hls.js fetches from the app's origin, not the media node's (GET only, no credentials).
  router.use('/v/:token/hls', tokenPathCors({ methods: ['GET'] }));
  router.get(
    '/v/:token/hls/index.m3u8',
    wrap(async (req, res) => {
      const claims = await claimsOf(String(req.params.token));
      const body = await sessions.playlist(claims.cam, claims.stream);
      touch(claims);
      res.set('Cache-Control', 'no-cache').type('application/vnd.apple.mpegurl').send(body);
    }),
  );
  router.get(
    '/v/:token/hls/:segment',
    wrap(async (req, res) => {
      const claims = await claimsOf(String(req.params.token));
      const body = await sessions.segment(claims.cam, claims.stream, String(req.params.segment));
      if (!body) throw ApiError.notFound('segment not found (expired from the playlist)');
      touch(claims);
      res.set('Cache-Control', 'max-age=30').type('video/mp2t').send(body);
    }),
  );
  router.close = async () => {
    clearInterval(sweeper);
    for (const v of views.values()) {
      v.left();
      await v.session.end();
    }
    views.clear();
  };
  return router;
}

function wrap(fn: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next);
}
