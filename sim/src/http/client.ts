/**
 * The simulator's only way to the server: HTTP, with a cap on requests in flight (107 offices must
 * not open hundreds of sockets at once), a timeout per request, and retries with capped exponential
 * backoff for what a retry can fix (network errors, 5xx, 429). Retrying is safe because the server
 * deduplicates every delivery.
 */

export type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

export interface HttpStats {
  requests: number;
  /** Requests that failed (network error or non-2xx), retried or not. */
  failures: number;
  retries: number;
  bytesSent: number;
  /** Sum of request durations (ms), queueing in the limiter excluded. */
  latencyMs: number;
}

export interface HttpReply {
  status: number;
  text: string;
}

/** A failure worth trying again later. */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'RetryableError';
  }
}

/** The simulator is stopping: the request was cut short on purpose, nothing to report. */
export class StoppedError extends Error {
  constructor() {
    super('stopped');
    this.name = 'StoppedError';
  }
}

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** A counting semaphore. */
export class Limiter {
  private active = 0;
  private waiters: (() => void)[] = [];

  constructor(readonly max: number) {}

  get inFlight(): number {
    return this.active;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiters.shift()?.();
    }
  }
}

/** Delay before retry number `attempt` (0-based): base × 2^attempt, capped, with ±20 % jitter. */
export function backoffMs(attempt: number, baseMs = 250, maxMs = 15_000): number {
  const raw = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export class Http {
  readonly stats: HttpStats = { requests: 0, failures: 0, retries: 0, bytesSent: 0, latencyMs: 0 };
  readonly limiter: Limiter;

  constructor(
    readonly baseUrl: string,
    opts: { concurrency?: number; timeoutMs?: number; signal?: AbortSignal } = {},
  ) {
    this.limiter = new Limiter(opts.concurrency ?? 16);
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.signal = opts.signal;
  }

  private readonly timeoutMs: number;
  private readonly signal: AbortSignal | undefined;

  /**
   * One attempt (`expected`: non-2xx statuses that are an answer, not a failure). Network failures and retryable statuses throw RetryableError; any other status is
   * returned for the caller to judge.
   */
  async send(
    method: string,
    path: string,
    init: {
      headers?: Record<string, string>;
      body?: string | Uint8Array<ArrayBuffer>;
      expected?: number[];
    } = {},
  ): Promise<HttpReply> {
    return this.limiter.run(async () => {
      this.stats.requests++;
      if (init.body)
        this.stats.bytesSent +=
          typeof init.body === 'string' ? Buffer.byteLength(init.body) : init.body.byteLength;
      const signals = [AbortSignal.timeout(this.timeoutMs), ...(this.signal ? [this.signal] : [])];
      const t0 = performance.now();
      let res: Response;
      try {
        res = await fetch(new URL(path, this.baseUrl), {
          method,
          headers: init.headers,
          body: init.body,
          signal: AbortSignal.any(signals),
        });
      } catch (err) {
        if (this.signal?.aborted) throw new StoppedError();
        this.stats.failures++;
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        throw new RetryableError(`${method} ${path}: ${cause ?? (err as Error).message}`);
      }
      const text = await res.text().catch(() => '');
      this.stats.latencyMs += performance.now() - t0;
      if (this.signal?.aborted) throw new StoppedError();
      if (res.status >= 300 && !init.expected?.includes(res.status)) this.stats.failures++;
      if (isRetryableStatus(res.status))
        throw new RetryableError(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`, res.status);
      return { status: res.status, text };
    });
  }

  /** `send` with retries for calls that must eventually succeed (provisioning). */
  async sendWithRetry(
    method: string,
    path: string,
    init: Parameters<Http['send']>[2] = {},
    attempts = 8,
    log?: Log,
  ): Promise<HttpReply> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send(method, path, init);
      } catch (err) {
        if (!(err instanceof RetryableError) || attempt + 1 >= attempts || this.signal?.aborted) throw err;
        this.stats.retries++;
        const wait = backoffMs(attempt, 500);
        log?.('warn', `${err.message}; retrying in ${wait} ms`);
        await sleep(wait, this.signal);
      }
    }
  }
}
