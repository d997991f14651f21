import type { CameraHealth } from '@pkk/core';

export type FeedState = CameraHealth['state'];

/** What a pull knows about itself: the camera_status columns plus counters for /metrics. */
export interface PullHealth {
  state: FeedState;
  lastFrameAt: number | null;
  since: number;
  bitrateKbps: number | null;
  reconnects: number;
  lastError: string | null;
  frames: number;
  bytes: number;
}

/** Bitrate over the last few seconds of real time (the clock's ms divided by its speed). */
export class BitrateMeter {
  private windowStart: number | null = null;
  private windowBytes = 0;
  private last: number | null = null;

  constructor(private readonly windowMs = 5_000) {}

  add(bytes: number, now: number, speed: number): void {
    if (this.windowStart === null) this.windowStart = now;
    this.windowBytes += bytes;
    const elapsed = (now - this.windowStart) / speed;
    if (elapsed >= this.windowMs) {
      this.last = (this.windowBytes * 8) / elapsed; // bits per ms = kbit/s
      this.windowStart = now;
      this.windowBytes = 0;
    }
  }

  kbps(): number | null {
    return this.last === null ? null : Math.round(this.last * 10) / 10;
  }

  reset(): void {
    this.windowStart = null;
    this.windowBytes = 0;
    this.last = null;
  }
}
