import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Env } from '@pkk/platform/config/env';
import { originOf } from '@pkk/platform/config/edge';
import { ApiError } from '../http/errors.ts';
import { SESSION_COOKIE, bearerOf } from './principal.ts';

/**
 * Cross-site request refusal for what a browser sends with the session cookie, the way Go's
 * net/http CrossOriginProtection decides: a request is the site's own when the browser says so
 * (`Sec-Fetch-Site: same-origin`, or `none` for one the user typed), when its Origin is the app's
 * (PUBLIC_URL, ALLOWED_ORIGINS) or names the host it was sent to; a browser's request from any other
 * page, even of the same site (a sibling subdomain gets SameSite=Lax cookies), is refused. Without
 * either header it is not a browser's (curl, the simulator, an HR client), and cookies are not the
 * browser's to forge.
 */
export function originChecker(env: Pick<Env, 'PUBLIC_URL' | 'ALLOWED_ORIGINS' | 'HOST' | 'PORT'>) {
  const allowed = new Set<string>(env.ALLOWED_ORIGINS);
  const own = originOf(env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`);
  if (own) allowed.add(own);
  /** Why the request is refused, or null. */
  return (req: IncomingMessage): string | null => {
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) return null;
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string')
      return site === 'same-origin' || site === 'none' ? null : `a request from another site (${site})`;
    if (!origin) return null;
    const host = req.headers.host;
    let originHost: string | null = null;
    try {
      originHost = origin === 'null' ? null : new URL(origin).host;
    } catch {
      // not a URL: refused below
    }
    return originHost !== null && originHost === host ? null : `a request from ${origin}`;
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state changes a browser was made to send from another page (403). Requests that carry a
 * bearer credential and no session cookie are not a browser acting on a cookie, and pass.
 */
export function refuseCrossSite(check: ReturnType<typeof originChecker>) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE.has(req.method)) return next();
    const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (!cookie && bearerOf(req)) return next();
    const why = check(req);
    if (!why) return next();
    next(new ApiError(403, 'cross_site_refused', `${why} may not act with this session; use the app itself`));
  };
}
