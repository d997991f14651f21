import type { RequestHandler } from 'express';

/**
 * CORS for the media node's token paths. Players call the media node from the web app's origin; the
 * play token in the path is the authority (no cookies are sent, none are read), so any origin may
 * call. Each transport names the methods and headers it needs; preflights are answered here.
 */
export function tokenPathCors(o: {
  methods: readonly string[];
  allowHeaders?: readonly string[];
  exposeHeaders?: readonly string[];
}): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (o.exposeHeaders?.length) res.setHeader('Access-Control-Expose-Headers', o.exposeHeaders.join(', '));
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('Access-Control-Allow-Methods', [...o.methods, 'OPTIONS'].join(', '));
    if (o.allowHeaders?.length) res.setHeader('Access-Control-Allow-Headers', o.allowHeaders.join(', '));
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
