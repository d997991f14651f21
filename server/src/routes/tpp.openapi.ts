import {
  tppCorrectionRequest,
  tppCorrectionsPosted,
  tppLineParams,
  tppLineResponse,
  tppLinesQuery,
  tppMonthParam,
  tppMonthResponse,
  tppPeriodView,
  tppRerunResponse,
  tppRunResponse,
} from '@pkk/core';
import { type AddOperation } from '../openapi/operation.ts';

const MANAGE = 'Only HR (BKPSDM) or an admin';

/** The TPP operations of the REST API (issue 19 §4). */
export function tppOperations(add: AddOperation): void {
  add({
    method: 'get',
    path: '/api/v1/tpp/{month}',
    operationId: 'getTppMonth',
    summary: "A month's TPP: its period, run, the lines this account may see, corrections posted in it",
    description:
      'Lines are scoped: the officer and their direct superiors, the lurah (kelurahan) and camat (kecamatan) of the area, the mayor, HR and the verifikator (the city); operators and accounts without an area see none. TYPICAL rule values come as assumptions.',
    tag: 'tpp',
    access: 'account',
    request: { params: tppMonthParam, query: tppLinesQuery },
    ok: {
      200: {
        description: 'The period (state none before the first run) and its lines',
        schema: tppMonthResponse,
      },
    },
    errors: {
      400: 'Bad month or filter',
      404: 'Unknown kelurahan',
      403: 'Role without TPP access, or a filter outside the area',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/tpp/{month}/lines/{nip}',
    operationId: 'getTppLine',
    summary:
      'One line walked to its evidence: each deduction → finding version → raw device payloads, snapshot, appeal',
    tag: 'tpp',
    access: 'account',
    request: { params: tppLineParams },
    ok: {
      200: {
        description: 'The line, its deductions with what they rest on, its corrections',
        schema: tppLineResponse,
      },
    },
    errors: {
      400: 'Bad month or NIP',
      404: 'No such line, or not in this account’s scope',
      403: 'Role without TPP access',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/tpp/{month}/run',
    operationId: 'runTppDraft',
    summary: 'Recompute the draft of a month (HR, admin)',
    tag: 'tpp',
    access: 'account',
    request: { params: tppMonthParam },
    ok: {
      201: {
        description: 'The run stored, with its hashes, refused officers and unsettled findings',
        schema: tppRunResponse,
      },
    },
    errors: { 400: 'Bad month', 403: MANAGE, 409: 'The month is locked or published: post a correction' },
  });
  add({
    method: 'post',
    path: '/api/v1/tpp/{month}/lock',
    operationId: 'lockTppMonth',
    summary: 'Lock a month (HR, admin): every appeal window closed, contested findings held out',
    tag: 'tpp',
    access: 'account',
    request: { params: tppMonthParam },
    ok: { 200: { description: 'The locked run and the findings held out', schema: tppRunResponse } },
    errors: {
      400: 'Bad month',
      403: MANAGE,
      409: 'Not a draft, or findings still in their appeal window (`details` names them)',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/tpp/{month}/publish',
    operationId: 'publishTppMonth',
    summary: 'Publish a locked month to HR (HR, admin)',
    tag: 'tpp',
    access: 'account',
    request: { params: tppMonthParam },
    ok: { 200: { description: 'The published period', schema: tppPeriodView } },
    errors: { 400: 'Bad month', 403: MANAGE, 409: 'Not locked' },
  });
  add({
    method: 'post',
    path: '/api/v1/tpp/{month}/corrections',
    operationId: 'correctTppMonth',
    summary:
      'Recompute a locked month and post each changed line as a correction in the next open month (HR, admin)',
    tag: 'tpp',
    access: 'account',
    request: { params: tppMonthParam, body: tppCorrectionRequest },
    ok: {
      201: { description: 'Corrections posted (none when nothing changed)', schema: tppCorrectionsPosted },
    },
    errors: { 400: 'Bad month or reason', 403: MANAGE, 409: 'The month is not locked' },
  });
  add({
    method: 'get',
    path: '/api/v1/tpp/{month}/rerun',
    operationId: 'rerunTppMonth',
    summary: "Rebuild the month's run from its stored rules and inputs and compare hashes (HR, admin)",
    tag: 'tpp',
    access: 'account',
    request: { params: tppMonthParam },
    ok: { 200: { description: 'Hashes of the rebuild and of the stored run', schema: tppRerunResponse } },
    errors: { 400: 'Bad month', 403: MANAGE, 404: 'No run of that month' },
  });
}
