import { setMaxListeners } from 'node:events';
import { ApiError, type Clock, type PullMode, type StreamKind } from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';
import type { CameraFeed } from '../feed.ts';
import { CameraPull } from './camera-pull.ts';
import type { PullHealth } from './health.ts';

/** A camera this node owns, its URLs opened. */
export interface CameraSource {
  cameraId: string;
  kelurahanCode: string;
  pullMode: PullMode;
  urls: { main: string; sub: string | null };
}

/** What a transport holds while it serves a viewer; `revoked` fires when the camera leaves this node. */
export interface FeedLease {
  feed: CameraFeed;
  revoked: AbortSignal;
  release(): void;
}

export interface FeedRegistryOptions {
  clock: Clock;
  log: Logger;
  /** How long an on-demand pull stays up after its last lease is released (real ms). */
  idleMs: number;
  stallMs?: number;
  onState?(camera: CameraSource, stream: StreamKind, health: PullHealth): void;
}

interface Entry {
  source: CameraSource;
  pulls: Map<StreamKind, { pull: CameraPull; leases: number; idle: NodeJS.Timeout | null }>;
  revoke: AbortController;
}

/**
 * The pulls of this node, one per camera stream at most, shared by every transport and viewer.
 * 'always' cameras keep their snapshot stream (sub, or main without one) up all the time; everything
 * else is pulled while leased and stopped `idleMs` after the last release.
 */
export class FeedRegistry {
  private readonly cameras = new Map<string, Entry>();

  constructor(private readonly opts: FeedRegistryOptions) {}

  /** Replaces the set of cameras: new ones are added, changed ones updated in place, gone ones stopped. */
  async setCameras(sources: readonly CameraSource[]): Promise<void> {
    const next = new Map(sources.map((s) => [s.cameraId, s]));
    const stopping: Promise<void>[] = [];
    for (const [id, e] of this.cameras) {
      if (next.has(id)) continue;
      e.revoke.abort(new ApiError(410, 'camera_gone', 'the camera was removed from this media node'));
      for (const p of e.pulls.values()) {
        if (p.idle) clearTimeout(p.idle);
        stopping.push(p.pull.stop());
      }
      this.cameras.delete(id);
    }
    for (const s of sources) {
      const e = this.cameras.get(s.cameraId);
      if (!e) {
        const revoke = new AbortController();
        // Every viewer of the camera listens on this one signal: a video wall has more than ten.
        setMaxListeners(0, revoke.signal);
        this.cameras.set(s.cameraId, { source: s, pulls: new Map(), revoke });
      } else {
        e.source = s;
        for (const [stream, p] of e.pulls) {
          const url = stream === 'sub' ? s.urls.sub : s.urls.main;
          if (url) p.pull.setUrl(url);
        }
      }
      this.applyMode(s.cameraId);
    }
    await Promise.all(stopping);
  }

  /** A lease on a camera stream; a camera without a sub stream is served its main one. */
  acquire(cameraId: string, stream: StreamKind): FeedLease {
    const e = this.cameras.get(cameraId);
    if (!e) throw ApiError.notFound('camera not served by this media node');
    const kind = stream === 'sub' && !e.source.urls.sub ? 'main' : stream;
    const p = this.ensure(e, kind);
    p.leases += 1;
    if (p.idle) clearTimeout(p.idle);
    p.idle = null;
    p.pull.start();
    let released = false;
    return {
      feed: p.pull,
      revoked: e.revoke.signal,
      release: () => {
        if (released) return;
        released = true;
        p.leases -= 1;
        this.maybeIdle(e, kind);
      },
    };
  }

  /** The stream snapshots and 'always' pulls use: sub when there is one. */
  static snapshotStream(s: CameraSource): StreamKind {
    return s.urls.sub ? 'sub' : 'main';
  }

  sources(): CameraSource[] {
    return [...this.cameras.values()].map((e) => e.source);
  }

  source(cameraId: string): CameraSource | undefined {
    return this.cameras.get(cameraId)?.source;
  }

  /** Every camera and, per stream that has a pull, its feed and health. */
  *entries(): Iterable<{
    source: CameraSource;
    stream: StreamKind;
    feed: CameraFeed;
    health: PullHealth;
    running: boolean;
  }> {
    for (const e of this.cameras.values()) {
      for (const [stream, p] of e.pulls)
        yield {
          source: e.source,
          stream,
          feed: p.pull,
          health: p.pull.health(),
          running: p.pull.isRunning(),
        };
    }
  }

  /** The running feed of a camera stream, without leasing it (snapshots do not wake an idle camera). */
  runningFeed(cameraId: string, stream: StreamKind): CameraFeed | null {
    const p = this.cameras.get(cameraId)?.pulls.get(stream);
    return p && p.pull.isRunning() ? p.pull : null;
  }

  async close(): Promise<void> {
    await this.setCameras([]);
  }

  private ensure(
    e: Entry,
    stream: StreamKind,
  ): { pull: CameraPull; leases: number; idle: NodeJS.Timeout | null } {
    let p = e.pulls.get(stream);
    if (!p) {
      const url = stream === 'sub' ? e.source.urls.sub : e.source.urls.main;
      if (!url) throw ApiError.notFound(`camera has no ${stream} stream`);
      const pull = new CameraPull({
        cameraId: e.source.cameraId,
        stream,
        url,
        clock: this.opts.clock,
        log: this.opts.log,
        stallMs: this.opts.stallMs,
        onState: (h) => this.opts.onState?.(e.source, stream, h),
      });
      p = { pull, leases: 0, idle: null };
      e.pulls.set(stream, p);
    }
    return p;
  }

  private held(e: Entry, stream: StreamKind): boolean {
    return e.source.pullMode === 'always' && FeedRegistry.snapshotStream(e.source) === stream;
  }

  private applyMode(cameraId: string): void {
    const e = this.cameras.get(cameraId)!;
    const stream = FeedRegistry.snapshotStream(e.source);
    if (e.source.pullMode === 'always') {
      const p = this.ensure(e, stream);
      if (p.idle) clearTimeout(p.idle);
      p.idle = null;
      p.pull.start();
    }
    for (const kind of e.pulls.keys()) this.maybeIdle(e, kind);
  }

  private maybeIdle(e: Entry, stream: StreamKind): void {
    const p = e.pulls.get(stream);
    if (!p || p.leases > 0 || this.held(e, stream) || p.idle || !p.pull.isRunning()) return;
    p.idle = setTimeout(() => {
      p.idle = null;
      if (p.leases === 0 && !this.held(e, stream)) void p.pull.stop();
    }, this.opts.idleMs);
    p.idle.unref();
  }
}
