/**
 * The one error type of the API, on both sides of the wire: the server throws it and renders it as
 * `{ error: { code, message, details } }`; the web client rebuilds it from that envelope (status 0 and
 * code `network` when no reply came). Free of dependencies, so the web bundle can import it alone
 * (`@pkk/core/api-error`) without pulling in the schemas.
 */
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
