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
    summary: 'Prometheus metrics',
    tag: 'ops',
    access: 'public',
    ok: {
      200: {
        description: 'Prometheus text exposition format',
        content: { 'text/plain': { schema: z.string() } },
      },
    },
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
