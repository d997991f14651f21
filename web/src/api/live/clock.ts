/**
 * The server's "now", estimated in the browser. The server may run on a simulated clock (a working
 * day in minutes), so durations are never computed from the browser's clock alone:
 * now = serverNow + (elapsed since it was received) × clock speed.
 */
export class ServerClock {
  private serverNow: number | null = null;
  private receivedAt = 0;
  private speed = 1;
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private snapshot = Date.now();

  constructor(
    private readonly perfNow: () => number = () => performance.now(),
    private readonly tickMs = 1000,
  ) {}

  setSpeed(speed: number): void {
    if (speed > 0 && speed !== this.speed) {
      // Re-anchor so the estimate does not jump.
      if (this.serverNow !== null) this.sync(this.now());
      this.speed = speed;
    }
  }

  /** A fresh reading from the server. */
  sync(serverNow: number): void {
    this.serverNow = serverNow;
    this.receivedAt = this.perfNow();
    this.snapshot = serverNow;
  }

  now(): number {
    if (this.serverNow === null) return Date.now();
    return Math.round(this.serverNow + (this.perfNow() - this.receivedAt) * this.speed);
  }

  /** For useSyncExternalStore: a value that changes once per tick, so views showing durations move. */
  getSnapshot = (): number => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (!this.timer) {
      this.snapshot = this.now();
      this.timer = setInterval(() => {
        this.snapshot = this.now();
        for (const l of this.listeners) l();
      }, this.tickMs);
    }
    return () => {
      this.listeners.delete(listener);
      if (!this.listeners.size && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  };
}
