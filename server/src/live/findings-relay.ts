import type { Server } from 'socket.io';
import type { ClientToServerEvents, FindingChange, RoomName, ServerToClientEvents } from '@pkk/core';
import type { Context } from '@pkk/platform/context';
import type { FindingsMessage } from '@pkk/platform/findings/announce';
import { channels } from '@pkk/platform/infra/redis';

type AnyServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, unknown>;

/**
 * Relays the finding changes the workers announce to the socket rooms whose area they fall in: the
 * city, the office's kecamatan and the office itself. Rooms are joined after the same scope check as
 * REST, so a camat's socket hears of its own kecamatan only. Every node relays to its own clients.
 */
export function relayFindings(ctx: Context, io: AnyServer): { stop(): Promise<void> } {
  const sub = ctx.redis.create('subscriber', 'findings-sub');
  sub.on('message', (_channel: string, message: string) => {
    let msg: FindingsMessage;
    try {
      msg = JSON.parse(message) as FindingsMessage;
    } catch (err) {
      ctx.log.warn({ err }, 'unreadable finding announcement');
      return;
    }
    const byRoom = new Map<RoomName, FindingChange[]>();
    const add = (room: RoomName, c: FindingChange) => byRoom.set(room, [...(byRoom.get(room) ?? []), c]);
    for (const c of msg.changes) {
      add('city', c);
      add(`kecamatan:${c.finding.subject.kecamatan}` as RoomName, c);
      add(`kelurahan:${c.finding.subject.kelurahan}` as RoomName, c);
    }
    for (const [room, changes] of byRoom) io.local.to(room).emit('findings:changed', { room, changes });
  });
  void sub.subscribe(channels.findings(ctx.env.REDIS_PREFIX)).catch((err: unknown) => ctx.log.error({ err }, 'cannot follow findings'));
  return {
    async stop() {
      await sub.quit().catch(() => sub.disconnect());
    },
  };
}
