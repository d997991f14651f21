import { z } from 'zod';
import { healthResponse, readinessResponse } from '@pkk/core';
import { type AddOperation } from '../openapi/operation.ts';

/** The ops operations of the REST API. */
export function opsOperations(add: AddOperation): void {
  add({
    method: 'get',
    path: '/healthz',
    operationId: 'getHealth',
    summary: 'Liveness: the process answers',
    tag: 'ops',
    access: 'public',
    ok: { 200: { description: 'Alive', schema: healthResponse } },
  });
  add({
    method: 'get',
    path: '/readyz',
    operationId: 'getReadiness',
    summary: 'Readiness: PostgreSQL, Redis and live state checked',
    tag: 'ops',
    access: 'public',
    ok: {
      200: { description: 'Ready to serve', schema: readinessResponse },
      503: { description: 'Not ready; `checks` says what is wrong', schema: readinessResponse },
    },
  });
  add({
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus metrics (on the metrics listener, not this port)',
    description:
      'Served by a listener of its own, `http://METRICS_HOST:METRICS_PORT/metrics` (default 127.0.0.1:9464; a media node on MEDIA_METRICS_PORT, default 9465), never on the public port, which answers 404: the metrics name cameras and count viewers. With METRICS_TOKEN set, a scrape sends `Authorization: Bearer <token>` (401 otherwise, in plain text).',
    tag: 'ops',
    access: 'public',
    ok: {
      200: {
        description: 'Prometheus text exposition format (metrics listener)',
        content: { 'text/plain': { schema: z.string() } },
      },
    },
    errors: { 404: 'Asked on the public port: metrics are on the metrics listener only' },
  });
  add({
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document',
    tag: 'ops',
    access: 'public',
    ok: {
      200: {
        description: 'OpenAPI 3.1',
        schema: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
      },
    },
  });
}
