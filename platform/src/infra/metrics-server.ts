import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { digest, sameDigest } from '../auth/secrets.ts';
import type { Logger } from './logger.ts';

export interface MetricsServer {
  /** Where Prometheus scrapes: `http://host:port/metrics`. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * /metrics on a listener of its own, as Prometheus exporters do: bound to loopback by default, so
 * camera ids and viewer counts never reach the public port. When it must be reachable beyond the
 * host (a scraper in the cluster), METRICS_TOKEN asks for `Authorization: Bearer <token>`.
 */
export async function startMetricsServer(o: {
  host: string;
  port: number;
  token?: string;
  log: Logger;
  render(): Promise<{ contentType: string; body: string }>;
}): Promise<MetricsServer> {
  const want = o.token ? digest(o.token) : null;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('not found: this listener serves GET /metrics\n');
      return;
    }
    if (want) {
      const h = req.headers.authorization;
      const got = h?.startsWith('Bearer ') ? digest(h.slice(7).trim()) : null;
      if (!got || !sameDigest(got, want)) {
        res
          .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
          .end('unauthorized\n');
        return;
      }
    }
    o.render().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      (err: unknown) => {
        o.log.error({ err }, 'metrics could not be rendered');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`metrics port ${o.host}:${o.port} is in use (set METRICS_PORT or MEDIA_METRICS_PORT)`)
          : err,
      ),
    );
    server.listen(o.port, o.host, () => {
      server.removeAllListeners('error');
      server.on('error', (err) => o.log.error({ err }, 'metrics listener failed'));
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}/metrics`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
