import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import { ApiError } from '@pkk/core/api-error';
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
