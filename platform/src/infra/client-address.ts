import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * The client's address as express computes `req.ip` with `trust proxy` set to the same list
 * (TRUSTED_PROXIES), for places express does not reach: socket.io handshakes, WebSocket upgrades.
 * The peer, or the last X-Forwarded-For hop before the first proxy not trusted.
 */
export function clientAddressOf(trusted: readonly string[]): (req: IncomingMessage) => string {
  const trust = proxyaddr.compile([...trusted]);
  return (req) => proxyaddr(req, trust);
}
