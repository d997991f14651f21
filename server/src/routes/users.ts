import { Router, type Request } from 'express';
import { sql } from 'kysely';
import { z } from 'zod';
import { createTokenRequest, createUserRequest, requiredScope } from '@pkk/core';
import { requireRole } from '../auth/principal.ts';
import { announceRevoked } from '../auth/revocation.ts';
import { digest, hashPassword, newSecret } from '../auth/secrets.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/** The area a role is limited to must be named, and must exist. */
function checkScope(deps: RouteDeps, role: Parameters<typeof requiredScope>[0], s: { kecamatanCode: string | null; kelurahanCode: string | null; nip?: string | null }): void {
  const need = requiredScope(role);
  const problems: { field: string; reason: string }[] = [];
  if (need === 'kecamatan' && !deps.ctx.policy.kecamatan.some((k) => k.code === s.kecamatanCode)) problems.push({ field: 'kecamatanCode', reason: `role ${role} needs an existing kecamatan` });
  if (need === 'kelurahan' && !deps.ctx.registry.get(s.kelurahanCode ?? '')) problems.push({ field: 'kelurahanCode', reason: `role ${role} needs an existing kelurahan` });
  if (need === 'nip' && !s.nip) problems.push({ field: 'nip', reason: `role ${role} needs the officer's NIP` });
  if (problems.length) throw ApiError.badRequest('invalid scope', problems);
}

export function userRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('admin'));

  router.get('/', async (_req, res) => {
    const rows = await ctx.db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'kecamatan_code', 'kelurahan_code', 'nip', 'active']).orderBy('username').execute();
    res.json({ items: rows.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role, kecamatanCode: u.kecamatan_code, kelurahanCode: u.kelurahan_code, nip: u.nip, active: u.active })) });
  });

  router.post('/', async (req, res) => {
    const u = parseOr400(createUserRequest, req.body);
    checkScope(deps, u.role, u);
    try {
      const row = await ctx.db
        .insertInto('users')
        .values({ username: u.username, display_name: u.displayName, password_hash: await hashPassword(u.password), role: u.role, kecamatan_code: u.kecamatanCode, kelurahan_code: u.kelurahanCode, nip: u.nip })
        .returning('id')
        .executeTakeFirstOrThrow();
      res.status(201).json({ id: row.id, username: u.username, role: u.role });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw ApiError.conflict(`username ${u.username} is taken`);
      throw err;
    }
  });
  return router;
}

const TOKEN_COLUMNS = ['id', 'name', 'role', 'kecamatan_code', 'kelurahan_code', 'created_at', 'revoked_at', 'last_used_at'] as const;

function toToken(r: { id: number; name: string; role: string; kecamatan_code: string | null; kelurahan_code: string | null; created_at: Date; revoked_at: Date | null; last_used_at: Date | null }) {
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
      const row = await deps.ctx.db
        .insertInto('api_tokens')
        .values({ name: t.name, token_hash: digest(token), role: t.role, kecamatan_code: t.kecamatanCode, kelurahan_code: t.kelurahanCode })
        .returning('id')
        .executeTakeFirstOrThrow();
      res.status(201).json({ id: row.id, name: t.name, role: t.role, token });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw ApiError.conflict(`a token named ${t.name} exists`);
      throw err;
    }
  });

  router.get('/', async (_req, res) => {
    const rows = await deps.ctx.db.selectFrom('api_tokens').select(TOKEN_COLUMNS).orderBy('id').execute();
    res.json({ items: rows.map(toToken) });
  });

  /** Refused from the next request on, and live connections opened with it are closed on every node. */
  router.post('/:id/revoke', async (req: Request<{ id: string }>, res) => {
    const id = parseOr400(z.coerce.number().int().positive(), req.params.id, 'token id');
    const row = await deps.ctx.db
      .updateTable('api_tokens')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', sql<Date>`now()`) }))
      .where('id', '=', id)
      .returning([...TOKEN_COLUMNS, 'token_hash'])
      .executeTakeFirst();
    if (!row) throw ApiError.notFound(`no token ${id}`);
    await announceRevoked(deps.redis, deps.ctx.env.REDIS_PREFIX, deps.ctx.log, [row.token_hash]);
    res.json(toToken(row));
  });
  return router;
}
