import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import type { Logger } from '../infra/logger.ts';

/** The one error type of the API; rendered as `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badRequest(message: string, details?: unknown) {
    return new ApiError(400, 'bad_request', message, details);
  }
  static unauthorized(message = 'authentication required') {
    return new ApiError(401, 'unauthorized', message);
  }
  static forbidden(message = 'not allowed for this account') {
    return new ApiError(403, 'forbidden', message);
  }
  static notFound(message = 'not found') {
    return new ApiError(404, 'not_found', message);
  }
  static conflict(message: string, details?: unknown) {
    return new ApiError(409, 'conflict', message, details);
  }
  static tooLarge(message: string) {
    return new ApiError(413, 'payload_too_large', message);
  }
  static unprocessable(message: string, details?: unknown) {
    return new ApiError(422, 'unprocessable', message, details);
  }
}

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

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(ApiError.notFound(`no route for ${req.method} ${req.originalUrl.split('?')[0]}`));
};

/** Renders every error with the same envelope; anything unexpected is a logged 500 without internals. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let e: ApiError;
    if (err instanceof ApiError) e = err;
    else if (err?.type === 'entity.too.large') e = ApiError.tooLarge(`body larger than ${err.limit} bytes`);
    else if (err?.type === 'entity.parse.failed') e = ApiError.badRequest(`malformed JSON body: ${err.message}`);
    else if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported') e = new ApiError(415, 'unsupported_media_type', err.message);
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) e = new ApiError(err.status, 'bad_request', String(err.message));
    else {
      log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
      e = new ApiError(500, 'internal', 'internal error');
    }
    if (res.headersSent) return;
    res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } });
  };
}
