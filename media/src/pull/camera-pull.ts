import type { Clock } from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';
import { redactUrl } from '@pkk/platform/media/camera-secrets';
import type { AccessUnit, CameraFeed, FeedListener, H264Params } from '../feed.ts';
import { RtspClient } from '../rtsp/client.ts';
import { H264Depacketizer, NAL } from '../rtsp/h264-depacketizer.ts';
import { parseSps } from '../rtsp/sps.ts';
import { BitrateMeter, type FeedState, type PullHealth } from './health.ts';
import { KeyframeCache } from './keyframe-cache.ts';
import { CAMERA_STALL_MS, reconnectDelayMs } from './policy.ts';

export interface CameraPullOptions {
  cameraId: string;
  stream: 'main' | 'sub';
  url: string;
  /** Stamps (lastFrameAt, receivedAt) and the stall check: the process's clock, a test's fixed one. */
  clock: Clock;
  log: Logger;
  stallMs?: number;
  /** Called on every state change (and the registry polls health() for the rest). */
  onState?(health: PullHealth): void;
}

/**
 * One camera stream pulled over RTSP, kept up: reconnects with backoff after a failure, a server
 * close or a stall (no picture for CAMERA_STALL_MS), and hands RTP packets and access units to its
 * subscribers. A listener that throws is logged and does not stop the others or the pull.
 */
export class CameraPull implements CameraFeed {
  readonly cameraId: string;
  readonly stream: 'main' | 'sub';
  private url: string;
  private client: RtspClient | null = null;
  private depacketizer: H264Depacketizer | null = null;
  private readonly listeners = new Set<FeedListener>();
  private readonly cache = new KeyframeCache();
  private readonly meter = new BitrateMeter();
  private current: H264Params | null = null;
  private sps: Buffer | null = null;
  private pps: Buffer | null = null;
  private running = false;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private generation = 0;
  private sessionStartedAt = 0;
  /** Whether this session's parameters were announced (the contract: onParams again after every gap). */
  private announced = false;
  private h: PullHealth;
  private readonly log: Logger;

  constructor(private readonly opts: CameraPullOptions) {
    this.cameraId = opts.cameraId;
    this.stream = opts.stream;
    this.url = opts.url;
    this.log = opts.log.child({ camera: opts.cameraId, stream: opts.stream });
    this.h = {
      state: 'idle',
      lastFrameAt: null,
      since: opts.clock.now(),
      bitrateKbps: null,
      reconnects: 0,
      lastError: null,
      frames: 0,
      bytes: 0,
    };
  }

  params(): H264Params | null {
    return this.current;
  }

  keyframeCache(): readonly AccessUnit[] {
    return this.cache.get();
  }

  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): PullHealth {
    return { ...this.h, bitrateKbps: this.h.state === 'online' ? this.meter.kbps() : null };
  }

  isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.connect();
    const stallMs = (this.opts.stallMs ?? CAMERA_STALL_MS) * this.opts.clock.speed;
    this.watchdog = setInterval(() => this.checkStall(stallMs), Math.min(1_000, stallMs / 2));
    this.watchdog.unref();
  }

  /** Stops pulling (idle): the session is torn down, the cache dropped. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.generation += 1;
    if (this.retry) clearTimeout(this.retry);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retry = this.watchdog = null;
    const client = this.client;
    this.client = null;
    this.cache.clear();
    this.setState('idle', null);
    this.emitGap('stopped');
    await client?.close();
  }

  /** A changed URL (the camera was edited): the next session uses it; a running one restarts now. */
  setUrl(url: string): void {
    if (url === this.url) return;
    this.url = url;
    if (this.running) this.reconnect('camera URL changed', false);
  }

  private connect(): void {
    const gen = ++this.generation;
    // A camera that is offline stays offline while it is retried: no flapping through 'connecting'.
    if (this.h.state === 'idle') this.setState('connecting', null);
    this.sessionStartedAt = this.opts.clock.now();
    this.sps = this.pps = null;
    this.announced = false;
    const client = new RtspClient({
      url: this.url,
      onRtp: (p) => gen === this.generation && this.onRtp(p),
      onClose: (err) => gen === this.generation && this.reconnect(err?.message ?? 'session ended', true),
    });
    this.client = client;
    client.start().then(
      (session) => {
        if (gen !== this.generation) return void client.close();
        if (session.video.sps) this.onParameterSet(session.video.sps);
        if (session.video.pps) this.onParameterSet(session.video.pps);
        this.depacketizer = new H264Depacketizer(
          session.video.payloadType,
          {
            onAccessUnit: (au) => this.onAccessUnit(au),
            onParameterSet: (nal) => this.onParameterSet(nal),
          },
          () => this.opts.clock.now(),
        );
        this.log.debug({ url: redactUrl(this.url) }, 'camera session playing');
      },
      (err: Error) => gen === this.generation && this.reconnect(err.message, true),
    );
  }

  private reconnect(reason: string, failure: boolean): void {
    if (!this.running) return;
    this.generation += 1;
    const client = this.client;
    this.client = null;
    this.depacketizer = null;
    void client?.close();
    this.cache.clear();
    this.meter.reset();
    this.emitGap(reason);
    this.attempt += 1;
    this.h.reconnects += 1;
    if (failure) {
      this.setState('offline', reason);
      this.log.warn({ reason, attempt: this.attempt }, 'camera pull failed; reconnecting');
    }
    this.retry = setTimeout(
      () => {
        this.retry = null;
        if (this.running) this.connect();
      },
      failure ? reconnectDelayMs(this.attempt) : 0,
    );
    this.retry.unref();
  }

  private checkStall(stallMs: number): void {
    if (!this.running || !this.client || this.retry) return;
    // Measured from the latest picture or the session's start; a session that never got one gets
    // the RTSP request timeout on top, so a slow DESCRIBE is not cut short.
    const ref = Math.max(this.h.lastFrameAt ?? 0, this.sessionStartedAt);
    const grace = this.h.state === 'online' ? 0 : 10_000 * this.opts.clock.speed;
    if (this.opts.clock.now() - ref > stallMs + grace) {
      this.reconnect(
        this.h.state === 'online'
          ? `no picture for ${Math.round(stallMs / 1000)} s`
          : 'no picture after connecting',
        true,
      );
    }
  }

  private onRtp(raw: Buffer): void {
    const receivedAt = this.opts.clock.now();
    this.h.bytes += raw.length;
    this.meter.add(raw.length, receivedAt, this.opts.clock.speed);
    this.emit((l) => l.onRtp?.({ raw, receivedAt }));
    this.depacketizer?.push(raw);
  }

  private onAccessUnit(au: AccessUnit): void {
    if (!this.current) return; // no parameter sets yet: nothing can decode it
    this.h.frames += 1;
    this.h.lastFrameAt = au.receivedAt;
    if (this.h.state !== 'online') {
      this.attempt = 0;
      this.setState('online', null);
    }
    this.cache.push(au);
    this.emit((l) => l.onAccessUnit?.(au));
  }

  private onParameterSet(nal: Buffer): void {
    const type = nal[0]! & 0x1f;
    if (type === NAL.SPS) this.sps = nal;
    else if (type === NAL.PPS) this.pps = nal;
    if (!this.sps || !this.pps) return;
    if (this.current && this.current.sps.equals(this.sps) && this.current.pps.equals(this.pps)) {
      if (this.announced) return;
      this.announced = true;
      const same = this.current;
      return this.emit((l) => l.onParams?.(same));
    }
    try {
      const info = parseSps(this.sps);
      this.current = {
        sps: this.sps,
        pps: this.pps,
        codecString: info.codecString,
        profileLevelId: info.profileLevelId,
        width: info.width,
        height: info.height,
      };
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'camera sent an SPS that does not parse');
      return;
    }
    const params = this.current;
    this.announced = true;
    this.emit((l) => l.onParams?.(params));
  }

  private setState(state: FeedState, error: string | null): void {
    const changed = state !== this.h.state;
    this.h.lastError = error;
    if (!changed) return;
    this.h.state = state;
    this.h.since = this.opts.clock.now();
    this.opts.onState?.(this.health());
  }

  private emitGap(reason: string): void {
    this.emit((l) => l.onGap?.(reason));
  }

  private emit(call: (l: FeedListener) => void): void {
    for (const l of this.listeners) {
      try {
        call(l);
      } catch (err) {
        this.log.error({ err }, 'feed listener failed');
      }
    }
  }
}
