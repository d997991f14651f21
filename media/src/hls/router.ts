import { randomBytes } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { ApiError, type StreamKind } from '@pkk/core';
import { viewEndError, type ClaimedView, type ViewEnd } from '../access/live-views.ts';
import type { ViewSession } from '../access/view-log.ts';
import type { MediaServices } from '../http/services.ts';
import type { HlsSessions } from './hls-sessions.ts';
import { tokenPathCors } from '../http/cors.ts';

/** An HLS viewer that made no request for this long has left (players poll the playlist every second). */
const VIEW_GONE_MS = 15_000;
/** What the multivariant playlist announces per stream (bits per second): a player's first guess only. */
const BANDWIDTH: Record<StreamKind, number> = { main: 2_500_000, sub: 700_000 };
/**
 * After its maximum length a view's playlist says it has ended (`#EXT-X-ENDLIST`), so that the player
 * plays out what it has and asks for a new play at once (its `ended` event) rather than stalling; its
 * segments are served this much longer, then it answers 410.
 */
export const HLS_END_GRACE_MS = 8_000;
/** A view id: 128 random bits, in the path of every later request of the view. */
const VIEW_ID = /^[A-Za-z0-9_-]{22}$/;

interface HlsView {
  id: string;
  claimed: ClaimedView;
  session: ViewSession;
  left: () => void;
  startedAt: number;
  lastAt: number;
  /** Set once the node ended it: later requests are told why, until the player gives up. */
  ended: ViewEnd | null;
}

export interface HlsRouterOptions {
  /** MEDIA_HLS_MAX_SESSION_SECONDS, in ms. */
  maxViewMs: number;
}

/**
 * HLS, bound to one view. `GET /v/<token>/hls/index.m3u8` claims the token (the one view it opens)
 * and answers a multivariant playlist naming one media playlist under a fresh view id:
 * `<viewId>/index.m3u8`, whose segments are `<viewId>/segNNNNN.ts`. Reloads and segments are served
 * for that view id only (under the same token, past its expiry: the view was claimed while it was
 * valid), so the token cannot be replayed, and nothing is kept alive by polling: a view ends after
 * `maxViewMs` (its playlist ends, then 410 view_ended: the player asks for a new play), when its
 * sign-in is revoked (401 view_revoked, at once), or when its player stops asking.
 */
export function hlsRouter(
  services: MediaServices,
  sessions: HlsSessions,
  opts: HlsRouterOptions,
): Router & { close(): Promise<void> } {
  const views = new Map<string, HlsView>();

  const release = (v: HlsView): Promise<void> => {
    v.claimed.close();
    v.left();
    return v.session.end();
  };
  /** The node ends a view: it is released now, and its id answers why until the player stops asking. */
  const finish = (v: HlsView, reason: ViewEnd) => {
    if (v.ended) return;
    v.ended = reason;
    void release(v);
    services.log.info({ view: v.claimed.claims.jti, reason }, 'HLS view ended');
  };
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [id, v] of views) {
      if (now - v.startedAt >= opts.maxViewMs + HLS_END_GRACE_MS) finish(v, 'max_length');
      if (now - v.lastAt < VIEW_GONE_MS) continue;
      views.delete(id);
      if (!v.ended) void release(v); // the player left
    }
  }, 1_000);
  sweeper.unref();

  /** The view a request names, checked: its id, the token it was opened with, and still going. */
  const viewOf = async (req: Request): Promise<HlsView> => {
    const claims = await services.verify(String(req.params.token), { acceptExpired: true });
    const id = String(req.params.view);
    const v = VIEW_ID.test(id) ? views.get(id) : undefined;
    if (!v || v.claimed.claims.jti !== claims.jti)
      throw new ApiError(404, 'view_not_found', 'no such HLS view (it ended): ask for a new play URL');
    v.lastAt = Date.now();
    if (!v.ended && v.lastAt - v.startedAt >= opts.maxViewMs + HLS_END_GRACE_MS) finish(v, 'max_length');
    if (v.ended) throw viewEndError(v.ended);
    return v;
  };
  const ending = (v: HlsView) => Date.now() - v.startedAt >= opts.maxViewMs;

  const router = Router() as Router & { close(): Promise<void> };
  // hls.js fetches from the app's origin, not the media node's (GET only, no credentials).
  router.use('/v/:token/hls', tokenPathCors({ methods: ['GET'] }));
  router.get(
    '/v/:token/hls/index.m3u8',
    wrap(async (req, res) => {
      const claims = await services.verify(String(req.params.token));
      const claimed = services.live.claim(claims, 'hls');
      try {
        sessions.start(claims.cam, claims.stream); // ffmpeg is on its way while the player reads this
      } catch (err) {
        claimed.close();
        throw err;
      }
      const now = Date.now();
      const v: HlsView = {
        id: randomBytes(16).toString('base64url'),
        claimed,
        session: services.views.open(claims.jti, 'hls'),
        left: services.metrics.viewer('hls'),
        startedAt: now,
        lastAt: now,
        ended: null,
      };
      views.set(v.id, v);
      claimed.bind((reason) => finish(v, reason));
      res
        .set('Cache-Control', 'no-store')
        .type('application/vnd.apple.mpegurl')
        .send(
          `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=${BANDWIDTH[claims.stream]}\n${v.id}/index.m3u8\n`,
        );
    }),
  );
  router.get(
    '/v/:token/hls/:view/index.m3u8',
    wrap(async (req, res) => {
      const v = await viewOf(req);
      const { cam, stream } = v.claimed.claims;
      const body = await sessions.playlist(cam, stream);
      if (v.ended) throw viewEndError(v.ended); // ended while ffmpeg was starting
      v.session.sent();
      res
        .set('Cache-Control', 'no-cache')
        .type('application/vnd.apple.mpegurl')
        .send(ending(v) ? endList(body) : body);
    }),
  );
  router.get(
    '/v/:token/hls/:view/:segment',
    wrap(async (req, res) => {
      const v = await viewOf(req);
      const { cam, stream } = v.claimed.claims;
      const body = await sessions.segment(cam, stream, String(req.params.segment));
      if (!body) throw ApiError.notFound('segment not found (expired from the playlist)');
      v.session.sent();
      res.set('Cache-Control', 'private, max-age=30').type('video/mp2t').send(body);
    }),
  );
  router.close = async () => {
    clearInterval(sweeper);
    const open = [...views.values()].filter((v) => !v.ended);
    views.clear();
    await Promise.all(open.map(release));
  };
  return router;
}

/** The playlist, told that no more segments will come (RFC 8216 §4.3.3.4). */
function endList(playlist: Buffer): Buffer {
  const text = playlist.toString('utf8');
  return Buffer.from(`${text}${text.endsWith('\n') ? '' : '\n'}#EXT-X-ENDLIST\n`);
}

function wrap(fn: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next);
}
