import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import { ApiError } from '@pkk/core/api-error';
import { isDataException, isDatabaseUnavailable } from '@pkk/platform/db/errors';
import type { Logger } from '@pkk/platform/infra/logger';

export { ApiError };

/** Field-level reasons of a zod failure, for `details`. */
export function zodDetails(error: z.ZodError): { field: string; reason: string }[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message }));
}

/** Parses a request part with a schema or throws a 400 naming each bad field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what = 'body'): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw ApiError.badRequest(`invalid ${what}`, zodDetails(r.error));
  return r.data;
}

/**
 * A row id named in a path: a positive integer that JavaScript and a bigint column both hold exactly
 * (`1e24` passes `Number.isInteger` and then fails in PostgreSQL).
 */
export function idParam(raw: string, field = 'id'): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0)
    throw ApiError.badRequest(`${field} must be a positive integer`, [
      { field, reason: 'expected a positive integer below 2^53' },
    ]);
  return id;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(ApiError.notFound(`no route for ${req.method} ${req.originalUrl.split('?')[0]}`));
};

/** Seconds a client is told to wait (Retry-After) when a service the api needs is down. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Renders every error with the same envelope; anything unexpected is a logged 500 without internals.
 * PostgreSQL down or restarting is not a crash but a 503 with Retry-After: nothing was acknowledged,
 * and a terminal keeps its batch and sends it again (never stored twice).
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let e: ApiError;
    if (err instanceof ApiError) e = err;
    else if (err?.type === 'entity.too.large') e = ApiError.tooLarge(`body larger than ${err.limit} bytes`);
    else if (err?.type === 'entity.parse.failed')
      e = ApiError.badRequest(`malformed JSON body: ${err.message}`);
    else if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported')
      e = new ApiError(415, 'unsupported_media_type', err.message);
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500)
      e = new ApiError(err.status, 'bad_request', String(err.message));
    else if (isDatabaseUnavailable(err)) {
      log.warn(
        { err: (err as Error).message, method: req.method, url: req.originalUrl },
        'database unavailable; answered 503',
      );
      e = new ApiError(503, 'unavailable', 'the database is not available right now; try again shortly');
      if (!res.headersSent) res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    } else if (isDataException(err)) {
      // Defence in depth: a value validation let through and PostgreSQL refused (a NUL byte in
      // text, a number out of range). Logged, since it names a gap in a route's validation.
      log.warn({ err, method: req.method, url: req.originalUrl }, 'value refused by the database');
      e = ApiError.badRequest('a value in the request cannot be stored (out of range or not valid text)');
    } else {
      log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
      e = new ApiError(500, 'internal', 'internal error');
    }
    // Part of a reply is on the wire: another status cannot follow it, so the client learns of the
    // failure from the connection closing early (what Express's own last handler does).
    if (res.headersSent) return void req.socket.destroy();
    res.status(e.status).json({
      error: {
        code: e.code,
        message: e.message,
        ...(e.details !== undefined ? { details: e.details } : {}),
      },
    });
  };
}
