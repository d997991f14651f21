/**
 * Whether the api's dependencies answer (GET /readyz): the socket can stay up while Redis or
 * PostgreSQL is down, and then live data silently stops. Polled while a screen shows the banner,
 * more often while something is down, so the banner clears soon after recovery.
 */
export interface Readiness {
  status: 'unknown' | 'ready' | 'degraded';
  /** What does not answer: `postgres`, `redis`, `live`, `extra` (the api's checks), or `api` itself. */
  down: readonly string[];
  /** Server time the trouble was first seen (kept while it lasts), null when ready. */
  since: number | null;
}

export const READINESS_UNKNOWN: Readiness = { status: 'unknown', down: [], since: null };

/** The next state from one check's result (`null`: the api did not answer at all). */
export function nextReadiness(
  prev: Readiness,
  checks: Record<string, string> | null,
  now: number,
): Readiness {
  const down =
    checks === null
      ? ['api']
      : Object.keys(checks)
          .filter((k) => checks[k] !== 'ok')
          .sort();
  if (!down.length) return prev.status === 'ready' ? prev : { status: 'ready', down: [], since: null };
  const same = prev.status === 'degraded' && prev.down.join() === down.join();
  return same ? prev : { status: 'degraded', down, since: prev.since ?? now };
}

export interface ReadinessOptions {
  /** The server's now (the banner says since when, on the clock the screens show). */
  now: () => number;
  fetchFn?: typeof fetch;
  readyEveryMs?: number;
  degradedEveryMs?: number;
  timeoutMs?: number;
}

export class ReadinessMonitor {
  private state: Readiness = READINESS_UNKNOWN;
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;

  constructor(private readonly opts: ReadinessOptions) {}

  get = (): Readiness => this.state;

  /** The first subscriber starts the polling, the last one to leave stops it. */
  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    if (!this.running) {
      this.running = true;
      void this.check();
    }
    return () => {
      this.listeners.delete(l);
      if (!this.listeners.size) this.stop();
    };
  };

  /** Checks now (also after the socket comes back, so both banners clear together). */
  async check(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const fetchFn = this.opts.fetchFn ?? fetch;
    let checks: Record<string, string> | null = null;
    try {
      const res = await fetchFn('/readyz', {
        cache: 'no-store',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
      const body = (await res.json().catch(() => null)) as { checks?: Record<string, string> } | null;
      checks = body?.checks ?? (res.ok ? {} : { api: `http ${res.status}` });
    } catch {
      checks = null;
    }
    if (!this.running) return;
    const next = nextReadiness(this.state, checks, this.opts.now());
    if (next !== this.state) {
      this.state = next;
      for (const l of this.listeners) l();
    }
    const every =
      next.status === 'ready' ? (this.opts.readyEveryMs ?? 10_000) : (this.opts.degradedEveryMs ?? 3_000);
    this.timer = setTimeout(() => void this.check(), every);
  }

  private stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
