import { z } from 'zod';
import { failedJobsResponse, jobRetried, QueueName } from '@pkk/core';
import { type AddOperation } from '../openapi/operation.ts';

/** The jobs operations of the REST API. */
export function jobsOperations(add: AddOperation): void {
  add({
    method: 'get',
    path: '/api/v1/jobs/failed',
    operationId: 'listFailedJobs',
    summary: 'Jobs that failed all their attempts (admins)',
    tag: 'jobs',
    access: 'account',
    request: {
      query: z.object({
        queue: z.enum(QueueName).optional(),
        limit: z.coerce.number().int().min(1).max(500).optional(),
      }),
    },
    ok: { 200: { description: 'Newest first, with the reason and the payload', schema: failedJobsResponse } },
    errors: { 400: 'Unknown queue or bad limit' },
  });
  add({
    method: 'post',
    path: '/api/v1/jobs/{queue}/{id}/retry',
    operationId: 'retryFailedJob',
    summary: 'Retry a failed job (admins)',
    tag: 'jobs',
    access: 'account',
    request: { params: z.object({ queue: z.enum(QueueName), id: z.string().min(1).max(200) }) },
    ok: { 202: { description: 'Queued again, attempts reset', schema: jobRetried } },
    errors: { 400: 'Unknown queue', 404: 'No such job', 409: 'The job has not failed' },
  });
}
