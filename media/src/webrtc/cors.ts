import type { RequestHandler } from 'express';

/**
 * The browser calls the media node's origin from the web app's origin. The play token in the path
 * is the authority (no cookies are sent), so any origin may be allowed; a list narrows it. The WHEP
 * reply headers a player must read are exposed.
 */
export function whepCors(origins: readonly string[] | '*' = '*'): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && (origins === '*' || origins.includes(origin))) {
      res.setHeader('Access-Control-Allow-Origin', origins === '*' ? '*' : origin);
      if (origins !== '*') res.vary('Origin');
      res.setHeader('Access-Control-Expose-Headers', 'Location, ETag, Link, Retry-After, Accept-Patch');
    }
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('Access-Control-Allow-Methods', 'POST, DELETE, PATCH, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, If-Match');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
