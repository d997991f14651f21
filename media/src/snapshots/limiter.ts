/** At most `limit` tasks at once; the rest wait in order. Keeps snapshot ffmpegs to a couple on a busy node. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }

  /** Tasks running or waiting. */
  size(): number {
    return this.active + this.waiting.length;
  }
}
