import type { PullHealth, FeedState } from '../pull/health.ts';

const RANK: Record<FeedState, number> = { online: 3, offline: 2, connecting: 1, idle: 0 };

/**
 * One camera's health from its streams: online if any stream sends pictures, else offline if one
 * is failing, else connecting, else idle (an on-demand camera nobody watches).
 */
export function cameraHealth(streams: readonly PullHealth[]): PullHealth | null {
  let best: PullHealth | null = null;
  for (const h of streams) if (!best || RANK[h.state] > RANK[best.state]) best = h;
  if (!best) return null;
  const lastFrameAt = streams.reduce<number | null>(
    (m, h) => (h.lastFrameAt !== null && (m === null || h.lastFrameAt > m) ? h.lastFrameAt : m),
    null,
  );
  return {
    ...best,
    lastFrameAt,
    reconnects: streams.reduce((n, h) => n + h.reconnects, 0),
    frames: streams.reduce((n, h) => n + h.frames, 0),
    bytes: streams.reduce((n, h) => n + h.bytes, 0),
  };
}
