import { describe, expect, it } from 'vitest';
import { nextReadiness, READINESS_UNKNOWN, ReadinessMonitor } from './readiness.ts';

const OK = { postgres: 'ok', redis: 'ok', live: 'ok', extra: 'ok' };

describe('readiness of the api dependencies', () => {
  it('names what is down and keeps the time it was first seen until recovery', () => {
    const down = nextReadiness(READINESS_UNKNOWN, { ...OK, redis: 'Connection is closed.' }, 1000);
    expect(down).toEqual({ status: 'degraded', down: ['redis'], since: 1000 });
    const worse = nextReadiness(down, { ...OK, redis: 'closed', postgres: 'ECONNREFUSED' }, 5000);
    expect(worse).toEqual({ status: 'degraded', down: ['postgres', 'redis'], since: 1000 });
    expect(nextReadiness(worse, { ...OK, redis: 'x', postgres: 'y' }, 9000)).toBe(worse);
    expect(nextReadiness(worse, OK, 12_000)).toEqual({ status: 'ready', down: [], since: null });
  });

  it('counts an api that does not answer as down', () => {
    expect(nextReadiness(READINESS_UNKNOWN, null, 7)).toEqual({
      status: 'degraded',
      down: ['api'],
      since: 7,
    });
  });

  it('polls only while watched, telling watchers of each change', async () => {
    let reply: Record<string, string> = { ...OK, redis: 'down' };
    let calls = 0;
    const fetchFn = (async () => {
      calls++;
      return new Response(JSON.stringify({ status: 'x', checks: reply }), { status: 503 });
    }) as typeof fetch;
    const m = new ReadinessMonitor({ now: () => 42, fetchFn, readyEveryMs: 1e9, degradedEveryMs: 1e9 });
    const seen: string[] = [];
    const off = m.subscribe(() => seen.push(m.get().status));
    await expect.poll(() => m.get().status).toBe('degraded');
    expect(m.get()).toMatchObject({ down: ['redis'], since: 42 });
    reply = OK;
    await m.check();
    expect(m.get().status).toBe('ready');
    expect(seen).toEqual(['degraded', 'ready']);
    off();
    const before = calls;
    await m.check();
    expect(seen).toHaveLength(2);
    expect(calls).toBe(before + 1);
  });
});
