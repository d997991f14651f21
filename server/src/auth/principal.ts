import type { NextFunction, Request, Response } from 'express';
import { role as roleSchema, type Principal, type Role } from '@pkk/core';
import type { Db } from '@pkk/platform/db/index';
import { ApiError } from '../http/errors.ts';
import { digest } from '@pkk/platform/auth/secrets';

export const SESSION_COOKIE = 'pkk_session';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** A principal and the credential it was resolved from, for holders of long-lived connections. */
export interface Resolved {
  principal: Principal;
  /** SHA-256 of the session or token secret, hex: what revocation announcements name. */
  credential: string;
  /** When the session ends by itself (API tokens do not expire; they are revoked). */
  expiresAt: Date | null;
}

/** Resolves a session token (cookie) or an API token (Bearer) to the principal behind it. */
export async function resolveSecrets(
  db: Db,
  session: string | undefined,
  bearer: string | undefined,
  now: Date,
): Promise<Resolved | null> {
  if (session) {
    const hash = digest(session);
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'users.id',
        'users.username',
        'users.role',
        'users.kecamatan_code',
        'users.kelurahan_code',
        'users.nip',
        'sessions.expires_at',
      ])
      .where('sessions.token_hash', '=', hash)
      .where('sessions.expires_at', '>', now)
      .where('users.active', '=', true)
      .executeTakeFirst();
    if (row) {
      return {
        principal: {
          id: row.id,
          kind: 'user',
          username: row.username,
          role: roleSchema.parse(row.role),
          kecamatanCode: row.kecamatan_code,
          kelurahanCode: row.kelurahan_code,
          nip: row.nip,
        },
        credential: hash.toString('hex'),
        expiresAt: row.expires_at,
      };
    }
  }
  if (bearer) {
    const hash = digest(bearer);
    const row = await db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('token_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .returning(['id', 'name', 'role', 'kecamatan_code', 'kelurahan_code'])
      .executeTakeFirst();
    if (row) {
      return {
        principal: {
          id: row.id,
          kind: 'token',
          username: `token:${row.name}`,
          role: roleSchema.parse(row.role),
          kecamatanCode: row.kecamatan_code,
          kelurahanCode: row.kelurahan_code,
          nip: null,
        },
        credential: hash.toString('hex'),
        expiresAt: null,
      };
    }
  }
  return null;
}

export async function principalFromSecrets(
  db: Db,
  session: string | undefined,
  bearer: string | undefined,
  now: Date,
): Promise<Principal | null> {
  return (await resolveSecrets(db, session, bearer, now))?.principal ?? null;
}

export function bearerOf(req: Request): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

/** Reads the session cookie from a raw Cookie header (socket.io handshakes have no cookie parser). */
export function sessionFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== SESSION_COOKIE) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      // A malformed escape is no session (and must not throw in a handshake).
      return undefined;
    }
  }
  return undefined;
}

/**
 * Sets `req.principal` when the request carries a valid session or token; never rejects. Sessions
 * expire on the real clock, never on a simulated one.
 */
export function authenticate(db: Db) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const session = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const bearer = bearerOf(req);
    if (session || bearer)
      req.principal = (await principalFromSecrets(db, session, bearer, new Date())) ?? undefined;
    next();
  };
}

/** Rejects requests without a principal (401) or with a role not in the list (403). */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.principal) return next(ApiError.unauthorized());
    if (roles.length && !roles.includes(req.principal.role))
      return next(ApiError.forbidden(`requires role ${roles.join(' or ')}`));
    next();
  };
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw ApiError.unauthorized();
  return req.principal;
}
