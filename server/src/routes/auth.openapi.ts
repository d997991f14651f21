import { loginRequest, me } from '@pkk/core';
import { type AddOperation } from '../openapi/operation.ts';

/** The auth operations of the REST API. */
export function authOperations(add: AddOperation): void {
  add({
    method: 'post',
    path: '/api/v1/auth/login',
    operationId: 'login',
    summary: 'Sign in with username and password',
    description:
      'Sets the session cookie (HttpOnly, SameSite=Lax, Secure unless COOKIE_SECURE=0). Failed attempts are slowed per account and client address (after LOGIN_RATE_LIMIT free ones, each makes the next wait twice as long, 1 s up to 15 min; a success clears it) and capped per address; every reply carries `RateLimit-Policy` and `RateLimit` headers. The client address is the peer, or the X-Forwarded-For of a proxy in TRUSTED_PROXIES.',
    tag: 'auth',
    access: 'public',
    request: { body: loginRequest },
    ok: { 200: { description: 'Signed in; session cookie set', schema: me } },
    errors: {
      401: 'Wrong username or password',
      429: 'This account from this address (or this address) must wait: `Retry-After` says how long, and `details.retryAfterSeconds`',
      503: 'The sign-in limits cannot be checked (Redis unavailable): nothing was tried; retry after `Retry-After`',
    },
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
}
