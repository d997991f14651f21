import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorBody } from '@pkk/core';
import { ingestOperations } from '../ingest/ingest.openapi.ts';
import { alertsOperations } from '../routes/alerts.openapi.ts';
import { authOperations } from '../routes/auth.openapi.ts';
import { camerasOperations } from '../routes/cameras.openapi.ts';
import { devicesOperations } from '../routes/devices.openapi.ts';
import { findingsOperations } from '../routes/findings.openapi.ts';
import { jobsOperations } from '../routes/jobs.openapi.ts';
import { kelurahanOperations } from '../routes/kelurahan.openapi.ts';
import { kinerjaOperations } from '../routes/kinerja.openapi.ts';
import { officersOperations } from '../routes/officers.openapi.ts';
import { organisationOperations } from '../routes/organisation.openapi.ts';
import { opsOperations } from '../routes/ops.openapi.ts';
import { registryOperations } from '../routes/registry.openapi.ts';
import { usersTokensOperations } from '../routes/users.openapi.ts';
import { tppOperations } from '../routes/tpp.openapi.ts';
import { accountabilityOperations } from '../routes/accountability.openapi.ts';
import { ERRORS, json, SECURITY, type ErrorStatus, type Operation } from './operation.ts';

/** The 403 every browser write may get (code `cross_site_refused`). */
const CROSS_SITE =
  'A browser request from another page than the app itself (Origin / Sec-Fetch-Site; code `cross_site_refused`), unless it carries a bearer credential and no session cookie';

/** Each tag's operations, described in a file beside the routes that serve them. */
const OPERATIONS = [
  ingestOperations,
  authOperations,
  registryOperations,
  kelurahanOperations,
  officersOperations,
  devicesOperations,
  usersTokensOperations,
  jobsOperations,
  findingsOperations,
  alertsOperations,
  camerasOperations,
  opsOperations,
  tppOperations,
  organisationOperations,
  kinerjaOperations,
  accountabilityOperations,
];

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
    // Cookie writes from another site's page are refused (server/src/auth/origin.ts).
    if (o.access !== 'device' && !['get', 'head', 'options'].includes(o.method)) {
      const said = errors[403];
      const base = typeof said === 'string' ? said : said === true ? ERRORS[403] : null;
      errors[403] = base ? `${base}; or ${CROSS_SITE[0]!.toLowerCase()}${CROSS_SITE.slice(1)}` : CROSS_SITE;
    }
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

  for (const register of OPERATIONS) register(add);

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
      'tpp',
      'organisation',
      'sanctions',
      'kinerja',
    ].map((name) => ({ name })),
  });
}
