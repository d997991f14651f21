import { z } from 'zod';
import { eventsPage, kelurahanCode, kelurahanDetailResponse, kelurahanListResponse } from '@pkk/core';
import { type AddOperation } from '../openapi/operation.ts';

/** The kelurahan operations of the REST API. */
export function kelurahanOperations(add: AddOperation): void {
  const code = z.object({ code: kelurahanCode });
  add({
    method: 'get',
    path: '/api/v1/kelurahan',
    operationId: 'listKelurahan',
    summary: 'Live summaries of the offices in scope',
    tag: 'kelurahan',
    access: 'account',
    ok: { 200: { description: "Every office the account's area covers", schema: kelurahanListResponse } },
    errors: { 403: 'The role does not watch offices' },
  });
  add({
    method: 'get',
    path: '/api/v1/kelurahan/{code}',
    operationId: 'getKelurahan',
    summary: 'Live detail of one office',
    tag: 'kelurahan',
    access: 'account',
    request: { params: code },
    ok: {
      200: {
        description: 'Desks, queue, roster, devices and findings of the office',
        schema: kelurahanDetailResponse,
      },
    },
    errors: {
      403: "The role does not watch offices, or the office is outside the account's area",
      404: 'Unknown kelurahan',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/kelurahan/{code}/events',
    operationId: 'listKelurahanEvents',
    summary: 'Stored events of one office, paged by id',
    tag: 'kelurahan',
    access: 'account',
    request: {
      params: code,
      query: z.object({
        kind: z.enum(['attendance', 'queue', 'presence']),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        limit: z.coerce.number().int().min(1).max(1000).optional(),
        after: z.coerce.number().int().min(0).optional(),
      }),
    },
    ok: {
      200: {
        description: 'Events between `from` (default a day ago) and `to` (default now)',
        schema: eventsPage,
      },
    },
    errors: {
      403: "The role does not watch offices, or the office is outside the account's area",
      404: 'Unknown kelurahan',
    },
  });
}
