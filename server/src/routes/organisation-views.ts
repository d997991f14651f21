import {
  assignmentBasic,
  localDateOf,
  nip as nipSchema,
  organisationScope,
  unitInScope,
  type AssignmentView,
  type OrgUnit,
  type Principal,
} from '@pkk/core';
import type { AssignmentRow } from '@pkk/platform/org/assignments';
import type { Db } from '@pkk/platform/db/index';
import type { Context } from '@pkk/platform/context';
import { ApiError } from '../http/errors.ts';

/** What the organisation routes share: today's date, unit names and scope, rows as the api shows them. */

export function today(ctx: Context): string {
  return localDateOf(ctx.clock.now(), ctx.policy.workHours.zone);
}

export function unitName(ctx: Context, kind: OrgUnit['kind'], code: string): string {
  if (kind === 'kelurahan') return ctx.registry.get(code)?.name ?? code;
  if (kind === 'kecamatan') {
    const k = ctx.policy.kecamatan.find((x) => x.code === code);
    return k ? `Kantor Camat ${k.name}` : code;
  }
  return code;
}

export function unitExists(ctx: Context, u: OrgUnit): boolean {
  if (u.kind === 'kelurahan') return ctx.registry.get(u.code) !== undefined;
  if (u.kind === 'kecamatan') return ctx.policy.kecamatan.some((k) => k.code === u.code);
  return true;
}

/** Whether a stored row may be shown to `p`: its unit in their area, or (an ASN) their own. */
export function rowVisible(
  ctx: Context,
  p: Principal,
  r: { nip: string; unit_kind: OrgUnit['kind']; unit_code: string },
) {
  const s = organisationScope(p);
  if (s.kind === 'nip') return r.nip === s.nip;
  return unitInScope(s, { kind: r.unit_kind, code: r.unit_code }, (k) => ctx.registry.get(k)?.kecamatanCode);
}

/** Names of officers by NIP (one query for a page of rows). */
export async function namesOf(db: Db, nips: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(nips)];
  if (!list.length) return new Map();
  const rows = await db.selectFrom('officers').select(['nip', 'name']).where('nip', 'in', list).execute();
  return new Map(rows.map((r) => [r.nip, r.name]));
}

export function assignmentView(ctx: Context, r: AssignmentRow, names: Map<string, string>): AssignmentView {
  const tppBasic = r.tpp_basic === null ? null : Number(r.tpp_basic);
  return {
    id: Number(r.id),
    nip: r.nip,
    name: names.get(r.nip) ?? null,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    unit: { kind: r.unit_kind, code: r.unit_code, name: unitName(ctx, r.unit_kind, r.unit_code) },
    jabatan: r.jabatan,
    jenisJabatan: r.jenis_jabatan,
    kelasJabatan: r.kelas_jabatan,
    golongan: r.golongan,
    tppBasic,
    basic: assignmentBasic(ctx.policy.tpp, r.kelas_jabatan, tppBasic),
    atasan: r.atasan_nip ? { nip: r.atasan_nip, name: names.get(r.atasan_nip) ?? null } : null,
    recordedBy: r.recorded_by,
    recordedAt: new Date(r.recorded_at).toISOString(),
  };
}

export async function assignmentViews(ctx: Context, rows: AssignmentRow[]): Promise<AssignmentView[]> {
  const names = await namesOf(
    ctx.db,
    rows.flatMap((r) => (r.atasan_nip ? [r.nip, r.atasan_nip] : [r.nip])),
  );
  return rows.map((r) => assignmentView(ctx, r, names));
}

/** A NIP named in a path: 18 digits, or a 400 naming it. */
export function nipParam(raw: string): string {
  const r = nipSchema.safeParse(raw);
  if (!r.success)
    throw ApiError.badRequest('invalid NIP', [{ field: 'nip', reason: 'expected an 18-digit NIP' }]);
  return r.data;
}
