import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  attendancePunch,
  createTokenRequest,
  createUserRequest,
  device,
  deviceCommand,
  deviceCommandRequest,
  deviceCreateRequest,
  deviceNetworksRequest,
  errorBody,
  failedJobsResponse,
  ingestResult,
  kelurahanCode,
  kelurahanDetail,
  kelurahanSummary,
  leaveRecord,
  loginRequest,
  me,
  officerUpsertRequest,
  presenceObservation,
  queueEvent,
  updateUserRequest,
} from '@pkk/core';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const err = (description: string) => ({ description, ...json(errorBody) });

/** The REST API described from the same zod schemas that validate it. */
export function openApiDocument() {
  const r = new OpenAPIRegistry();
  r.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'pkk_session' });
  r.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'API token or device key' });
  const ingestResponses = {
    200: { description: 'Batch processed; per-item errors and flags listed', ...json(ingestResult) },
    400: err('Malformed JSON or envelope'),
    401: err('Unknown or revoked device key'),
    403: err('Device writes for another kelurahan, or is of another kind'),
    413: err('Body or batch too large'),
    422: { description: 'Every item was rejected', ...json(ingestResult) },
  };
  const ingest = (path: string, key: string, item: z.ZodType, summary: string) =>
    r.registerPath({
      method: 'post',
      path: `/api/v1/ingest/${path}`,
      summary,
      security: [{ bearer: [] }],
      request: { body: json(z.object({ kelurahan: kelurahanCode, [key]: z.array(item).max(1000) })) },
      responses: ingestResponses,
    });
  ingest('attendance', 'punches', attendancePunch, 'Attendance punches from a JSON terminal or gateway');
  ingest('queue', 'events', queueEvent, 'Queue ticket lifecycle and desk open/close events');
  ingest('presence', 'observations', presenceObservation, 'Desk presence observations from camera analytics');

  r.registerPath({ method: 'post', path: '/api/v1/auth/login', request: { body: json(loginRequest) }, responses: { 200: { description: 'Signed in; session cookie set', ...json(me) }, 401: err('Wrong credentials'), 429: err('Too many attempts') } });
  r.registerPath({ method: 'post', path: '/api/v1/auth/logout', responses: { 204: { description: 'Signed out' } } });
  r.registerPath({ method: 'get', path: '/api/v1/auth/me', security: [{ session: [] }, { bearer: [] }], responses: { 200: { description: 'The signed-in account', ...json(me) }, 401: err('Not signed in') } });
  r.registerPath({
    method: 'get',
    path: '/api/v1/kelurahan',
    security: [{ session: [] }],
    responses: { 200: { description: 'Live summaries of the offices in scope', ...json(z.object({ serverNow: z.number(), items: z.array(kelurahanSummary) })) }, 401: err('Not signed in'), 403: err('Role may not watch offices') },
  });
  r.registerPath({
    method: 'get',
    path: '/api/v1/kelurahan/{code}',
    security: [{ session: [] }],
    request: { params: z.object({ code: kelurahanCode }) },
    responses: { 200: { description: 'Live detail of one office', ...json(z.object({ serverNow: z.number(), detail: kelurahanDetail })) }, 403: err('Outside the account\'s area'), 404: err('Unknown kelurahan') },
  });
  r.registerPath({
    method: 'get',
    path: '/api/v1/kelurahan/{code}/events',
    security: [{ session: [] }],
    request: {
      params: z.object({ code: kelurahanCode }),
      query: z.object({ kind: z.enum(['attendance', 'queue', 'presence']), from: z.string().optional(), to: z.string().optional(), limit: z.number().optional(), after: z.number().optional() }),
    },
    responses: { 200: { description: 'Stored events, paged by id' }, 403: err('Outside the account\'s area') },
  });
  r.registerPath({ method: 'put', path: '/api/v1/officers', security: [{ session: [] }], request: { body: json(officerUpsertRequest) }, responses: { 200: { description: 'Upserted' }, 400: err('Invalid officers') } });
  r.registerPath({ method: 'post', path: '/api/v1/leave', security: [{ session: [] }], request: { body: json(leaveRecord) }, responses: { 201: { description: 'Recorded' }, 400: err('Invalid record'), 403: err('Outside the account\'s area') } });
  r.registerPath({ method: 'post', path: '/api/v1/devices', security: [{ session: [] }], request: { body: json(deviceCreateRequest) }, responses: { 201: { description: 'Registered; the key is shown once', ...json(z.object({ device, key: z.string().nullable() })) }, 409: err('Name or serial taken') } });
  r.registerPath({ method: 'post', path: '/api/v1/users', security: [{ session: [] }], request: { body: json(createUserRequest) }, responses: { 201: { description: 'Created' }, 409: err('Username taken') } });
  r.registerPath({ method: 'post', path: '/api/v1/tokens', security: [{ session: [] }], request: { body: json(createTokenRequest) }, responses: { 201: { description: 'Created; the token is shown once' } } });

  const id = z.object({ id: z.number().int() });
  r.registerPath({ method: 'patch', path: '/api/v1/users/{id}', security: [{ session: [] }], request: { params: id, body: json(updateUserRequest) }, responses: { 200: { description: 'Changed; a change of role, area, password or status ends the account\'s sessions and closes its live connections' }, 400: err('Invalid change or area'), 404: err('Unknown user') } });
  r.registerPath({ method: 'get', path: '/api/v1/tokens', security: [{ session: [] }], responses: { 200: { description: 'Machine tokens (never the secrets)' } } });
  r.registerPath({ method: 'post', path: '/api/v1/tokens/{id}/revoke', security: [{ session: [] }], request: { params: id }, responses: { 200: { description: 'Revoked; live connections using it are closed' }, 404: err('Unknown token') } });
  r.registerPath({ method: 'get', path: '/api/v1/officers', security: [{ session: [] }], request: { query: z.object({ kelurahan: kelurahanCode.optional() }) }, responses: { 200: { description: 'Officers in the caller\'s scope' } } });
  r.registerPath({ method: 'get', path: '/api/v1/officers/{nip}/leave', security: [{ session: [] }], request: { params: z.object({ nip: z.string() }) }, responses: { 200: { description: 'Leave and duty records of one officer' }, 403: err('Outside the account\'s area') } });
  r.registerPath({ method: 'get', path: '/api/v1/devices', security: [{ session: [] }], request: { query: z.object({ kelurahan: kelurahanCode.optional() }) }, responses: { 200: { description: 'Registered devices', ...json(z.object({ items: z.array(device) })) } } });
  r.registerPath({ method: 'post', path: '/api/v1/devices/{id}/key', security: [{ session: [] }], request: { params: id }, responses: { 200: { description: 'A new key for a JSON device, shown once; the old one stops working', ...json(z.object({ device, key: z.string() })) } } });
  r.registerPath({
    method: 'put',
    path: '/api/v1/devices/{id}/networks',
    summary: 'Set the source networks (CIDR) a device may report from; empty allows any address',
    security: [{ session: [] }],
    request: { params: id, body: json(deviceNetworksRequest) },
    responses: { 200: { description: 'Set; requests from elsewhere get the unknown-device reply', ...json(z.object({ device })) }, 400: err('Not a CIDR list'), 403: err('Admins only'), 404: err('No such device') },
  });
  r.registerPath({
    method: 'post',
    path: '/api/v1/devices/{id}/pushcommkey/reset',
    summary: "Forget an ADMS terminal's pinned pushcommkey; the next one it sends is pinned",
    security: [{ session: [] }],
    request: { params: id },
    responses: { 200: { description: 'Reset', ...json(z.object({ device })) }, 403: err('Admins only'), 404: err('No such ADMS terminal') },
  });
  r.registerPath({ method: 'post', path: '/api/v1/devices/{id}/revoke', security: [{ session: [] }], request: { params: id }, responses: { 200: { description: 'Revoked: ingest with its key or serial is refused' } } });
  r.registerPath({ method: 'post', path: '/api/v1/devices/{id}/commands', security: [{ session: [] }], request: { params: id, body: json(deviceCommandRequest) }, responses: { 201: { description: 'Queued for the terminal\'s next poll', ...json(deviceCommand) } } });
  r.registerPath({ method: 'get', path: '/api/v1/devices/{id}/commands', security: [{ session: [] }], request: { params: id }, responses: { 200: { description: 'Commands of one terminal with their status' } } });
  r.registerPath({ method: 'get', path: '/api/v1/jobs/failed', operationId: 'listFailedJobs', summary: 'Jobs that failed all their attempts (admins)', security: [{ session: [] }, { bearer: [] }], request: { query: z.object({ queue: z.string().optional(), limit: z.number().int().optional() }) }, responses: { 200: { description: 'Newest first, with the reason and the payload', ...json(failedJobsResponse) }, 400: err('Unknown queue or bad limit'), 401: err('Not signed in'), 403: err('Not an admin') } });
  r.registerPath({ method: 'post', path: '/api/v1/jobs/{queue}/{id}/retry', operationId: 'retryFailedJob', summary: 'Retry a failed job (admins)', security: [{ session: [] }, { bearer: [] }], request: { params: z.object({ queue: z.string(), id: z.string() }) }, responses: { 202: { description: 'Queued again, attempts reset' }, 401: err('Not signed in'), 403: err('Not an admin'), 404: err('No such job'), 409: err('The job has not failed') } });
  r.registerPath({ method: 'get', path: '/api/v1/registry', responses: { 200: { description: 'Kecamatan, kelurahan (both spellings), services, zone and clock speed (public)' } } });
  r.registerPath({ method: 'get', path: '/api/v1/registry/boundaries', responses: { 200: { description: 'GeoJSON boundaries of the kelurahan (public)' } } });

  return new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Pusat Komando Kelurahan API', version: '1' },
    servers: [{ url: '/' }],
  });
}
