import { Router, type Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { loginRequest, type Me } from '@pkk/core';
import { SESSION_COOKIE, principalOf, requireRole } from '../auth/principal.ts';
import { announceRevoked } from '../auth/revocation.ts';
import { digest, hashPassword, newSecret, verifyPassword } from '@pkk/platform/auth/secrets';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

// A hash of a password nobody has, so that an unknown user costs as long as a wrong password.
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hashPassword(newSecret('dummy')));

export function authRoutes({ ctx, redis }: RouteDeps): Router {
  const router = Router();
  // Two limits, shared by every api node through Redis: per address and account (guessing one
  // password), and a looser one per address (trying a few passwords on many accounts). A whole
  // office behind one NAT address signs in at the start of the day, hence the factor.
  const limiter = (name: string, limit: number, key: (req: Request) => string) =>
    rateLimit({
      windowMs: 15 * 60 * 1000,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: key,
      store: new RedisStore({
        prefix: `${ctx.env.REDIS_PREFIX}:rl:${name}:`,
        sendCommand: (command: string, ...args: string[]) =>
          redis.call(command, ...args) as Promise<RedisReply>,
      }),
      handler: (_req, _res, next) =>
        next(new ApiError(429, 'too_many_requests', 'too many login attempts; try again later')),
    });
  const address = (req: Request) => ipKeyGenerator(req.ip ?? '');
  const perAccount = limiter(
    'login',
    ctx.env.LOGIN_RATE_LIMIT,
    (req) =>
      `${address(req)}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
  );
  const perAddress = limiter('login-ip', ctx.env.LOGIN_RATE_LIMIT * 10, address);

  router.post('/login', perAddress, perAccount, async (req, res) => {
    const { username, password } = parseOr400(loginRequest, req.body);
    const user = await ctx.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username.toLowerCase())
      .where('active', '=', true)
      .executeTakeFirst();
    const ok = await verifyPassword(user?.password_hash ?? (await dummy()), password);
    if (!user || !ok) throw new ApiError(401, 'invalid_credentials', 'wrong username or password');
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
