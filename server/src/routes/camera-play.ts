import { randomUUID } from 'node:crypto';
import { actorOf, audit } from '@pkk/platform/audit/log';
import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { SignJWT } from 'jose';
import {
  ownerOf,
  PLAY_TOKEN_TTL_SECONDS,
  playClaims,
  playRequest,
  systemClock,
  type MediaNode,
  type PlayResponse,
} from '@pkk/core';
import { digest } from '@pkk/platform/auth/secrets';
import { credentialRef } from '@pkk/platform/media/credential-ref';
import type { MediaKeys } from '@pkk/platform/media/keys';
import { principalOf, requireRole, SESSION_COOKIE } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import { CAMERA_VIEWERS, visibleCamera } from './camera-access.ts';
import type { RouteDeps } from './deps.ts';

/**
 * POST /cameras/:id/play: after the role and area checks, a play token (HS256 JWT of `playClaims`)
 * for the media node that owns the camera, its URLs, and the live_views row that audits the view.
 * A token is only ever signed for a camera the caller may watch, opens one view (the first of its
 * URLs used claims it), and names the sign-in it was asked under, so that the view ends with it.
 */
export function cameraPlayRoutes(deps: RouteDeps, nodes: readonly MediaNode[], keys: MediaKeys): Router {
  const { ctx, redis } = deps;
  const router = Router();
  const nodeIds = nodes.map((n) => n.id);
  const iceServers = iceServersOf(ctx.env.TURN_URLS, ctx.env.TURN_USERNAME, ctx.env.TURN_CREDENTIAL);
  // Per user, shared by every api node: a wall of 16 tiles reloading a few times a minute stays
  // under it, a script pulling tokens in a loop does not.
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: ctx.env.PLAY_RATE_LIMIT,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${req.principal!.kind}:${req.principal!.id}`,
    store: new RedisStore({
      prefix: `${ctx.env.REDIS_PREFIX}:rl:play:`,
      sendCommand: (command: string, ...args: string[]) =>
        redis.call(command, ...args) as Promise<RedisReply>,
    }),
    handler: (_req, _res, next) =>
      next(new ApiError(429, 'too_many_requests', 'too many plays; try again in a minute')),
  });

  router.post(
    '/:id/play',
    requireRole(...CAMERA_VIEWERS),
    limiter,
    async (req: Request<{ id: string }>, res) => {
      const p = principalOf(req);
      // The audit names a person: a machine token has no user to name.
      if (p.kind !== 'user')
        throw ApiError.forbidden('watching a camera needs a signed-in user, not an API token');
      // A user principal comes from the session cookie (authenticate tries it first): the view is
      // bound to that sign-in, and ends on every media node when it does.
      const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      if (!cookie) throw ApiError.unauthorized();
      const session = digest(cookie);
      const body = parseOr400(playRequest, req.body ?? {});
      const cam = await visibleCamera(ctx, p, req.params.id);
      if (!cam.enabled) throw ApiError.conflict(`camera ${cam.id} is disabled`);
      const node = nodes.find((n) => n.id === ownerOf(cam.id, nodeIds));
      if (!node) throw new ApiError(503, 'unavailable', 'no media node is configured (MEDIA_NODES)');
      const stream = body.stream === 'sub' && cam.rtsp_sub === null ? 'main' : body.stream;

      const now = ctx.clock.now();
      // A token's life is transport security, lived by a browser in real time: it is signed and checked
      // (media/src/access/verify.ts) on the real clock, whatever a simulated office clock says.
      const iat = Math.floor(systemClock.now() / 1000);
      const exp = iat + PLAY_TOKEN_TTL_SECONDS;
      const viewId = randomUUID();
      const claims = playClaims.parse({
        jti: viewId,
        sub: String(p.id),
        cam: cam.id,
        stream,
        node: node.id,
        sid: credentialRef(session.toString('hex')),
        iat,
        exp,
      });
      const token = await new SignJWT({
        cam: claims.cam,
        stream: claims.stream,
        node: claims.node,
        sid: claims.sid,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setJti(claims.jti)
        .setSubject(claims.sub)
        .setIssuedAt(claims.iat)
        .setExpirationTime(claims.exp)
        .sign(keys.signing);

      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('live_views')
          .values({
            view_id: viewId,
            camera_id: cam.id,
            user_id: p.id,
            stream,
            node: node.id,
            issued_at: new Date(now),
            client_ip: req.ip ?? null,
            session_hash: session,
          })
          .execute();
        // Who asked to watch which camera, when: the start and end follow from the media node.
        await audit(trx, {
          at: now,
          actor: actorOf(p),
          action: 'live_view.issued',
          subject: `camera:${cam.id}`,
          refs: [`live_view:${viewId}`, `kelurahan:${cam.kelurahan_code}`],
          payload: { viewId, stream, node: node.id, clientIp: req.ip ?? null, expiresAt: exp * 1000 },
        });
      });
      ctx.log.info({ viewId, cameraId: cam.id, stream, node: node.id, by: p.username }, 'play token issued');

      const base = `${node.publicUrl}/v/${token}`;
      const reply: PlayResponse = {
        viewId,
        cameraId: cam.id,
        stream,
        node: node.id,
        expiresAt: exp * 1000,
        whepUrl: `${base}/whep`,
        wsUrl: `${base.replace(/^http/, 'ws')}/live.mp4`,
        hlsUrl: `${base}/hls/index.m3u8`,
        iceServers,
      };
      res.set('Cache-Control', 'no-store').status(201).json(reply);
    },
  );
  return router;
}

/** TURN_URLS (comma-separated) as one ICE server entry with its credentials; none: direct only. */
export function iceServersOf(
  urls: string,
  username: string | undefined,
  credential: string | undefined,
): PlayResponse['iceServers'] {
  const list = urls
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.length) return [];
  return [{ urls: list, ...(username ? { username } : {}), ...(credential ? { credential } : {}) }];
}
