import type { ErrorRequestHandler } from 'express';
import { ApiError } from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';

/** The project's error envelope `{ error: { code, message, details } }`, as the api renders it. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const e = err instanceof ApiError ? err : new ApiError(500, 'internal', 'internal error');
    if (e.status >= 500) log.error({ err }, 'media request failed');
    if (res.headersSent) return void res.end();
    res.status(e.status).json({ error: { code: e.code, message: e.message, details: e.details } });
  };
}
