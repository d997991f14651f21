import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Transport } from '@pkk/core';
import type { PullHealth } from '../pull/health.ts';

export interface FeedSample {
  cameraId: string;
  stream: string;
  health: PullHealth;
}

/**
 * The media node's Prometheus metrics: per camera stream (up, pictures, bytes, reconnects, read
 * from the pulls at scrape time so nothing is counted twice) and viewers per transport.
 */
export function createMediaMetrics(feeds: () => Iterable<FeedSample>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pkk_' });
  const labelNames = ['camera', 'stream'] as const;
  // Counters read from the pulls' own totals: reset and re-filled at every scrape.
  const counter = (name: string, help: string, value: (s: FeedSample) => number) =>
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const s of feeds()) this.inc({ camera: s.cameraId, stream: s.stream }, value(s));
      },
    });
  new Gauge({
    name: 'pkk_media_camera_up',
    help: 'Camera stream pulled and sending pictures (1), else 0',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of feeds())
        this.set({ camera: s.cameraId, stream: s.stream }, s.health.state === 'online' ? 1 : 0);
    },
  });
  counter(
    'pkk_media_camera_frames_total',
    'Pictures (access units) received per camera stream',
    (s) => s.health.frames,
  );
  counter('pkk_media_camera_bytes_total', 'RTP bytes received per camera stream', (s) => s.health.bytes);
  counter('pkk_media_camera_reconnects_total', 'Reconnects per camera stream', (s) => s.health.reconnects);
  const viewers = new Gauge({
    name: 'pkk_media_viewers',
    help: 'Viewers connected to this media node, per transport',
    labelNames: ['transport'] as const,
    registers: [registry],
  });
  for (const t of ['webrtc', 'fmp4', 'hls'] as const) viewers.set({ transport: t }, 0);
  const snapshots = new Counter({
    name: 'pkk_media_snapshots_total',
    help: 'Snapshots taken, by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  return {
    registry,
    snapshots,
    /** A viewer connected on a transport; call the returned function when it leaves. */
    viewer(transport: Transport): () => void {
      viewers.inc({ transport });
      let gone = false;
      return () => {
        if (!gone) viewers.dec({ transport });
        gone = true;
      };
    },
  };
}
export type MediaMetrics = ReturnType<typeof createMediaMetrics>;
