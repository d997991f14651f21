import { Router } from 'express';
import { loginRequest, type Me } from '@pkk/core';
import { SESSION_COOKIE, principalOf, requireRole } from '../auth/principal.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { announceRevoked } from '../auth/revocation.ts';
import { digest, hashPassword, newSecret, verifyPassword } from '@pkk/platform/auth/secrets';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

// A hash of a password nobody has, so that an unknown user costs as long as a wrong password.
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hashPassword(newSecret('dummy')));

/** Sign-in windows: a pair left alone this long starts afresh; the longest wait; the address window. */
const WINDOW_MS = 15 * 60 * 1000;
/** Failures per address and window, as a multiple of the free attempts per account. */
const ADDRESS_FACTOR = 20;

export function authRoutes({ ctx, redis }: RouteDeps): Router {
  const router = Router();
  const throttle = new LoginThrottle({
    redis,
    prefix: ctx.env.REDIS_PREFIX,
    freeAttempts: ctx.env.LOGIN_RATE_LIMIT,
    // A whole office behind one NAT address signs in at the start of the day, hence the factor.
    addressLimit: ctx.env.LOGIN_RATE_LIMIT * ADDRESS_FACTOR,
    windowMs: WINDOW_MS,
    firstDelayMs: 1_000,
    maxDelayMs: WINDOW_MS,
  });
  const policy = `"login";q=${ctx.env.LOGIN_RATE_LIMIT};w=${WINDOW_MS / 1000}`;

  router.post('/login', async (req, res) => {
    const { username, password } = parseOr400(loginRequest, req.body);
    const address = req.ip ?? '';
    const attempt = await throttle.attempt(username, address).catch((err: unknown) => {
      // Without its counters the limit cannot hold: refuse rather than let guesses through.
      ctx.log.warn({ err }, 'sign-in throttle unavailable');
      res.setHeader('Retry-After', '5');
      throw new ApiError(503, 'unavailable', 'sign-in is not available right now; try again shortly');
    });
    res.setHeader('RateLimit-Policy', policy);
    if (!attempt.allowed) {
      const seconds = Math.max(1, Math.ceil(attempt.retryAfterMs / 1000));
      res.setHeader('Retry-After', String(seconds));
      res.setHeader('RateLimit', `"login";r=0;t=${seconds}`);
      throw new ApiError(
        429,
        'too_many_requests',
        attempt.scope === 'account'
          ? `too many failed sign-ins for this account from this address; try again in ${seconds} s`
          : `too many failed sign-ins from this address; try again in ${seconds} s`,
        { retryAfterSeconds: seconds },
      );
    }
    res.setHeader('RateLimit', `"login";r=${attempt.remaining};t=${Math.ceil(attempt.nextWaitMs / 1000)}`);
    const user = await ctx.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username.toLowerCase())
      .where('active', '=', true)
      .executeTakeFirst();
    const ok = await verifyPassword(user?.password_hash ?? (await dummy()), password);
    if (!user || !ok) {
      await throttle
        .failed(username, address, attempt)
        .catch((err: unknown) => ctx.log.warn({ err }, 'sign-in throttle unavailable'));
      throw new ApiError(401, 'invalid_credentials', 'wrong username or password');
    }
    await throttle
      .succeeded(username, address)
      .catch((err: unknown) => ctx.log.warn({ err }, 'sign-in throttle unavailable'));
    const token = newSecret('s');
    const expires = new Date(Date.now() + ctx.env.SESSION_TTL_HOURS * 3600_000);
    await ctx.db
      .insertInto('sessions')
      .values({ token_hash: digest(token), user_id: user.id, expires_at: expires })
      .execute();
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.env.COOKIE_SECURE,
      expires,
      path: '/',
    });
    const me: Me = {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      role: user.role as Me['role'],
      kecamatanCode: user.kecamatan_code,
      kelurahanCode: user.kelurahan_code,
      nip: user.nip,
    };
    res.json(me);
  });

  router.post('/logout', async (req, res) => {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (token) {
      // Ends the session server-side, then closes the live connections opened with it on every node.
      const hash = digest(token);
      await ctx.db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
      await announceRevoked(redis, ctx.env.REDIS_PREFIX, ctx.log, [hash]);
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/me', requireRole(), async (req, res) => {
    const p = principalOf(req);
    const displayName =
      p.kind === 'user'
        ? ((await ctx.db.selectFrom('users').select('display_name').where('id', '=', p.id).executeTakeFirst())
            ?.display_name ?? p.username)
        : p.username;
    const me: Me = {
      id: p.id,
      username: p.username,
      displayName,
      role: p.role,
      kecamatanCode: p.kecamatanCode,
      kelurahanCode: p.kelurahanCode,
      nip: p.nip,
    };
    res.json(me);
  });

  return router;
}
