import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { startMetricsServer, type MetricsServer } from './metrics-server.ts';

const started: MetricsServer[] = [];
afterAll(() => Promise.all(started.map((s) => s.close())));

const start = async (token?: string) => {
  const s = await startMetricsServer({
    host: '127.0.0.1',
    port: 0,
    token,
    log: createLogger('silent'),
    render: async () => ({ contentType: 'text/plain; version=0.0.4', body: 'pkk_up 1\n' }),
  });
  started.push(s);
  return s;
};

describe('metrics listener', () => {
  it('serves GET /metrics and nothing else', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(s.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('pkk_up 1\n');
    expect((await fetch(s.url.replace('/metrics', '/'))).status).toBe(404);
    expect((await fetch(s.url.replace('/metrics', '/api/v1/auth/me'))).status).toBe(404);
    expect((await fetch(s.url, { method: 'POST' })).status).toBe(404);
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const s = await start('a-scrape-token-of-some-length');
    expect((await fetch(s.url)).status).toBe(401);
    expect((await fetch(s.url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await fetch(s.url, { headers: { authorization: 'Bearer a-scrape-token-of-some-length' } });
    expect(ok.status).toBe(200);
  });

  it('says which setting to change when its port is taken', async () => {
    const s = await start();
    await expect(
      startMetricsServer({
        host: '127.0.0.1',
        port: Number(new URL(s.url).port),
        log: createLogger('silent'),
        render: async () => ({ contentType: 'text/plain', body: '' }),
      }),
    ).rejects.toThrow(/METRICS_PORT/);
  });
});
