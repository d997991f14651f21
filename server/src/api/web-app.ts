import { readdirSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';

/** The API and the protocols' paths: neither a file of the build nor a route of the app. */
const NOT_THE_APP = /^\/(?:api|socket\.io|iclock|metrics)(?:\/|$)/;

/** Encodings the build writes next to each text file (web/build/precompress.ts), best first. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

/** Hashed build output: a new build means new names, so a browser may keep each for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The shell and the service worker: revalidated on every load, so a new build is picked up at once. */
const REVALIDATE = 'no-cache';
/** Other static files (icons, the web manifest): unhashed, rarely changed. */
const SHORT = 'public, max-age=3600';

export function cachePolicy(urlPath: string): string {
  if (urlPath.startsWith('/assets/')) return IMMUTABLE;
  if (urlPath === '/index.html' || urlPath === '/sw.js') return REVALIDATE;
  return SHORT;
}

/**
 * The encoding to send: the highest q the client gives among those at hand, ours in order of
 * preference on a tie (Chromium sends "gzip, deflate, br, zstd": brotli, the smaller, should win,
 * where a negotiator that keeps the header's order picks gzip). None when the client sent no
 * Accept-Encoding, or ranks the file itself higher.
 */
export function preferredEncoding<E extends { name: string }>(
  header: string | undefined,
  available: readonly E[],
): E | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const of = (name: string, fallback: number) => q.get(name) ?? q.get('*') ?? fallback;
  const identity = of('identity', 1);
  let best: E | undefined;
  let bestQ = 0;
  for (const e of available) {
    const v = of(e.name, 0);
    if (v > bestQ && v >= identity) [best, bestQ] = [e, v];
  }
  return best;
}

/** URL paths of the build that have precompressed variants, with the encodings each has. */
function scanVariants(dist: string): Map<string, Set<string>> {
  const variants = new Map<string, Set<string>>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
        continue;
      }
      const enc = ENCODINGS.find((x) => e.name.endsWith(x.ext));
      if (!enc) continue;
      const url = '/' + path.relative(dist, p).slice(0, -enc.ext.length).split(path.sep).join('/');
      (variants.get(url) ?? variants.set(url, new Set()).get(url)!).add(enc.name);
    }
  };
  walk(dist);
  return variants;
}

/**
 * Serves the built web app: the precompressed variant the browser accepts (brotli, then gzip, else
 * the file itself) with the original's Content-Type, `Vary: Accept-Encoding` wherever there is a
 * choice, and a cache policy by kind of file (see cachePolicy). Any other GET outside the API gets
 * the shell, since the app routes in the browser.
 */
export function webAppRoutes(dist: string): Router {
  const variants = scanVariants(dist);
  const router = Router();
  const files = express.static(dist, {
    index: false,
    // Set by hand below: serve-static's maxAge would override no-cache and immutable.
    cacheControl: false,
  });

  /** Sets the headers for the best variant of `urlPath`; returns the extension of its file ('' for the file itself). */
  const negotiate = (req: Request, res: Response, urlPath: string): string => {
    res.set('Cache-Control', cachePolicy(urlPath));
    const have = variants.get(urlPath);
    if (!have) return '';
    res.vary('Accept-Encoding');
    const enc = preferredEncoding(
      req.headers['accept-encoding'],
      ENCODINGS.filter((e) => have.has(e.name)),
    );
    if (!enc) return '';
    // The original's type: send() leaves a Content-Type that is already set alone.
    res.type(path.extname(urlPath));
    res.set('Content-Encoding', enc.name);
    return enc.ext;
  };

  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // Paths of the API and the protocols are never files of the build.
    if (NOT_THE_APP.test(req.path)) return next();
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    // A variant is reached by negotiation only, never by its own name.
    if (ENCODINGS.some((e) => urlPath.endsWith(e.ext))) return next();
    const ext = negotiate(req, res, urlPath);
    const url = req.url;
    if (ext) req.url = req.path + ext + url.slice(req.path.length);
    files(req, res, (err?: unknown) => {
      req.url = url;
      // Headers already sent (the file failed mid-way, or someone else answered): nothing to undo,
      // and removing a header now would throw outside any handler and end the process.
      if (res.headersSent) return next(err);
      // Not a file of the build: undo what was set for it.
      for (const h of ['Content-Encoding', 'Content-Type', 'Vary', 'Cache-Control']) res.removeHeader(h);
      next(err);
    });
  });

  // The web app routes in the browser: any other GET gets its shell.
  router.get(/^\/(?!assets\/).*/, (req, res, next) => {
    if (NOT_THE_APP.test(req.path)) return next();
    const ext = negotiate(req, res, '/index.html');
    res.sendFile(path.join(dist, `index.html${ext}`), { cacheControl: false }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  });
  return router;
}
