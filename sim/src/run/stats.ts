import type { DeviceKind, IngestResult } from '@pkk/core';

/** Counters of one channel, from the server's replies. */
export interface ChannelStats {
  /** Items delivered (the server answered 200 for them). */
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  flagged: number;
  /** Items given up on (refused with a status a retry cannot change). */
  dropped: number;
}

export interface SimStats {
  channels: Record<DeviceKind, ChannelStats>;
  adms: {
    handshakes: number;
    heartbeats: number;
    commands: number;
    /** Punch lines uploaded, and the count the server said it stored (`OK: n`). */
    linesSent: number;
    stored: number;
  };
  keepalives: number;
  http: { requests: number; failures: number; retries: number; bytesSent: number; latencyMs: number };
}

const channel = (): ChannelStats => ({
  sent: 0,
  accepted: 0,
  duplicates: 0,
  rejected: 0,
  flagged: 0,
  dropped: 0,
});

export function newStats(): SimStats {
  return {
    channels: { attendance: channel(), queue: channel(), presence: channel() },
    adms: { handshakes: 0, heartbeats: 0, commands: 0, linesSent: 0, stored: 0 },
    keepalives: 0,
    http: { requests: 0, failures: 0, retries: 0, bytesSent: 0, latencyMs: 0 },
  };
}

export function addResult(s: ChannelStats, items: number, r: IngestResult): void {
  s.sent += items;
  s.accepted += r.accepted;
  s.duplicates += r.duplicates;
  s.rejected += new Set(r.rejected.map((x) => x.index)).size;
  s.flagged += r.flagged.length;
}

/** Items delivered over every channel (ADMS lines included). */
export function itemsSent(s: SimStats): number {
  return s.channels.attendance.sent + s.channels.queue.sent + s.channels.presence.sent;
}
