import type { Server } from 'socket.io';
import type {
  CameraHealthChange,
  ClientToServerEvents,
  FindingChange,
  FindingsMessage,
  RoomName,
  ServerToClientEvents,
} from '@pkk/core';
import type { Context } from '@pkk/platform/context';
import { followBus } from '@pkk/platform/infra/bus';

type AnyServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, unknown>;

/** The rooms whose area holds an office: the city, its kecamatan, the office itself. */
const roomsOf = (kelurahan: string, kecamatan: string): RoomName[] => [
  'city',
  `kecamatan:${kecamatan}` as RoomName,
  `kelurahan:${kelurahan}` as RoomName,
];

function byRoom<T>(
  items: readonly T[],
  areaOf: (t: T) => { kelurahan: string; kecamatan: string } | null,
): Map<RoomName, T[]> {
  const out = new Map<RoomName, T[]>();
  for (const item of items) {
    const area = areaOf(item);
    if (!area) continue;
    for (const room of roomsOf(area.kelurahan, area.kecamatan))
      out.set(room, [...(out.get(room) ?? []), item]);
  }
  return out;
}

/**
 * Relays what other roles announce on Redis to the socket rooms whose area it falls in: finding
 * changes (from the workers) and camera health (from the media nodes). Rooms are joined after the
 * same scope check as REST, so a camat's socket hears of its own kecamatan only. Every api node
 * relays to its own clients; the tables stay the record, a lost message costs a live update only.
 * Messages are parsed against core's catalog (core/src/bus/catalog.ts) before anything is relayed.
 */
export function relayAreaEvents(ctx: Context, io: AnyServer): { stop(): Promise<void> } {
  const prefix = ctx.env.REDIS_PREFIX;
  const sub = ctx.redis.create('subscriber', 'area-relay-sub');
  const onFindings = (msg: FindingsMessage) => {
    const rooms = byRoom(msg.changes, (c: FindingChange) => ({
      kelurahan: c.finding.subject.kelurahan,
      kecamatan: c.finding.subject.kecamatan,
    }));
    for (const [room, changes] of rooms) io.local.to(room).emit('findings:changed', { room, changes });
  };
  const onCameraHealth = (changes: CameraHealthChange[]) => {
    // The kecamatan is the registry's, not the sender's: a media node names the office only.
    const rooms = byRoom(changes, (c) => {
      const k = ctx.registry.get(c.kelurahanCode);
      return k ? { kelurahan: k.code, kecamatan: k.kecamatanCode } : null;
    });
    for (const [room, items] of rooms) io.local.to(room).emit('cameras:health', { room, changes: items });
  };
  void followBus(sub, prefix, { findings: onFindings, 'cameras:health': onCameraHealth }, ctx.log).catch(
    (err: unknown) => ctx.log.error({ err }, 'cannot follow announcements'),
  );
  return {
    async stop() {
      await sub.quit().catch(() => sub.disconnect());
    },
  };
}
