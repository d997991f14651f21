import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  apiTokenCreated,
  apiTokensResponse,
  apiTokenView,
  attendanceBatch,
  cameraCreateRequest,
  cameraResponse,
  camerasQuery,
  camerasResponse,
  cameraUpdateRequest,
  cameraZonesRequest,
  liveViewsQuery,
  liveViewsResponse,
  playRequest,
  playResponse,
  boundariesResponse,
  createTokenRequest,
  createUserRequest,
  deviceCommandQueued,
  deviceCommandRequest,
  deviceCommandsResponse,
  deviceCreated,
  deviceCreateRequest,
  deviceKeyed,
  deviceNetworksRequest,
  deviceRevoked,
  devicesResponse,
  errorBody,
  eventsPage,
  failedJobsResponse,
  findingActionRequest,
  findingCommentRequest,
  findingDetailResponse,
  findingsPage,
  findingContestRequest,
  findingDecisionRequest,
  findingsQuery,
  pushKeyResponse,
  pushSubscribed,
  pushSubscriptionRequest,
  silenceRequest,
  silenceResponse,
  silencesResponse,
  finding as findingSchema,
  healthResponse,
  ingestResult,
  jobRetried,
  kelurahanCode,
  kelurahanDetailResponse,
  kelurahanListResponse,
  leaveCreated,
  leaveRecord,
  leaveResponse,
  loginRequest,
  me,
  officersResponse,
  officersUpserted,
  officerUpsertRequest,
  presenceBatch,
  QueueName,
  queueBatch,
  readinessResponse,
  registryResponse,
  holidaysResponse,
  updateUserRequest,
  userCreated,
  userUpdated,
  usersResponse,
} from '@pkk/core';

/** Who may call an operation: anyone, a signed-in user or API token, or a device with its key. */
type Access = 'public' | 'account' | 'device' | 'optional-session';

const SECURITY: Record<Access, RouteConfig['security']> = {
  public: [],
  account: [{ session: [] }, { apiToken: [] }],
  device: [{ deviceKey: [] }],
  'optional-session': [{ session: [] }, {}],
};

/** What each error status means wherever an operation does not say more. */
const ERRORS = {
  400: 'Invalid request: malformed JSON, or a field that fails validation (`details` names each)',
  401: 'No valid credential: not signed in, or an unknown, expired or revoked session or token',
  403: "The credential's role or area does not allow this",
  404: 'No such resource',
  409: 'Conflicts with what is stored',
  413: 'Body larger than the limit',
  415: 'Unsupported body encoding or charset',
  422: 'Well-formed but refers to something that does not exist',
  429: 'Too many requests; retry later (see the RateLimit headers)',
  500: 'Unexpected server error (logged; the message says nothing of the internals)',
  503: 'A service the operation needs is not available',
} as const;
type ErrorStatus = keyof typeof ERRORS;

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const id = z.object({ id: z.coerce.number().int().positive() });
const kelurahanFilter = z.object({ kelurahan: kelurahanCode.optional() });

interface Operation {
  method: RouteConfig['method'];
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  request?: Omit<NonNullable<RouteConfig['request']>, 'body'> & { body?: z.ZodType };
  /** Success replies: a schema, or a description alone for a reply without a body. */
  ok: Record<
    number,
    { description: string; schema?: z.ZodType; content?: Record<string, { schema: z.ZodType }> }
  >;
  /** Error statuses the operation can answer with (a description where more is known; false: never, though implied). */
  errors?: Partial<Record<ErrorStatus, string | boolean>>;
}

/**
 * The REST API, described from the same zod schemas that validate it and type its replies. Every
 * operation has an id, a summary, its security, every reply it can give (each error in the one
 * envelope, `{ error: { code, message, details } }`). The api's integration tests check each reply
 * they get against this document (server/src/testing/openapi-check.ts), so the two cannot drift.
 */
export function openApiDocument() {
  const r = new OpenAPIRegistry();
  r.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'pkk_session',
    description: 'Session of a signed-in user, set by POST /api/v1/auth/login (HttpOnly, SameSite=Lax).',
  });
  r.registerComponent('securitySchemes', 'apiToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'Machine token created by an admin (POST /api/v1/tokens): `Authorization: Bearer <token>`.',
  });
  r.registerComponent('securitySchemes', 'deviceKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'Key of a registered JSON device (POST /api/v1/devices): `Authorization: Bearer <key>`. Ingest only.',
  });
  // The one error envelope, once as a component that every error reply refers to.
  const { $schema: _dialect, ...errorSchema } = z.toJSONSchema(errorBody, { target: 'draft-2020-12' });
  r.registerComponent('schemas', 'Error', errorSchema as Parameters<OpenAPIRegistry['registerComponent']>[2]);
  const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

  const add = (o: Operation) => {
    const errors: Partial<Record<ErrorStatus, string | boolean>> = { ...o.errors };
    if (o.access === 'account') {
      errors[401] ??= true;
      errors[403] ??= true;
    }
    if (o.access === 'device') errors[401] ??= 'Missing, unknown or revoked device key';
    if (o.request?.body) {
      errors[400] ??= true;
      errors[413] ??= true;
      errors[415] ??= true;
    }
    if (o.request?.query || o.request?.params) errors[400] ??= true;
    errors[500] = true;
    // Any operation may find PostgreSQL down or restarting: a 503 to retry, never a 500.
    if (!(503 in o.ok)) errors[503] ??= true;
    const responses: RouteConfig['responses'] = {};
    for (const [status, reply] of Object.entries(o.ok)) {
      responses[status] = reply.schema
        ? { description: reply.description, ...json(reply.schema) }
        : reply.content
          ? { description: reply.description, content: reply.content }
          : { description: reply.description };
    }
    for (const status of (Object.keys(errors) as `${ErrorStatus}`[]).sort()) {
      const said = errors[Number(status) as ErrorStatus]!;
      if (said === false) continue;
      responses[status] = {
        description: said === true ? ERRORS[Number(status) as ErrorStatus] : said,
        ...error,
      };
    }
    const { body, ...request } = o.request ?? {};
    r.registerPath({
      method: o.method,
      path: o.path,
      operationId: o.operationId,
      summary: o.summary,
      description: o.description,
      tags: [o.tag],
      security: SECURITY[o.access],
      request: { ...request, ...(body ? { body: { required: true, ...json(body) } } : {}) },
      responses,
    });
  };

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

  add({
    method: 'post',
    path: '/api/v1/auth/login',
    operationId: 'login',
    summary: 'Sign in with username and password',
    description: 'Sets the session cookie. Limited per address and account, and per address.',
    tag: 'auth',
    access: 'public',
    request: { body: loginRequest },
    ok: { 200: { description: 'Signed in; session cookie set', schema: me } },
    errors: { 401: 'Wrong username or password', 429: 'Too many sign-in attempts; retry later' },
  });
  add({
    method: 'post',
    path: '/api/v1/auth/logout',
    operationId: 'logout',
    summary: 'Sign out',
    description:
      'Ends the session server-side and closes its live connections on every node; clears the cookie. Succeeds without a session too.',
    tag: 'auth',
    access: 'optional-session',
    ok: { 204: { description: 'Signed out' } },
  });
  add({
    method: 'get',
    path: '/api/v1/auth/me',
    operationId: 'getMe',
    summary: 'The signed-in account or token',
    tag: 'auth',
    access: 'account',
    ok: { 200: { description: 'The account behind the credential', schema: me } },
    errors: { 403: false },
  });

  add({
    method: 'get',
    path: '/api/v1/registry',
    operationId: 'getRegistry',
    summary: 'Kecamatan, kelurahan (both spellings), services, zone, clock speed and base map (public)',
    tag: 'registry',
    access: 'public',
    ok: { 200: { description: 'Reference data (cacheable for 5 minutes)', schema: registryResponse } },
  });
  add({
    method: 'get',
    path: '/api/v1/registry/boundaries',
    operationId: 'getBoundaries',
    summary: 'GeoJSON boundaries of the kelurahan (public)',
    tag: 'registry',
    access: 'public',
    ok: {
      200: {
        description: 'A FeatureCollection, one feature per kelurahan (cacheable for an hour)',
        schema: boundariesResponse,
      },
    },
  });
  add({
    method: 'get',
    path: '/api/v1/registry/holidays',
    operationId: 'getHolidays',
    summary: 'National holidays and cuti bersama the working-day calendar uses (config/holidays.yaml; public)',
    tag: 'registry',
    access: 'public',
    ok: { 200: { description: 'Every configured year in date order, with the decree they come from (cacheable for 5 minutes)', schema: holidaysResponse } },
  });

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

  add({
    method: 'get',
    path: '/api/v1/devices',
    operationId: 'listDevices',
    summary: 'Registered devices (operators and admins)',
    tag: 'devices',
    access: 'account',
    request: { query: kelurahanFilter },
    ok: { 200: { description: 'Devices, keys never included', schema: devicesResponse } },
  });
  add({
    method: 'post',
    path: '/api/v1/devices',
    operationId: 'registerDevice',
    summary: 'Register a JSON device or an ADMS terminal (operators and admins)',
    tag: 'devices',
    access: 'account',
    request: { body: deviceCreateRequest },
    ok: {
      201: { description: "Registered; a JSON device's key is in this reply only", schema: deviceCreated },
    },
    errors: { 409: 'A device with this name or serial exists', 422: 'Unknown kelurahan' },
  });
  add({
    method: 'post',
    path: '/api/v1/devices/{id}/key',
    operationId: 'rotateDeviceKey',
    summary: 'Give a JSON device a new key (operators and admins)',
    tag: 'devices',
    access: 'account',
    request: { params: id },
    ok: {
      200: { description: 'The new key, in this reply only; the old one stops working', schema: deviceKeyed },
    },
    errors: { 404: 'No JSON device with this id' },
  });
  add({
    method: 'put',
    path: '/api/v1/devices/{id}/networks',
    operationId: 'setDeviceNetworks',
    summary: 'Set the source networks (CIDR) a device may report from; empty allows any address (admins)',
    tag: 'devices',
    access: 'account',
    request: { params: id, body: deviceNetworksRequest },
    ok: { 200: { description: 'Set; requests from elsewhere get the unknown-device reply', schema: deviceRevoked } },
    errors: { 400: 'Not a CIDR list', 403: 'Admins only', 404: 'No such device' },
  });
  add({
    method: 'post',
    path: '/api/v1/devices/{id}/pushcommkey/reset',
    operationId: 'resetDevicePushCommKey',
    summary: "Forget an ADMS terminal's pinned pushcommkey; the next one it sends is pinned (admins)",
    tag: 'devices',
    access: 'account',
    request: { params: id },
    ok: { 200: { description: 'Reset', schema: deviceRevoked } },
    errors: { 403: 'Admins only', 404: 'No such ADMS terminal' },
  });
  add({
    method: 'post',
    path: '/api/v1/devices/{id}/revoke',
    operationId: 'revokeDevice',
    summary: 'Revoke a device (operators and admins)',
    tag: 'devices',
    access: 'account',
    request: { params: id },
    ok: { 200: { description: 'Revoked: ingest with its key or serial is refused', schema: deviceRevoked } },
    errors: { 404: 'No device with this id' },
  });
  add({
    method: 'post',
    path: '/api/v1/devices/{id}/commands',
    operationId: 'queueDeviceCommand',
    summary: 'Queue a command for an ADMS terminal (operators and admins)',
    tag: 'devices',
    access: 'account',
    request: { params: id, body: deviceCommandRequest },
    ok: { 201: { description: "Queued for the terminal's next poll", schema: deviceCommandQueued } },
    errors: {
      404: 'No ADMS terminal with this id',
      409: 'The terminal is revoked: it would never fetch the command',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/devices/{id}/commands',
    operationId: 'listDeviceCommands',
    summary: 'The latest 100 commands of an ADMS terminal with their status (operators and admins)',
    tag: 'devices',
    access: 'account',
    request: { params: id },
    ok: { 200: { description: 'Newest first', schema: deviceCommandsResponse } },
    errors: { 404: 'No ADMS terminal with this id' },
  });

  add({
    method: 'get',
    path: '/api/v1/users',
    operationId: 'listUsers',
    summary: 'Accounts (admins)',
    tag: 'users',
    access: 'account',
    ok: { 200: { description: 'Every account, passwords never included', schema: usersResponse } },
  });
  add({
    method: 'post',
    path: '/api/v1/users',
    operationId: 'createUser',
    summary: 'Create an account (admins)',
    tag: 'users',
    access: 'account',
    request: { body: createUserRequest },
    ok: { 201: { description: 'Created', schema: userCreated } },
    errors: { 400: "Invalid account, or the role's area is missing or unknown", 409: 'Username taken' },
  });
  add({
    method: 'patch',
    path: '/api/v1/users/{id}',
    operationId: 'updateUser',
    summary: 'Change an account (admins)',
    description:
      "A change of role, area, password or status ends the account's sessions and closes its live connections on every node.",
    tag: 'users',
    access: 'account',
    request: { params: id, body: updateUserRequest },
    ok: { 200: { description: 'Changed, with the number of sessions ended', schema: userUpdated } },
    errors: { 400: 'Invalid change, or the area does not fit the role', 404: 'Unknown user' },
  });

  add({
    method: 'get',
    path: '/api/v1/tokens',
    operationId: 'listTokens',
    summary: 'Machine tokens (admins)',
    tag: 'tokens',
    access: 'account',
    ok: { 200: { description: 'Tokens, never the secrets', schema: apiTokensResponse } },
  });
  add({
    method: 'post',
    path: '/api/v1/tokens',
    operationId: 'createToken',
    summary: 'Create a machine token (admins)',
    tag: 'tokens',
    access: 'account',
    request: { body: createTokenRequest },
    ok: { 201: { description: 'Created; the token is in this reply only', schema: apiTokenCreated } },
    errors: {
      400: "Invalid token, or the role's area is missing or unknown",
      409: 'A token with this name exists',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/tokens/{id}/revoke',
    operationId: 'revokeToken',
    summary: 'Revoke a machine token (admins)',
    tag: 'tokens',
    access: 'account',
    request: { params: id },
    ok: {
      200: {
        description: 'Revoked (again, if it was); live connections using it are closed',
        schema: apiTokenView,
      },
    },
    errors: { 404: 'Unknown token' },
  });

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
    method: 'get',
    path: '/api/v1/findings',
    operationId: 'listFindings',
    summary: "Findings in the caller's area (city, kecamatan, kelurahan; HR: people's; an ASN: their own)",
    tag: 'findings',
    access: 'account',
    request: { query: findingsQuery },
    ok: { 200: { description: 'Newest first, each with its evidence', schema: findingsPage } },
    errors: { 400: 'A filter fails validation', 403: 'A filter names an area outside the account', 404: 'Unknown kelurahan' },
  });
  add({
    method: 'get',
    path: '/api/v1/findings/{id}',
    operationId: 'getFinding',
    summary: 'One finding with its evidence and history',
    tag: 'findings',
    access: 'account',
    request: { params: z.object({ id: z.coerce.number().int().positive() }) },
    ok: { 200: { description: 'The finding and what happened to it, oldest first', schema: findingDetailResponse } },
    errors: { 400: 'Not a finding id', 404: 'No such finding in the account\'s area' },
  });
  const findingId = z.object({ id: z.coerce.number().int().positive() });
  const findingReply = z.object({ finding: findingSchema });
  for (const [verb, operationId, summary, body, more] of [
    ['acknowledge', 'acknowledgeFinding', 'Acknowledge a finding: it stops escalating; who and when are kept', findingActionRequest, {}],
    ['comment', 'commentFinding', 'Comment on a finding (kept in its history with who and when)', findingCommentRequest, {}],
    ['resolve', 'resolveFinding', 'Resolve a finding by hand (a condition that still holds opens again)', findingActionRequest, { 409: 'Resolved already' }],
  ] as const) {
    add({
      method: 'post',
      path: `/api/v1/findings/{id}/${verb}`,
      operationId,
      summary,
      tag: 'findings',
      access: 'account',
      request: { params: findingId, body },
      ok: { 200: { description: 'The finding as it now stands', schema: findingReply } },
      errors: { 400: 'Not a finding id, or the text fails validation', 403: 'The role does not act on findings', 404: "No such finding in the account's area", ...more },
    });
  }
  for (const [verb, operationId, summary, body, errors] of [
    [
      'contest',
      'contestFinding',
      'Contest a finding about yourself (or, as lurah, about an officer of your kelurahan) inside its appeal window, with a reason',
      findingContestRequest,
      { 403: 'Not the officer the finding is about, nor their lurah', 409: 'Not pending: contested, decided, or the window closed; or not about a person' },
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
      request: { params: findingId, body },
      ok: { 200: { description: 'The finding as it now stands, its history holding the step', schema: findingReply } },
      errors: { 400: 'Not a finding id, or the text fails validation', 404: "No such finding in the account's area", ...errors },
    });
  }
  add({
    method: 'get',
    path: '/api/v1/silences',
    operationId: 'listSilences',
    summary: "Silences of the caller's area, active, pending and expired in the last week",
    tag: 'alerts',
    access: 'account',
    ok: { 200: { description: 'Newest first', schema: silencesResponse } },
    errors: { 403: 'The role does not receive alerts' },
  });
  add({
    method: 'post',
    path: '/api/v1/silences',
    operationId: 'createSilence',
    summary: "Silence alerts matching Alertmanager matchers for a while (a camat or lurah: their own area's only)",
    tag: 'alerts',
    access: 'account',
    request: { body: silenceRequest },
    ok: { 201: { description: 'Created', schema: silenceResponse } },
    errors: { 400: 'A matcher or field fails validation', 403: "The matchers do not confine it to the caller's area", 422: 'Already over' },
  });
  add({
    method: 'post',
    path: '/api/v1/silences/{id}/expire',
    operationId: 'expireSilence',
    summary: 'End a silence now',
    tag: 'alerts',
    access: 'account',
    request: { params: findingId },
    ok: { 200: { description: 'Expired', schema: silenceResponse } },
    errors: { 400: 'Not a silence id', 404: "No such silence in the caller's area", 409: 'Expired already' },
  });
  add({
    method: 'get',
    path: '/api/v1/push/key',
    operationId: 'getPushKey',
    summary: 'The VAPID public key browsers subscribe to Web Push with',
    tag: 'alerts',
    access: 'account',
    ok: { 200: { description: 'Base64url, uncompressed P-256', schema: pushKeyResponse } },
    errors: { 403: 'The role gets no alerts' },
  });
  add({
    method: 'post',
    path: '/api/v1/push/subscriptions',
    operationId: 'subscribePush',
    summary: "Store this device's Web Push subscription for the signed-in user",
    tag: 'alerts',
    access: 'account',
    request: { body: pushSubscriptionRequest },
    ok: { 201: { description: 'Stored', schema: pushSubscribed } },
    errors: { 400: 'Not a push subscription', 403: 'An API token, or a role that gets no alerts' },
  });
  add({
    method: 'post',
    path: '/api/v1/push/subscriptions/remove',
    operationId: 'unsubscribePush',
    summary: "Forget this device's Web Push subscription",
    tag: 'alerts',
    access: 'account',
    request: { body: pushSubscriptionRequest.pick({ endpoint: true }) },
    ok: { 204: { description: 'Removed' } },
    errors: { 400: 'No endpoint given', 403: 'A role that gets no alerts' },
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

  const cameraId = z.object({ id: z.string().uuid() });
  const jpeg = { 'image/jpeg': { schema: z.string().describe('JPEG bytes') } };
  add({
    method: 'get',
    path: '/api/v1/cameras',
    operationId: 'listCameras',
    summary: "Cameras of the offices in the caller's area, with health and latest snapshot (never their RTSP URLs)",
    tag: 'cameras',
    access: 'account',
    request: { query: camerasQuery },
    ok: { 200: { description: 'By kelurahan and name', schema: camerasResponse } },
    errors: { 403: "The role does not watch offices, or a filter names an area outside the account's", 404: 'Unknown kelurahan' },
  });
  add({
    method: 'post',
    path: '/api/v1/cameras',
    operationId: 'createCamera',
    summary: 'Add a camera to an office (operators and admins); its RTSP URLs are stored sealed',
    tag: 'cameras',
    access: 'account',
    request: { body: cameraCreateRequest },
    ok: { 201: { description: 'Added; media nodes are told to pull it', schema: cameraResponse } },
    errors: { 400: 'A field fails validation (an RTSP URL that does not parse, an unknown kelurahan)', 403: 'Only operators and admins manage cameras', 409: 'A camera of this name exists in the kelurahan' },
  });
  add({
    method: 'patch',
    path: '/api/v1/cameras/{id}',
    operationId: 'updateCamera',
    summary: 'Change a camera (operators and admins); `rtspSub: null` removes the sub stream',
    tag: 'cameras',
    access: 'account',
    request: { params: cameraId, body: cameraUpdateRequest },
    ok: { 200: { description: 'Changed', schema: cameraResponse } },
    errors: { 403: 'Only operators and admins manage cameras', 404: 'No such camera', 409: 'A camera of this name exists in the kelurahan' },
  });
  add({
    method: 'delete',
    path: '/api/v1/cameras/{id}',
    operationId: 'deleteCamera',
    summary: 'Remove a camera that was never watched (operators and admins)',
    tag: 'cameras',
    access: 'account',
    request: { params: cameraId },
    ok: { 204: { description: 'Removed, with its status and snapshots' } },
    errors: { 403: 'Only operators and admins manage cameras', 404: 'No such camera', 409: 'The camera was watched: its viewing audit is kept, disable it instead' },
  });
  add({
    method: 'put',
    path: '/api/v1/cameras/{id}/zones',
    operationId: 'setCameraZones',
    summary: "Set the desk zones drawn on a camera's image (operators and admins)",
    tag: 'cameras',
    access: 'account',
    request: { params: cameraId, body: cameraZonesRequest },
    ok: { 200: { description: 'Set', schema: cameraResponse } },
    errors: { 400: "A polygon fails validation, or a desk is not one of the office's (`details` names each)", 403: 'Only operators and admins manage cameras', 404: 'No such camera' },
  });
  add({
    method: 'post',
    path: '/api/v1/cameras/{id}/play',
    operationId: 'playCamera',
    summary: 'Signed, short-lived URLs to watch a camera on the media node that owns it (the view is audited)',
    description: "`stream` in the reply is the one granted: `sub` on a camera without a sub stream falls back to `main`. Limited per user (PLAY_RATE_LIMIT a minute).",
    tag: 'cameras',
    access: 'account',
    request: { params: cameraId, body: playRequest },
    ok: { 201: { description: 'Play URLs (WHEP, fMP4 over WebSocket, HLS), valid until `expiresAt`', schema: playResponse } },
    errors: {
      403: 'The role does not watch cameras, or an API token (a view is audited by user)',
      404: "No such camera in the account's area",
      409: 'The camera is disabled',
      429: 'Too many plays; retry in a minute',
      503: 'No media node is configured',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/cameras/{id}/snapshot',
    operationId: 'getCameraSnapshot',
    summary: 'The latest snapshot of a camera (JPEG; ETag is its SHA-256)',
    tag: 'cameras',
    access: 'account',
    request: { params: cameraId },
    ok: { 200: { description: 'JPEG, cacheable privately for a few seconds', content: jpeg }, 304: { description: 'Unchanged since the ETag sent in If-None-Match' } },
    errors: { 403: 'The role does not watch cameras', 404: "No such camera in the account's area, or no snapshot yet" },
  });
  add({
    method: 'get',
    path: '/api/v1/cameras/{id}/snapshots/{takenAt}',
    operationId: 'getCameraSnapshotAt',
    summary: 'One snapshot by the time it was taken (epoch ms): the evidence a finding links to',
    tag: 'cameras',
    access: 'account',
    request: { params: cameraId.extend({ takenAt: z.coerce.number().int().min(0) }) },
    ok: { 200: { description: 'JPEG (immutable)', content: jpeg }, 304: { description: 'Unchanged since the ETag sent in If-None-Match' } },
    errors: { 403: 'The role does not watch cameras', 404: "No such camera in the account's area, or no snapshot of that time (or it expired)" },
  });
  add({
    method: 'get',
    path: '/api/v1/live-views',
    operationId: 'listLiveViews',
    summary: 'Who watched which camera when, newest first (operators and admins; a camat: their kecamatan)',
    tag: 'cameras',
    access: 'account',
    request: { query: liveViewsQuery },
    ok: { 200: { description: 'A page of views and the total that match', schema: liveViewsResponse } },
    errors: { 403: 'Only operators, admins and camat read the viewing audit' },
  });

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

  return new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Pusat Komando Kelurahan API',
      version: '1',
      description:
        'Every error is `{ "error": { "code", "message", "details" } }` (`details` lists the fields at fault where there are). ADMS terminals speak the ZKTeco push protocol under /iclock, which is the vendor\'s and is not described here.',
    },
    servers: [{ url: '/' }],
    tags: [
      'auth',
      'registry',
      'kelurahan',
      'officers',
      'devices',
      'cameras',
      'users',
      'tokens',
      'jobs',
      'findings',
      'alerts',
      'ingest',
      'ops',
    ].map((name) => ({ name })),
  });
}
