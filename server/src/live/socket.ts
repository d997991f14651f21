import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import {
  canSeeKecamatan,
  canSeeKelurahan,
  parseRoom,
  seesWholeCity,
  subscribeRequest,
  type Ack,
  type ClientToServerEvents,
  type DetailSnapshot,
  type Principal,
  type RoomName,
  type ServerToClientEvents,
  type SummarySnapshot,
} from '@pkk/core';
import type { Context } from '../context.ts';
import { principalFromSecrets, sessionFromCookieHeader } from '../auth/principal.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { LiveHub, LiveSink } from './hub.ts';

interface SocketData {
  principal: Principal;
}
type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const fail = (code: string, message: string) => ({ ok: false as const, error: { code, message } });

/** Whether a principal may join a room: the same rules as the REST routes. */
export function mayJoin(ctx: Context, p: Principal, room: RoomName): boolean {
  const r = parseRoom(room);
  if (!r) return false;
  if (r.kind === 'city') return seesWholeCity(p);
  if (r.kind === 'kecamatan') return ctx.policy.kecamatan.some((k) => k.code === r.code) && canSeeKecamatan(p, r.code);
  const k = ctx.registry.get(r.code);
  return k !== undefined && canSeeKelurahan(p, k);
}

export function createSocketServer(ctx: Context, http: HttpServer, metrics: Metrics): { io: LiveServer; sink: LiveSink } {
  const io: LiveServer = new Server(http, { serveClient: false, path: '/socket.io' });
  // Broadcasts from other nodes and from workers reach this node's clients through Redis.
  io.adapter(createAdapter(ctx.redis.create('worker', 'io-pub'), ctx.redis.create('subscriber', 'io-sub'), { key: `${ctx.env.REDIS_PREFIX}:io` }));

  io.use(async (socket, next) => {
    const session = sessionFromCookieHeader(socket.handshake.headers.cookie);
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
    const principal = await principalFromSecrets(ctx.db, session, token, new Date()).catch(() => null);
    if (!principal) return next(new Error('unauthorized'));
    socket.data.principal = principal;
    next();
  });

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

/** Room handlers: join with a snapshot after a scope check, leave. */
export function attachRoomHandlers(ctx: Context, io: LiveServer, hub: LiveHub, metrics: Metrics): void {
  io.on('connection', (socket: LiveSocket) => {
    metrics.socketClients.inc();
    socket.on('disconnect', () => metrics.socketClients.dec());

    socket.on('subscribe', (req, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = subscribeRequest.safeParse(req);
      const room = parsed.success ? parseRoom(parsed.data.room) : null;
      if (!parsed.success || !room) return ack(fail('bad_room', 'room must be city, kecamatan:<code> or kelurahan:<code>'));
      const name = parsed.data.room as RoomName;
      if (!mayJoin(ctx, socket.data.principal, name)) return ack(fail('forbidden', `not allowed to watch ${name}`));
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
    });

    socket.on('unsubscribe', (req, ack) => {
      const parsed = subscribeRequest.safeParse(req);
      if (parsed.success) void socket.leave(parsed.data.room);
      if (typeof ack === 'function') ack({ ok: true });
    });
  });
}
