import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../testing/context.ts';

let t: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t.dispose());

describe('operability', () => {
  it('answers liveness and readiness with each dependency checked', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok', live: 'ok', extra: 'ok' },
    });
  });

  it('exposes Prometheus metrics with ingest counters and latency histograms', async () => {
    await fetch(`${t.url}/api/v1/ingest/queue`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
      body: '{}',
    });
    const text = await (await fetch(t.metricsUrl)).text();
    expect(text).toContain('# TYPE pkk_ingest_items_total counter');
    expect(text).toContain('# TYPE pkk_ingest_batch_seconds histogram');
    expect(text).toContain('pkk_queue_jobs{queue="maintenance",state="waiting"} 0');
    expect(text).toContain('pkk_process_cpu_seconds_total');
  });

  it('serves metrics on a listener of its own, on loopback: the public port answers 404', async () => {
    expect(new URL(t.metricsUrl).hostname).toBe('127.0.0.1');
    expect(new URL(t.metricsUrl).port).not.toBe(new URL(t.url).port);
    const pub = await fetch(`${t.url}/metrics`);
    expect(pub.status).toBe(404);
    expect(await pub.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /metrics' } });
    // Not the web app's shell either, whatever the build holds.
    expect((await fetch(`${t.url}/metrics?x=1`)).headers.get('content-type')).toMatch(/^application\/json/);
  });

  it("reports next year's missing holiday list as a gauge once the year is near (test day 23 Nov 2026)", async () => {
    const text = await (await fetch(t.metricsUrl)).text();
    expect(text).toContain('pkk_calendar_gaps{year="2027",missing="holidays"} 1');
    expect(text).not.toContain('missing="ramadan"');
  });

  it('publishes an OpenAPI 3.1 document generated from the zod schemas', async () => {
    const doc = (await (await fetch(`${t.url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/ingest/attendance',
      '/api/v1/ingest/queue',
      '/api/v1/ingest/presence',
      '/api/v1/kelurahan/{code}',
      '/api/v1/auth/login',
    ])
      expect(doc.paths).toHaveProperty([p]);
    const body =
      doc.paths['/api/v1/ingest/attendance']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(body.properties ?? {})).toEqual(['kelurahan', 'punches']);
  });

  it('answers unknown API routes and bad JSON with the error envelope', async () => {
    const res = await fetch(`${t.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'no route for GET /api/v1/nothing-here' },
    });
    const bad = await fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  });
});
