import { attendanceBatch, ingestResult, presenceBatch, queueBatch } from '@pkk/core';
import { type AddOperation } from '../openapi/operation.ts';

/** The ingest operations of the REST API. */
export function ingestOperations(add: AddOperation): void {
  // Ingest: devices post batches with their key.
  for (const [kind, batch, summary] of [
    ['attendance', attendanceBatch, 'Post attendance punches from a JSON terminal or gateway'],
    ['queue', queueBatch, 'Post queue ticket lifecycle and desk open/close events'],
    ['presence', presenceBatch, 'Post desk presence observations from camera analytics'],
  ] as const) {
    add({
      method: 'post',
      path: `/api/v1/ingest/${kind}`,
      operationId: `ingest${kind[0]!.toUpperCase()}${kind.slice(1)}`,
      summary,
      description:
        'The body is read raw whatever its Content-Type and kept verbatim. Items already stored (a retry) are counted as duplicates, never stored twice.',
      tag: 'ingest',
      access: 'device',
      request: { body: batch },
      ok: {
        200: { description: 'Batch processed; per-item errors and flags listed', schema: ingestResult },
        422: {
          description: 'Every item was rejected (the reasons are listed per item)',
          schema: ingestResult,
        },
      },
      errors: {
        400: 'Malformed JSON or envelope',
        403: 'The device writes for another kelurahan, or is of another kind',
        413: 'Body or batch too large',
      },
    });
  }
}
