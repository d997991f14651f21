import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import {
  officeScope,
  parseRoom,
  roomInScope,
  subscribeRequest,
  type Ack,
  type ClientToServerEvents,
  type DetailSnapshot,
  type Principal,
  type RoomName,
  type ServerToClientEvents,
  type SummarySnapshot,
} from '@pkk/core';
import type { Context } from '@pkk/platform/context';
import { clientAddressOf } from '@pkk/platform/infra/client-address';
import { originChecker } from '../auth/origin.ts';
import { followBus } from '@pkk/platform/infra/bus';
import { resolveSecrets, sessionFromCookieHeader } from '../auth/principal.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { LiveHub, LiveSink } from './hub.ts';

interface SocketData {
  principal: Principal;
  /** The secrets the handshake carried, to check again on every join (sessions end, tokens are revoked). */
  session: string | undefined;
  token: string | undefined;
  /** Hex digest of the credential in use, as revocation announcements name it. */
  credential: string;
  expiresAt: Date | null;
}
type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const fail = (code: string, message: string) => ({ ok: false as const, error: { code, message } });

/** Whether a principal may join a room: the same scope as the REST routes, of a room that exists. */
export function mayJoin(ctx: Context, p: Principal, room: RoomName): boolean {
  const r = parseRoom(room);
  if (!r) return false;
  if (r.kind === 'kecamatan' && !ctx.policy.kecamatan.some((k) => k.code === r.code)) return false;
  return roomInScope(officeScope(p), r, (code) => ctx.registry.get(code)?.kecamatanCode);
}

export function createSocketServer(
  ctx: Context,
  http: HttpServer,
  metrics: Metrics,
): { io: LiveServer; sink: LiveSink } {
  const crossSite = originChecker(ctx.env);
  const addressOf = clientAddressOf(ctx.env.TRUSTED_PROXIES);
  const io: LiveServer = new Server(http, {
    serveClient: false,
    path: '/socket.io',
    // A page of another site must not open a live connection with the user's cookie (WebSocket
    // handshakes are not held back by CORS). Checked at every new engine.io session.
    allowRequest: (req, callback) => {
      const why = crossSite(req);
      if (why) ctx.log.warn({ address: addressOf(req), origin: req.headers.origin, why }, 'socket refused');
      callback(why ? 'cross-site request refused' : null, !why);
    },
  });
  // Broadcasts from other nodes and from workers reach this node's clients through Redis.
  io.adapter(
    createAdapter(ctx.redis.create('worker', 'io-pub'), ctx.redis.create('subscriber', 'io-sub'), {
      key: `${ctx.env.REDIS_PREFIX}:io`,
    }),
  );

  // socket.io does not await middleware: every failure must end in next(), or the handshake hangs and
  // the rejection goes unhandled.
  io.use((socket, next) => {
    const session = sessionFromCookieHeader(socket.handshake.headers.cookie);
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
    resolveSecrets(ctx.db, session, token, new Date()).then(
      (r) => {
        if (!r) return next(new Error('unauthorized'));
        Object.assign(socket.data, {
          principal: r.principal,
          session,
          token,
          credential: r.credential,
          expiresAt: r.expiresAt,
        });
        next();
      },
      (err: unknown) => {
        ctx.log.warn({ err }, 'socket handshake failed');
        next(new Error('unauthorized'));
      },
    );
  });

  // A socket lives no longer than its credential: closed when it is revoked (logout, token revoked, on
  // any node) and when the session expires.
  const byCredential = new Map<string, Set<LiveSocket>>();
  io.on('connection', (socket: LiveSocket) => {
    const key = socket.data.credential;
    const sockets = byCredential.get(key) ?? new Set<LiveSocket>();
    byCredential.set(key, sockets.add(socket));
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      const at = socket.data.expiresAt;
      if (!at) return;
      const check = () =>
        recheck(ctx, socket).then(
          (p) => (p ? socket.connected && arm() : socket.disconnect(true)),
          (err: unknown) => ctx.log.warn({ err }, 'socket credential check failed'),
        );
      timer = setTimeout(() => void check(), Math.min(Math.max(at.getTime() - Date.now(), 0), 2 ** 31 - 1));
      timer.unref();
    };
    arm();
    socket.on('disconnect', () => {
      if (timer) clearTimeout(timer);
      sockets.delete(socket);
      if (!sockets.size) byCredential.delete(key);
    });
  });
  const revoked = ctx.redis.create('subscriber', 'auth-sub');
  void followBus(
    revoked,
    ctx.env.REDIS_PREFIX,
    {
      'auth:revoked': (digests) => {
        for (const key of digests) for (const socket of byCredential.get(key) ?? []) socket.disconnect(true);
      },
    },
    ctx.log,
  ).catch((err: unknown) => ctx.log.error({ err }, 'cannot follow credential revocations'));

  const sink: LiveSink = {
    summaries(room, items, serverNow) {
      // Every node computes the same state from the same announcements: push to local clients only.
      io.local.to(room).emit('live:summaries', { room, serverNow, items });
      metrics.liveDeltas.inc({ room: room.split(':')[0] });
    },
    detail(room, patch, serverNow) {
      io.local.to(room).emit('live:detail', { room, serverNow, patch });
      metrics.liveDeltas.inc({ room: 'kelurahan' });
    },
    watched(room) {
      return (io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0;
    },
  };
  return { io, sink };
}

/**
 * Resolves the socket's credential again, as a REST request would: the session may have expired or
 * ended, the token been revoked, the account's role or area changed. Null when it is gone.
 */
async function recheck(ctx: Context, socket: LiveSocket): Promise<Principal | null> {
  const r = await resolveSecrets(ctx.db, socket.data.session, socket.data.token, new Date());
  if (!r) return null;
  Object.assign(socket.data, { principal: r.principal, expiresAt: r.expiresAt });
  return r.principal;
}

/**
 * An async socket handler whose failure is logged and acknowledged, never an unhandled rejection:
 * socket.io does not await handlers, and Node ends the process on a rejection nobody handles.
 */
function guarded<Args extends unknown[]>(
  ctx: Context,
  handler: (...args: Args) => Promise<void>,
): (...args: Args) => void {
  return (...args) =>
    void handler(...args).catch((err: unknown) => {
      ctx.log.error({ err }, 'socket handler failed');
      const ack = args[args.length - 1];
      if (typeof ack === 'function') (ack as (r: unknown) => void)(fail('internal', 'internal error'));
    });
}

/** Room handlers: join with a snapshot after a scope check, leave. */
export function attachRoomHandlers(ctx: Context, io: LiveServer, hub: LiveHub, metrics: Metrics): void {
  io.on('connection', (socket: LiveSocket) => {
    metrics.socketClients.inc();
    socket.on('disconnect', () => metrics.socketClients.dec());

    socket.on(
      'subscribe',
      guarded(ctx, async (req, ack) => {
        if (typeof ack !== 'function') return;
        const parsed = subscribeRequest.safeParse(req);
        const room = parsed.success ? parseRoom(parsed.data.room) : null;
        if (!parsed.success || !room)
          return ack(fail('bad_room', 'room must be city, kecamatan:<code> or kelurahan:<code>'));
        const name = parsed.data.room as RoomName;
        let principal: Principal | null;
        try {
          principal = await recheck(ctx, socket);
        } catch (err) {
          ctx.log.error({ err }, 'socket credential check failed');
          return ack(fail('unavailable', 'try again later'));
        }
        if (!principal) {
          ack(fail('unauthorized', 'the session has ended; sign in again'));
          socket.disconnect(true);
          return;
        }
        if (!mayJoin(ctx, principal, name)) return ack(fail('forbidden', `not allowed to watch ${name}`));
        void socket.join(name);
        const serverNow = ctx.clock.now();
        if (room.kind === 'kelurahan') {
          const detail = hub.snapshotForJoin(room.code)!;
          const res: Ack<DetailSnapshot> = { ok: true, room: name, serverNow, detail };
          return ack(res);
        }
        const items = hub.summaries((s) => room.kind === 'city' || s.kecamatanCode === room.code);
        const res: Ack<SummarySnapshot> = { ok: true, room: name, serverNow, items };
        ack(res);
      }),
    );

    socket.on('unsubscribe', (req, ack) => {
      const parsed = subscribeRequest.safeParse(req);
      // Only live rooms: the socket's own id room is not the client's to leave.
      if (parsed.success && parseRoom(parsed.data.room)) void socket.leave(parsed.data.room);
      if (typeof ack === 'function') ack({ ok: true });
    });
  });
}
