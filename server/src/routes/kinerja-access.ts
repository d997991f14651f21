import { findingScope, localDateOf, officerScope, officeInScope, type Principal } from '@pkk/core';
import type { Context } from '@pkk/platform/context';
import { directSuperiorOf } from '@pkk/platform/org/superior';
import { KinerjaRefusal } from '@pkk/platform/kinerja/realisations';
import { ApiError } from '../http/errors.ts';

/**
 * Who may read an officer's kinerja: the officer, their direct superior (today), a verifikator or HR
 * (people's records, city-wide), and those whose area holds the officer's office (lurah, camat, the
 * city-wide roles). Anyone else, or an account whose scope names nothing, reads nothing: fail closed.
 */
export async function mayReadOfficer(ctx: Context, p: Principal, nip: string): Promise<boolean> {
  if (p.nip !== null && p.nip === nip) return true;
  if (findingScope(p).kind === 'personal') return true;
  const scope = officerScope(p);
  // An ASN's own scope is their NIP (checked above); a superior among them reads their subordinates.
  if (scope.kind !== 'none' && scope.kind !== 'nip') {
    const o = await ctx.db
      .selectFrom('officers')
      .select('kelurahan_code')
      .where('nip', '=', nip)
      .executeTakeFirst();
    const k = o ? ctx.registry.get(o.kelurahan_code) : undefined;
    if (k && officeInScope(scope, k)) return true;
  }
  return p.nip !== null && (await isSuperiorOf(ctx, p.nip, nip));
}

export async function isSuperiorOf(
  ctx: Context,
  superior: string,
  nip: string,
  date?: string,
): Promise<boolean> {
  const day = date ?? localDateOf(ctx.clock.now(), ctx.policy.workHours.zone);
  return (await directSuperiorOf(ctx.db, nip, day)) === superior;
}

/** Who may set an officer's RHK and targets: the officer, their direct superior, or a registry manager. */
export async function mayPlanFor(ctx: Context, p: Principal, nip: string): Promise<boolean> {
  if (p.role === 'operator' || p.role === 'admin') return true;
  if (p.nip === null) return false;
  return p.nip === nip || (await isSuperiorOf(ctx, p.nip, nip));
}

/** An officer's own action: a signed-in user whose account names their NIP. */
export function ownNip(p: Principal): string {
  // A blank or malformed NIP on an account names nobody: fail closed.
  if (p.kind !== 'user' || p.nip === null || !/^\d{18}$/.test(p.nip))
    throw ApiError.forbidden('only an officer signed in with their own account (with a NIP) does this');
  return p.nip;
}

/** The platform's refusals as API errors. */
export function asApiError(err: unknown): never {
  if (err instanceof KinerjaRefusal) {
    const details = err.field ? [{ field: err.field, reason: err.message }] : undefined;
    throw new ApiError(err.status, codeOf(err.status), err.message, details);
  }
  throw err;
}
const codeOf = (s: number) =>
  s === 400
    ? 'bad_request'
    : s === 403
      ? 'forbidden'
      : s === 404
        ? 'not_found'
        : s === 409
          ? 'conflict'
          : 'unprocessable';
