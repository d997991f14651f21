import { z } from 'zod';
import {
  findingActionRequest,
  findingCommentRequest,
  findingDetailResponse,
  findingsPage,
  findingContestRequest,
  findingDecisionRequest,
  findingsQuery,
  finding as findingSchema,
} from '@pkk/core';
import { type AddOperation, id } from '../openapi/operation.ts';

/** The findings operations of the REST API. */
export function findingsOperations(add: AddOperation): void {
  add({
    method: 'get',
    path: '/api/v1/findings',
    operationId: 'listFindings',
    summary: "Findings in the caller's area (city, kecamatan, kelurahan; HR: people's; an ASN: their own)",
    tag: 'findings',
    access: 'account',
    request: { query: findingsQuery },
    ok: { 200: { description: 'Newest first, each with its evidence', schema: findingsPage } },
    errors: {
      400: 'A filter fails validation',
      403: 'A filter names an area outside the account',
      404: 'Unknown kelurahan',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/findings/{id}',
    operationId: 'getFinding',
    summary: 'One finding with its evidence and history',
    tag: 'findings',
    access: 'account',
    request: { params: z.object({ id: z.coerce.number().int().positive() }) },
    ok: {
      200: {
        description: 'The finding and what happened to it, oldest first',
        schema: findingDetailResponse,
      },
    },
    errors: { 400: 'Not a finding id', 404: "No such finding in the account's area" },
  });
  const findingReply = z.object({ finding: findingSchema });
  for (const [verb, operationId, summary, body, more] of [
    [
      'acknowledge',
      'acknowledgeFinding',
      'Acknowledge a finding: it stops escalating; who and when are kept',
      findingActionRequest,
      {},
    ],
    [
      'comment',
      'commentFinding',
      'Comment on a finding (kept in its history with who and when)',
      findingCommentRequest,
      {},
    ],
    [
      'resolve',
      'resolveFinding',
      'Resolve a finding by hand (a condition that still holds opens again)',
      findingActionRequest,
      { 409: 'Resolved already' },
    ],
  ] as const) {
    add({
      method: 'post',
      path: `/api/v1/findings/{id}/${verb}`,
      operationId,
      summary,
      tag: 'findings',
      access: 'account',
      request: { params: id, body },
      ok: { 200: { description: 'The finding as it now stands', schema: findingReply } },
      errors: {
        400: 'Not a finding id, or the text fails validation',
        403: 'The role does not act on findings',
        404: "No such finding in the account's area",
        ...more,
      },
    });
  }
  for (const [verb, operationId, summary, body, errors] of [
    [
      'contest',
      'contestFinding',
      'Contest a finding about yourself (or, as lurah, about an officer of your kelurahan) inside its appeal window, with a reason',
      findingContestRequest,
      {
        403: 'Not the officer the finding is about, nor their lurah',
        409: 'Not pending: contested, decided, or the window closed; or not about a person',
      },
    ],
    [
      'decide',
      'decideFinding',
      'Uphold (it stands) or overturn (withdrawn) a contested finding, with the grounds: verifikator only, never the one who contested',
      findingDecisionRequest,
      { 403: 'Not a verifikator, or the one who contested it', 409: 'The finding is not contested' },
    ],
  ] as const) {
    add({
      method: 'post',
      path: `/api/v1/findings/{id}/${verb}`,
      operationId,
      summary,
      tag: 'findings',
      access: 'account',
      request: { params: id, body },
      ok: {
        200: {
          description: 'The finding as it now stands, its history holding the step',
          schema: findingReply,
        },
      },
      errors: {
        400: 'Not a finding id, or the text fails validation',
        404: "No such finding in the account's area",
        ...errors,
      },
    });
  }
}
