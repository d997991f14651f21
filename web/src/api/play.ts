import type { PlayResponse, StreamKind } from '@pkk/core';
import { tokenUsable } from '@/lib/video/fallback.ts';
import { cameraApi } from './cameras.ts';
import { camerasStore } from './cameras-store.ts';

/**
 * Play tokens asked for ahead of the player (the phone asks on the tap, before the screen loads):
 * one waiting token per camera and stream, taken by the first player that mounts. Each play is its
 * own row in the viewing audit, so a token is never shared by two players.
 */
const waiting = new Map<string, { at: number; promise: Promise<PlayResponse> }>();
const keyOf = (cameraId: string, stream: StreamKind) => `${cameraId}:${stream}`;
/** An unclaimed early token is dropped after this (its viewer never came). */
const WAIT_MS = 20_000;

export function prefetchPlay(cameraId: string, stream: StreamKind): void {
  const key = keyOf(cameraId, stream);
  const w = waiting.get(key);
  if (w && Date.now() - w.at < WAIT_MS) return;
  const promise = cameraApi.play(cameraId, stream);
  promise.catch(() => waiting.delete(key));
  waiting.set(key, { at: Date.now(), promise });
}

/** A token for a player: the one asked for early if still fresh, else a new one. */
export async function takePlay(
  cameraId: string,
  stream: StreamKind,
  signal?: AbortSignal,
): Promise<PlayResponse> {
  const key = keyOf(cameraId, stream);
  const w = waiting.get(key);
  waiting.delete(key);
  if (w && Date.now() - w.at < WAIT_MS) {
    try {
      const p = await w.promise;
      if (tokenUsable(p.expiresAt, Date.now())) return p;
    } catch {
      // asked again below
    }
  }
  return cameraApi.play(cameraId, stream, signal);
}

/**
 * On a tap on a kelurahan: its cameras and a sub-stream token for the first one that works, both
 * under way while the screen's code and data load.
 */
export function prewarmKelurahan(code: string): void {
  void camerasStore.load({ kelurahan: code }).then((s) => {
    const first = pickFeatured(s.items);
    if (first) prefetchPlay(first.id, 'sub');
  });
}

/** The camera a kelurahan opens with: an enabled one that is online, preferring the desk view. */
export function pickFeatured<T extends { enabled: boolean; placement: string; health: { state: string } }>(
  items: readonly T[],
): T | null {
  const enabled = items.filter((c) => c.enabled);
  const score = (c: T) => (c.health.state === 'online' ? 0 : 2) + (c.placement === 'desks' ? 0 : 1);
  return [...enabled].sort((a, b) => score(a) - score(b))[0] ?? null;
}
