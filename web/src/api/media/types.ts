import type { PlayResponse } from '@pkk/core';
import type { FailReason } from '@/lib/video/fallback.ts';

/** One transport playing into a <video>: started with a play token, stopped by the player. */
export interface TransportSession {
  stop(): void;
}

export interface TransportEvents {
  /** The transport cannot go on (the player falls back or reconnects). */
  fail(reason: FailReason, detail?: string): void;
}

export type StartTransport = (
  video: HTMLVideoElement,
  play: PlayResponse,
  events: TransportEvents,
) => Promise<TransportSession>;

/** A URL of the media node as given (absolute, or relative to this page), for fetch or WebSocket. */
export function absolute(url: string, ws = false): string {
  const u = new URL(url, location.href);
  if (ws && (u.protocol === 'http:' || u.protocol === 'https:'))
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}
