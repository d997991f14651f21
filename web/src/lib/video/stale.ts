/**
 * Whether the picture is still live: a frame counter fed by requestVideoFrameCallback (or by
 * currentTime moving on), judged against a threshold. Pure: the caller gives the time.
 */
export const STALE_AFTER_MS = 3000;

export interface FrameState {
  frames: number;
  /** Epoch ms of the latest new frame, null before the first. */
  lastFrameAt: number | null;
}

export class FrameWatch {
  private state: FrameState = { frames: 0, lastFrameAt: null };
  private lastMediaTime = -1;

  constructor(private readonly staleAfterMs = STALE_AFTER_MS) {}

  get(): FrameState {
    return this.state;
  }

  /** A frame was presented; `mediaTime` (seconds) tells a new frame from the same one painted again. */
  frame(now: number, mediaTime?: number): boolean {
    if (mediaTime !== undefined) {
      if (mediaTime === this.lastMediaTime) return false;
      this.lastMediaTime = mediaTime;
    }
    this.state = { frames: this.state.frames + 1, lastFrameAt: now };
    return true;
  }

  /** Stale: frames came once and none for the threshold. Before the first frame it is "starting", not stale. */
  isStale(now: number): boolean {
    return this.state.lastFrameAt !== null && now - this.state.lastFrameAt >= this.staleAfterMs;
  }

  /** No first frame within `ms` of `since`. */
  noFirstFrame(now: number, since: number, ms: number): boolean {
    return this.state.lastFrameAt === null && now - since >= ms;
  }

  reset(): void {
    this.state = { frames: 0, lastFrameAt: null };
    this.lastMediaTime = -1;
  }
}
