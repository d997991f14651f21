import { punchEvent, type IngestChannel, type LiveEvent } from '@pkk/core';
import type { Db } from '../db/index.ts';

/** Which stored events to read: a time span, and optionally one office, one delivery, some channels. */
export interface EventFilter {
  from: Date;
  /** Exclusive. */
  to: Date;
  kelurahan?: string;
  /** Only the items of this delivery (with `from`/`to` its items' span, so the partitions prune). */
  rawPayloadId?: number;
  channels?: IngestChannel[];
}

/**
 * Reads stored events back in live-state terms, per kelurahan and in time order: the one reading
 * that the api's live state (rebuilds) and the workers (deliveries handed over by the outbox) share.
 */
export async function readEvents(db: Db, f: EventFilter): Promise<Map<string, LiveEvent[]>> {
  const want = (c: IngestChannel) => !f.channels || f.channels.includes(c);
  const out = new Map<string, LiveEvent[]>();
  const push = (k: string, e: LiveEvent) => {
    const list = out.get(k) ?? [];
    list.push(e);
    out.set(k, list);
  };
  if (want('attendance')) {
    let q = db
      .selectFrom('attendance_punches')
      .select(['id', 'kelurahan_code', 'nip', 'punched_at', 'clock_skew_seconds', 'direction'])
      .where('punched_at', '>=', f.from)
      .where('punched_at', '<', f.to)
      .where('nip', 'is not', null);
    if (f.kelurahan) q = q.where('kelurahan_code', '=', f.kelurahan);
    if (f.rawPayloadId !== undefined) q = q.where('raw_payload_id', '=', f.rawPayloadId);
    for (const r of await q.execute())
      push(
        r.kelurahan_code,
        punchEvent(r.nip!, r.punched_at.getTime(), r.clock_skew_seconds, Number(r.id), r.direction),
      );
  }
  if (want('queue')) {
    let q = db
      .selectFrom('queue_events')
      .select([
        'id',
        'kelurahan_code',
        'type',
        'ticket_id',
        'service_code',
        'desk_code',
        'staff_nip',
        'detail',
        'occurred_at',
      ])
      .where('occurred_at', '>=', f.from)
      .where('occurred_at', '<', f.to);
    if (f.kelurahan) q = q.where('kelurahan_code', '=', f.kelurahan);
    if (f.rawPayloadId !== undefined) q = q.where('raw_payload_id', '=', f.rawPayloadId);
    for (const r of await q.execute()) {
      const toService = (r.detail as { toService?: string } | null)?.toService;
      push(r.kelurahan_code, {
        kind: 'queue',
        type: r.type as Extract<LiveEvent, { kind: 'queue' }>['type'],
        at: r.occurred_at.getTime(),
        id: Number(r.id),
        ...(r.ticket_id ? { ticketId: r.ticket_id } : {}),
        ...(r.service_code ? { service: r.service_code } : {}),
        ...(r.desk_code ? { desk: r.desk_code } : {}),
        ...(toService ? { toService } : {}),
        ...(r.staff_nip ? { staffNip: r.staff_nip } : {}),
      });
    }
  }
  if (want('presence')) {
    let q = db
      .selectFrom('presence_observations')
      .select(['id', 'kelurahan_code', 'desk_code', 'present', 'confidence', 'observed_at'])
      .where('observed_at', '>=', f.from)
      .where('observed_at', '<', f.to);
    if (f.kelurahan) q = q.where('kelurahan_code', '=', f.kelurahan);
    if (f.rawPayloadId !== undefined) q = q.where('raw_payload_id', '=', f.rawPayloadId);
    for (const r of await q.execute())
      push(r.kelurahan_code, {
        kind: 'presence',
        desk: r.desk_code,
        present: r.present,
        confidence: r.confidence,
        at: r.observed_at.getTime(),
        id: Number(r.id),
      });
  }
  for (const list of out.values()) list.sort((a, b) => a.at - b.at);
  return out;
}
