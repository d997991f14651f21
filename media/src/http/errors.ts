import type { ErrorRequestHandler } from 'express';
import { ApiError } from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';

/**
 * The project's error envelope `{ error: { code, message, details } }`, as the api renders it. A
 * client error raised below the routes (a path escape that does not decode, a body of an unknown
 * charset or over the limit) keeps its 4xx status: the request is at fault, not the node.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = (err as { status?: unknown } | null)?.status;
    const e =
      err instanceof ApiError
        ? err
        : typeof status === 'number' && status >= 400 && status < 500
          ? new ApiError(
              status,
              ({ 413: 'payload_too_large', 415: 'unsupported_media_type' } as Record<number, string>)[
                status
              ] ?? 'bad_request',
              String((err as Error).message),
            )
          : new ApiError(500, 'internal', 'internal error');
    if (e.status >= 500) log.error({ err }, 'media request failed');
    // Part of a reply is on the wire: the client learns of the failure from the connection closing.
    if (res.headersSent) return void req.socket.destroy();
    res.status(e.status).json({ error: { code: e.code, message: e.message, details: e.details } });
  };
}
