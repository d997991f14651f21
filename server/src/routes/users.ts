import { isUniqueViolation } from '@pkk/platform/db/errors';
import { Router, type Request } from 'express';
import { sql } from 'kysely';
import {
  createTokenRequest,
  createUserRequest,
  requiredScope,
  role as roleSchema,
  updateUserRequest,
} from '@pkk/core';
import { principalOf, requireRole } from '../auth/principal.ts';
import { actorOf, audit } from '@pkk/platform/audit/log';
import { announceRevoked } from '../auth/revocation.ts';
import { digest, hashPassword, newSecret } from '@pkk/platform/auth/secrets';
import { ApiError, idParam, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/** The area a role is limited to must be named, and must exist. */
function checkScope(
  deps: RouteDeps,
  role: Parameters<typeof requiredScope>[0],
  s: { kecamatanCode: string | null; kelurahanCode: string | null; nip?: string | null },
): void {
  const need = requiredScope(role);
  const problems: { field: string; reason: string }[] = [];
  if (need === 'kecamatan' && !deps.ctx.policy.kecamatan.some((k) => k.code === s.kecamatanCode))
    problems.push({ field: 'kecamatanCode', reason: `role ${role} needs an existing kecamatan` });
  if (need === 'kelurahan' && !deps.ctx.registry.get(s.kelurahanCode ?? ''))
    problems.push({ field: 'kelurahanCode', reason: `role ${role} needs an existing kelurahan` });
  if (need === 'nip' && !s.nip)
    problems.push({ field: 'nip', reason: `role ${role} needs the officer's NIP` });
  if (problems.length) throw ApiError.badRequest('invalid scope', problems);
}

type UserRow = {
  id: number;
  username: string;
  display_name: string;
  role: string;
  kecamatan_code: string | null;
  kelurahan_code: string | null;
  nip: string | null;
  active: boolean;
};
const toUser = (u: UserRow) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  kecamatanCode: u.kecamatan_code,
  kelurahanCode: u.kelurahan_code,
  nip: u.nip,
  active: u.active,
});

export function userRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('admin'));

  router.get('/', async (_req, res) => {
    const rows = await ctx.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'role', 'kecamatan_code', 'kelurahan_code', 'nip', 'active'])
      .orderBy('username')
      .execute();
    res.json({ items: rows.map(toUser) });
  });

  router.post('/', async (req, res) => {
    const u = parseOr400(createUserRequest, req.body);
    checkScope(deps, u.role, u);
    try {
      const passwordHash = await hashPassword(u.password);
      const row = await ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('users')
          .values({
            username: u.username,
            display_name: u.displayName,
            password_hash: passwordHash,
            role: u.role,
            kecamatan_code: u.kecamatanCode,
            kelurahan_code: u.kelurahanCode,
            nip: u.nip,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(trx, {
          at: ctx.clock.now(),
          actor: actorOf(principalOf(req)),
          action: 'user.created',
          subject: `user:${row.id}`,
          refs: u.nip ? [`officer:${u.nip}`] : [],
          payload: {
            username: u.username,
            role: u.role,
            kecamatanCode: u.kecamatanCode ?? null,
            kelurahanCode: u.kelurahanCode ?? null,
            nip: u.nip ?? null,
          },
        });
        return row;
      });
      res.status(201).json({ id: row.id, username: u.username, role: u.role });
    } catch (err) {
      if (isUniqueViolation(err)) throw ApiError.conflict(`username ${u.username} is taken`);
      throw err;
    }
  });

  /**
   * Changes an account. A change to what it may see or how it signs in (role, area, password,
   * status) ends every session it has, and closes their live connections on every node: a camat moved
   * to another kecamatan must not keep receiving the old one's pushes until the next reconnect.
   */
  router.patch('/:id', async (req: Request<{ id: string }>, res) => {
    const id = idParam(req.params.id);
    const patch = parseOr400(updateUserRequest, req.body);
    const current = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw ApiError.notFound(`no user ${id}`);
    const next = {
      role: patch.role ?? roleSchema.parse(current.role),
      kecamatanCode: patch.kecamatanCode !== undefined ? patch.kecamatanCode : current.kecamatan_code,
      kelurahanCode: patch.kelurahanCode !== undefined ? patch.kelurahanCode : current.kelurahan_code,
      nip: patch.nip !== undefined ? patch.nip : current.nip,
    };
    checkScope(deps, next.role, next);
    const rights = ['role', 'kecamatanCode', 'kelurahanCode', 'nip', 'password', 'active'] as const;
    const endsSessions = rights.some((k) => patch[k] !== undefined);
    // Hashed before the transaction: argon2 takes tens of milliseconds, a pooled connection should not wait on it.
    const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
    const { row, ended } = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('users')
        .set({
          display_name: patch.displayName ?? current.display_name,
          role: next.role,
          kecamatan_code: next.kecamatanCode,
          kelurahan_code: next.kelurahanCode,
          nip: next.nip,
          active: patch.active ?? current.active,
          ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
        })
        .where('id', '=', id)
        .returning([
          'id',
          'username',
          'display_name',
          'role',
          'kecamatan_code',
          'kelurahan_code',
          'nip',
          'active',
        ])
        .executeTakeFirstOrThrow();
      const ended = endsSessions
        ? await trx.deleteFrom('sessions').where('user_id', '=', id).returning('token_hash').execute()
        : [];
      await audit(trx, {
        at: ctx.clock.now(),
        actor: actorOf(principalOf(req)),
        action: 'user.changed',
        subject: `user:${id}`,
        refs: next.nip ? [`officer:${next.nip}`] : [],
        payload: {
          role: next.role,
          kecamatanCode: next.kecamatanCode ?? null,
          kelurahanCode: next.kelurahanCode ?? null,
          nip: next.nip ?? null,
          active: row.active,
          changed: Object.keys(patch)
            .filter((k) => patch[k as keyof typeof patch] !== undefined)
            .sort(),
          sessionsEnded: ended.length,
        },
      });
      return { row, ended };
    });
    await announceRevoked(
      deps.redis,
      ctx.env.REDIS_PREFIX,
      ctx.log,
      ended.map((s) => s.token_hash),
    );
    res.json({ ...toUser(row), sessionsEnded: ended.length });
  });
  return router;
}

const TOKEN_COLUMNS = [
  'id',
  'name',
  'role',
  'kecamatan_code',
  'kelurahan_code',
  'created_at',
  'revoked_at',
  'last_used_at',
] as const;

function toToken(r: {
  id: number;
  name: string;
  role: string;
  kecamatan_code: string | null;
  kelurahan_code: string | null;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}) {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    kecamatanCode: r.kecamatan_code,
    kelurahanCode: r.kelurahan_code,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  };
}

/** Machine tokens (the HR module, the simulator): shown once, stored as a digest; listed and revoked by admins. */
export function tokenRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.use(requireRole('admin'));
  router.post('/', async (req, res) => {
    const t = parseOr400(createTokenRequest, req.body);
    checkScope(deps, t.role, t);
    const token = newSecret('t');
    try {
      const row = await deps.ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('api_tokens')
          .values({
            name: t.name,
            token_hash: digest(token),
            role: t.role,
            kecamatan_code: t.kecamatanCode,
            kelurahan_code: t.kelurahanCode,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(trx, {
          at: deps.ctx.clock.now(),
          actor: actorOf(principalOf(req)),
          action: 'token.created',
          subject: `token:${row.id}`,
          payload: {
            name: t.name,
            role: t.role,
            kecamatanCode: t.kecamatanCode ?? null,
            kelurahanCode: t.kelurahanCode ?? null,
          },
        });
        return row;
      });
      res.status(201).json({ id: row.id, name: t.name, role: t.role, token });
    } catch (err) {
      if (isUniqueViolation(err)) throw ApiError.conflict(`a token named ${t.name} exists`);
      throw err;
    }
  });

  router.get('/', async (_req, res) => {
    const rows = await deps.ctx.db.selectFrom('api_tokens').select(TOKEN_COLUMNS).orderBy('id').execute();
    res.json({ items: rows.map(toToken) });
  });

  /** Refused from the next request on, and live connections opened with it are closed on every node. */
  router.post('/:id/revoke', async (req: Request<{ id: string }>, res) => {
    const id = idParam(req.params.id);
    const row = await deps.ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('api_tokens')
        .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', sql<Date>`now()`) }))
        .where('id', '=', id)
        .returning([...TOKEN_COLUMNS, 'token_hash'])
        .executeTakeFirst();
      if (row)
        await audit(trx, {
          at: deps.ctx.clock.now(),
          actor: actorOf(principalOf(req)),
          action: 'token.revoked',
          subject: `token:${id}`,
          payload: { name: row.name, role: row.role },
        });
      return row;
    });
    if (!row) throw ApiError.notFound(`no token ${id}`);
    await announceRevoked(deps.redis, deps.ctx.env.REDIS_PREFIX, deps.ctx.log, [row.token_hash]);
    res.json(toToken(row));
  });
  return router;
}
