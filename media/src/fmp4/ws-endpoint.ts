import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError } from '@pkk/core';
import { viewEndError, type ClaimedView } from '../access/live-views.ts';
import type { MediaServices } from '../http/services.ts';
import { WsViewer } from './ws-viewer.ts';

const PATH = /^\/v\/([A-Za-z0-9_.-]+)\/live\.mp4$/;
/** Close codes: 4000 + the HTTP status it would have been, so the player reads them the same way. */
export const CLOSE = { internal: 1011, removed: 4410 } as const;
const PING_MS = 15_000;

/**
 * `GET /v/<token>/live.mp4` upgraded to a WebSocket. Token problems are told after the upgrade as
 * a close code (4401, 4403, 4404, 4409 for a token that already opened a view) with the reason,
 * because a browser's WebSocket cannot read the status of a refused handshake. A view whose sign-in
 * is revoked is closed with 4401 `view_revoked`.
 */
export function fmp4Upgrade(services: MediaServices): {
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): void;
} {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 4 * 1024 });
  return {
    handle(req, socket, head) {
      const m = PATH.exec(new URL(req.url ?? '/', 'http://x').pathname);
      if (!m) return false;
      wss.handleUpgrade(req, socket, head, (ws) => void serve(services, ws, m[1]!));
      return true;
    },
    close() {
      for (const ws of wss.clients) ws.close(1001, 'media node stopping');
      wss.close();
    },
  };
}

/** Closes with 4000 + the error's status and `code: message` as the reason (125 bytes at most). */
function refuse(ws: WebSocket, e: ApiError | null): void {
  ws.close(
    e ? 4000 + e.status : CLOSE.internal,
    e ? `${e.code}: ${e.message}`.slice(0, 120) : 'internal error',
  );
}

async function serve(services: MediaServices, ws: WebSocket, token: string): Promise<void> {
  let claimed: ClaimedView | null = null;
  let lease;
  try {
    const claims = await services.verify(token);
    // The socket is the view: the token cannot open a second one, here or on another transport.
    claimed = services.live.claim(claims, 'fmp4');
    lease = services.feeds.acquire(claims.cam, claims.stream);
  } catch (err) {
    claimed?.close();
    const e = err instanceof ApiError ? err : null;
    if (!e) services.log.error({ err }, 'fMP4 viewer could not start');
    return refuse(ws, e);
  }
  const view = claimed;
  const claims = view.claims;
  if (ws.readyState !== ws.OPEN) {
    view.close();
    return lease.release(); // the viewer left while its token was checked
  }
  const session = services.views.open(claims.jti, 'fmp4');
  const left = services.metrics.viewer('fmp4');
  const viewer = new WsViewer(ws, lease.feed, session);
  let alive = true;
  const ping = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, PING_MS);
  ping.unref();
  ws.on('pong', () => (alive = true));
  ws.on('message', () => undefined); // the player sends nothing we need; maxPayload bounds it
  const onRevoked = () => ws.close(CLOSE.removed, 'camera_gone: the camera was removed from this media node');
  lease.revoked.addEventListener('abort', onRevoked);
  ws.once('close', () => {
    view.close();
    clearInterval(ping);
    viewer.stop();
    lease.revoked.removeEventListener('abort', onRevoked);
    lease.release();
    left();
    void session.end();
  });
  ws.on('error', (err) => services.log.debug({ err }, 'fMP4 viewer socket error'));
  viewer.start();
  // No time limit: the socket is one connection to one client, and its right is checked all along
  // (a revoked sign-in ends it within seconds), so a wall tile plays for as long as it is shown.
  view.bind((reason) => {
    viewer.stop(); // nothing more is sent, whether or not the client completes the close handshake
    refuse(ws, viewEndError(reason));
    setTimeout(() => ws.terminate(), 2_000).unref();
  });
}
