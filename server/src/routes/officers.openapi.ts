import { z } from 'zod';
import {
  leaveCreated,
  leaveRecord,
  leaveResponse,
  officersResponse,
  officersUpserted,
  officerUpsertRequest,
} from '@pkk/core';
import { type AddOperation, kelurahanFilter } from '../openapi/operation.ts';

/** The officers operations of the REST API. */
export function officersOperations(add: AddOperation): void {
  add({
    method: 'get',
    path: '/api/v1/officers',
    operationId: 'listOfficers',
    summary: "Officers in the caller's scope (an ASN sees only themself)",
    tag: 'officers',
    access: 'account',
    request: { query: kelurahanFilter },
    ok: { 200: { description: 'Officers with office, desk and terminal PIN', schema: officersResponse } },
    errors: {
      403: "The role may not see officers, or the kelurahan is outside the account's area",
      404: 'Unknown kelurahan',
    },
  });
  add({
    method: 'put',
    path: '/api/v1/officers',
    operationId: 'upsertOfficers',
    summary: 'Create or change officers by NIP (operators and admins)',
    tag: 'officers',
    access: 'account',
    request: { body: officerUpsertRequest },
    ok: { 200: { description: 'Stored', schema: officersUpserted } },
    errors: {
      400: 'Invalid officers: unknown kelurahan or desk, a NIP twice',
      403: 'Only operators and admins manage the officers registry',
      409: 'A terminal PIN taken twice within an office',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/officers/{nip}/leave',
    operationId: 'listOfficerLeave',
    summary: 'Leave and duty records of one officer, newest first',
    tag: 'officers',
    access: 'account',
    request: { params: z.object({ nip: z.string() }) },
    ok: { 200: { description: 'Leave and duty records', schema: leaveResponse } },
    errors: {
      403: "The officer is outside the account's area (an ASN sees only themself)",
      404: 'Unknown officer',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/leave',
    operationId: 'recordLeave',
    summary: 'Record leave or duty away for an officer',
    tag: 'officers',
    access: 'account',
    request: { body: leaveRecord },
    ok: { 201: { description: 'Recorded', schema: leaveCreated } },
    errors: {
      403: 'The role may not record leave, or the officer is outside its area',
      422: 'No officer with this NIP',
    },
  });
}
