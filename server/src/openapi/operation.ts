import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { kelurahanCode } from '@pkk/core';

/** Who may call an operation: anyone, a signed-in user or API token, or a device with its key. */
export type Access = 'public' | 'account' | 'device' | 'optional-session';

export const SECURITY: Record<Access, RouteConfig['security']> = {
  public: [],
  account: [{ session: [] }, { apiToken: [] }],
  device: [{ deviceKey: [] }],
  'optional-session': [{ session: [] }, {}],
};

/** What each error status means wherever an operation does not say more. */
export const ERRORS = {
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
export type ErrorStatus = keyof typeof ERRORS;

export const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
export const id = z.object({ id: z.coerce.number().int().positive() });
export const kelurahanFilter = z.object({ kelurahan: kelurahanCode.optional() });

export interface Operation {
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

/** Registers one operation; each tag's file (beside its routes) calls it for every operation it serves. */
export type AddOperation = (o: Operation) => void;
