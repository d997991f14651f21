import type { StreamKind, Transport } from '@pkk/core';
import { ApiError } from '@/api/http.ts';
import { capabilities, TRANSPORTS, type TransportSession } from '@/api/media/index.ts';
import { takePlay } from '@/api/play.ts';
import { backoffDelay, type BackoffPolicy } from '@/lib/backoff.ts';
import { nextTransport, transportOrder, type FailReason } from '@/lib/video/fallback.ts';
import { FrameWatch, STALE_AFTER_MS } from '@/lib/video/stale.ts';

export type PlayerState = 'idle' | 'connecting' | 'playing' | 'stale' | 'failed';

export interface PlayerSnapshot {
  state: PlayerState;
  transport: Transport | null;
  /** Epoch ms (browser clock) of the last frame shown, kept across reconnects for "stale since". */
  lastFrameAt: number | null;
  /** Why the last attempt failed (an api error code or a transport message). */
  error: string | null;
}

/** Time to a first frame before the next transport is tried. */
export const FIRST_FRAME_MS: Record<Transport, number> = { webrtc: 2000, fmp4: 3000, hls: 6000 };
/** Stale this long: the transport is given up and the next one (or a reconnect) tried. */
export const STALL_RECONNECT_MS = 6000;
const RETRY: BackoffPolicy = { baseMs: 1000, maxMs: 20_000, jitter: 0.3 };
const TICK_MS = 250;

type VideoWithRvfc = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
  cancelVideoFrameCallback?: (id: number) => void;
};

/**
 * Plays one camera into a <video>: asks the api for a token for each attempt, tries the transports
 * best first, falls back on an error, a stall or no first frame in time, and reconnects after a
 * backoff; a view the media node ended (an HLS view at its maximum length) is played again at once. Frames are counted with requestVideoFrameCallback (or currentTime moving on) so a frozen
 * picture is reported as stale, never shown as live.
 */
export class PlayerController {
  private snap: PlayerSnapshot = { state: 'idle', transport: null, lastFrameAt: null, error: null };
  private watch = new FrameWatch(STALE_AFTER_MS);
  private session: TransportSession | null = null;
  private order: Transport[] = [];
  private gen = 0;
  private round = 0;
  private attemptAt = 0;
  private tick: ReturnType<typeof setInterval> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private rvfc: number | null = null;
  private lastTime = -1;
  private abort: AbortController | null = null;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly opts: { cameraId: string; stream: StreamKind; prefer: Transport },
    private readonly onChange: (s: PlayerSnapshot) => void,
    /** Called on every new frame with the count (the player writes it to a data attribute, not state). */
    private readonly onFrame: (frames: number) => void = () => undefined,
  ) {}

  get(): PlayerSnapshot {
    return this.snap;
  }

  start(): void {
    this.stop();
    const gen = ++this.gen;
    this.order = transportOrder(this.opts.prefer, capabilities());
    if (!this.order.length) return this.set({ state: 'failed', transport: null, error: 'unsupported' });
    this.round = 0;
    this.watchFrames(gen);
    this.tick = setInterval(() => this.check(gen), TICK_MS);
    void this.attempt(gen, this.order[0]!);
  }

  /** Stops playing and tells the media node (WHEP DELETE, socket closed). */
  stop(): void {
    this.gen++;
    this.abort?.abort();
    this.abort = null;
    this.session?.stop();
    this.session = null;
    if (this.tick) clearInterval(this.tick);
    if (this.retry) clearTimeout(this.retry);
    this.tick = this.retry = null;
    const v = this.video as VideoWithRvfc;
    if (this.rvfc !== null) v.cancelVideoFrameCallback?.(this.rvfc);
    this.rvfc = null;
    if (this.snap.state !== 'idle') this.set({ state: 'idle', transport: null });
  }

  private async attempt(gen: number, transport: Transport): Promise<void> {
    this.session?.stop();
    this.session = null;
    this.watch.reset();
    this.lastTime = -1;
    this.attemptAt = Date.now();
    this.set({ state: this.snap.lastFrameAt ? 'stale' : 'connecting', transport, error: null });
    try {
      // Every attempt has a play of its own: a token opens one view on one transport, so the one a
      // failed attempt presented is spent (media/src/access/live-views.ts).
      this.abort = new AbortController();
      const play = await takePlay(this.opts.cameraId, this.opts.stream, this.abort.signal);
      if (gen !== this.gen) return;
      const session = await TRANSPORTS[transport](this.video, play, {
        fail: (reason, detail) => {
          if (gen === this.gen && this.session === session) this.failed(gen, transport, reason, detail);
        },
      });
      if (gen !== this.gen) return session.stop();
      this.session = session;
      this.attemptAt = Date.now();
    } catch (err) {
      if (gen !== this.gen) return;
      if (err instanceof ApiError) {
        // The api said no (no such camera, out of scope): no transport helps; try again later.
        return this.later(gen, err.code);
      }
      const expired = (err as { expired?: boolean }).expired === true;
      this.failed(gen, transport, expired ? 'expired' : 'error', (err as Error).message);
    }
  }

  private failed(gen: number, transport: Transport, reason: FailReason, detail?: string): void {
    this.session?.stop();
    this.session = null;
    const next = nextTransport(this.order, transport, reason);
    if (!next) return this.set({ state: 'failed', error: detail ?? reason });
    if (!next.newRound) {
      void this.attempt(gen, next.transport);
      return;
    }
    this.later(gen, detail ?? reason);
  }

  /** Every transport failed (or the api refused): a new round with a new token after a backoff. */
  private later(gen: number, error: string): void {
    this.set({ state: this.snap.lastFrameAt ? 'stale' : 'failed', error });
    const delay = backoffDelay(this.round++, RETRY);
    this.retry = setTimeout(() => {
      if (gen === this.gen) void this.attempt(gen, this.order[0]!);
    }, delay);
  }

  private check(gen: number): void {
    if (gen !== this.gen || !this.session) return;
    const now = Date.now();
    const v = this.video as VideoWithRvfc;
    if (
      !v.requestVideoFrameCallback &&
      this.video.currentTime !== this.lastTime &&
      this.video.readyState >= 2
    ) {
      this.lastTime = this.video.currentTime;
      this.frame(now);
    }
    const t = this.snap.transport;
    if (!t) return;
    if (this.watch.noFirstFrame(now, this.attemptAt, FIRST_FRAME_MS[t]))
      return this.failed(gen, t, 'timeout');
    if (this.watch.isStale(now)) {
      if (this.snap.state !== 'stale') this.set({ state: 'stale' });
      const last = this.watch.get().lastFrameAt ?? now;
      if (now - last >= STALL_RECONNECT_MS) this.failed(gen, t, 'stall');
    }
  }

  private watchFrames(gen: number): void {
    const v = this.video as VideoWithRvfc;
    if (!v.requestVideoFrameCallback) return;
    const loop = (_now: number, meta: { mediaTime: number }) => {
      if (gen !== this.gen) return;
      if (this.session) this.frame(Date.now(), meta.mediaTime);
      this.rvfc = v.requestVideoFrameCallback!(loop);
    };
    this.rvfc = v.requestVideoFrameCallback(loop);
  }

  private frame(now: number, mediaTime?: number): void {
    if (!this.watch.frame(now, mediaTime)) return;
    const { frames } = this.watch.get();
    this.snap = { ...this.snap, lastFrameAt: now };
    this.onFrame(frames);
    if (this.snap.state !== 'playing') {
      this.round = 0;
      this.set({ state: 'playing', error: null });
    }
  }

  private set(patch: Partial<PlayerSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    this.onChange(this.snap);
  }
}
