import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { ApiError } from '@pkk/core/api-error';
import type { PlayClaims } from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';
import type { ClaimedView } from '../access/live-views.ts';
import type { CameraFeed, H264Params } from '../feed.ts';
import { tokenPathCors } from '../http/cors.ts';
import { checkOffer, narrowOffer } from './sdp.ts';
import { PortUnavailable } from './ports.ts';
import type { WebrtcSessions } from './sessions.ts';

/**
 * WHEP (RFC 9725) for live view: the browser POSTs its offer to `/v/<token>/whep`, gets the answer
 * (non-trickle: with ice-lite the one host candidate is known at once) and a session URL it DELETEs
 * when done. Errors go to the app's error handler as ApiError (one envelope).
 */
export interface WhepServices {
  /** Checks a play token; throws (or rejects with) ApiError 401/403 when it is not valid for this node. */
  verify(token: string): PlayClaims | Promise<PlayClaims>;
  /** Claims the token's one view (LiveViews.claim); throws ApiError 409 token_used when it was used. */
  claim(claims: PlayClaims): ClaimedView;
  /** Holds the camera stream's pull while the viewer watches. */
  acquire(cameraId: string, stream: PlayClaims['stream']): Promise<{ feed: CameraFeed; release(): void }>;
  sessions: WebrtcSessions;
  log: Logger;
  /** First packet sent to the viewer (live_views.started_at). */
  onViewStart?(claims: PlayClaims, transport: 'webrtc'): void;
  /** Session over, whatever the reason (live_views.ended_at). */
  onViewEnd?(claims: PlayClaims): void;
}

/** How long a full process asks browsers to wait before offering again. */
const RETRY_AFTER_SECONDS = 10;

/** How long an offer waits for a camera that is only now being pulled. */
const COLD_PULL_WAIT_MS = 4000;

function firstParams(feed: CameraFeed, ms: number): Promise<H264Params | null> {
  return new Promise((resolve) => {
    let settled = false;
    let off: (() => void) | null = null;
    const done = (p: H264Params | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      off?.();
      resolve(p);
    };
    const timer = setTimeout(() => done(null), ms);
    off = feed.subscribe({ onParams: (p) => done(p) });
    if (settled) off();
  });
}

export function whepRouter(services: WhepServices): Router {
  const { sessions, log } = services;
  const router = Router();
  // The WHEP reply headers a player must read are exposed (RFC 9725).
  router.use(
    '/v/:token/whep',
    tokenPathCors({
      methods: ['POST', 'DELETE', 'PATCH'],
      allowHeaders: ['Content-Type', 'If-Match'],
      exposeHeaders: ['Location', 'ETag', 'Link', 'Retry-After', 'Accept-Patch'],
    }),
  );
  const sdpBody = express.text({ type: 'application/sdp', limit: '64kb' });

  router.post(
    '/v/:token/whep',
    sdpBody,
    wrap(async (req, res) => {
      const startedAt = Date.now();
      if (!req.is('application/sdp'))
        throw new ApiError(415, 'unsupported_media_type', 'the offer must be sent as application/sdp');
      const token = String(req.params.token);
      const claims = await services.verify(token);
      // The first offer uses the token up, whether or not it ends in a session: the player asks the
      // api for a new one for any other attempt.
      const view = services.claim(claims);
      const offer = typeof req.body === 'string' ? req.body : '';
      const slot = sessions.reserve();
      if (!slot) {
        view.close();
        res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
        throw new ApiError(
          503,
          'unavailable',
          `this media node serves its maximum of ${sessions.config.maxViewers} WebRTC viewers`,
        );
      }
      let held: { feed: CameraFeed; release(): void } | null = null;
      let opened = false;
      try {
        held = await services.acquire(claims.cam, claims.stream);
        // A cold pull (an on-demand camera nobody watched) has no picture yet: wait for its first
        // parameters rather than refuse, so the first viewer still gets WebRTC.
        const params = held.feed.params() ?? (await firstParams(held.feed, COLD_PULL_WAIT_MS));
        if (!params) throw new ApiError(503, 'unavailable', 'the camera has not sent a picture yet');
        const check = checkOffer(offer, params.profileLevelId);
        if (!check.ok) {
          if (check.reason === 'not_sdp') throw ApiError.badRequest(check.message);
          throw ApiError.unprocessable(check.message, { reason: check.reason, offered: check.offered });
        }
        const feed = held;
        held = null;
        const { session, answer } = await sessions
          .open(slot, {
            token,
            claims,
            feed: feed.feed,
            release: feed.release,
            offer: narrowOffer(offer, check.h264.payloadType),
            onViewStart: () => services.onViewStart?.(claims, 'webrtc'),
            onViewEnd: () => {
              view.close();
              services.onViewEnd?.(claims);
            },
          })
          .catch((err: unknown) => {
            if (err instanceof PortUnavailable) {
              res.setHeader('Retry-After', '1');
              throw new ApiError(503, 'unavailable', 'no RTC port could be opened; offer again');
            }
            log.warn({ err, camera: claims.cam }, 'webrtc offer could not be answered');
            throw ApiError.badRequest('the offer could not be negotiated');
          });
        opened = true;
        // No time limit: the peer connection is one client's, and its right is checked all along (a
        // revoked sign-in closes it within seconds), so a phone plays for as long as it watches.
        view.bind(() => session.close('revoked'));
        const location = `${req.baseUrl}/v/${encodeURIComponent(token)}/whep/${session.id}`;
        res
          .status(201)
          .setHeader('Content-Type', 'application/sdp')
          .setHeader('Location', location)
          .setHeader('ETag', `"${session.id}"`);
        for (const link of iceServerLinks(sessions.config.iceServers)) res.append('Link', link);
        res.send(answer);
        log.info(
          { session: session.id, camera: claims.cam, port: session.port, answerMs: Date.now() - startedAt },
          'webrtc offer answered',
        );
      } catch (err) {
        held?.release();
        slot.cancel();
        if (!opened) view.close();
        throw err;
      }
    }),
  );

  router.delete(
    '/v/:token/whep/:session',
    wrap((req, res) => {
      const session = sessions.get(String(req.params.session));
      // The session id is the secret here, bound to the token it was opened with; the token may have
      // expired meanwhile (play URLs live 2 minutes, a view lasts longer), so it is not verified again.
      if (!session || session.token !== req.params.token) throw ApiError.notFound('no such WebRTC session');
      session.close('delete');
      res.status(204).end();
    }),
  );

  router.patch('/v/:token/whep/:session', (_req, res, next) => {
    // Trickle and ICE restart are not offered: the browser learns the one candidate from the answer,
    // and an ice-lite server learns the browser's address from its checks. RFC 9725 §4.3.1: 405.
    res.setHeader('Allow', 'DELETE');
    next(new ApiError(405, 'method_not_allowed', 'trickle ICE and ICE restarts are not supported'));
  });

  return router;
}

function wrap(handler: (req: Request, res: Response) => Promise<void> | void) {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch(next);
  };
}

function iceServerLinks(servers: { urls: string[]; username?: string; credential?: string }[]): string[] {
  return servers.flatMap((s) =>
    s.urls.map((url) => {
      const auth =
        s.username !== undefined && s.credential !== undefined
          ? `; username="${s.username}"; credential="${s.credential}"; credential-type="password"`
          : '';
      return `<${url}>; rel="ice-server"${auth}`;
    }),
  );
}
