import { z } from 'zod';

export const role = z.enum(['walikota', 'operator', 'camat', 'lurah', 'asn', 'verifikator', 'hr', 'admin']);
export type Role = z.infer<typeof role>;

/** Who is asking, as every access check sees it. */
export interface Principal {
  id: number;
  kind: 'user' | 'token';
  username: string;
  role: Role;
  kecamatanCode: string | null;
  kelurahanCode: string | null;
  nip: string | null;
}

/** Roles that see every office of the city. */
const CITY_WIDE: ReadonlySet<Role> = new Set(['walikota', 'operator', 'admin']);
/** Roles that manage the registry: devices, officers, users. */
const MANAGERS: ReadonlySet<Role> = new Set(['operator', 'admin']);
/** Roles that read the findings about people city-wide (to pay them, to judge appeals), nothing else. */
const PERSONAL_READERS: ReadonlySet<Role> = new Set(['hr', 'verifikator']);

/**
 * What a principal may see, as a value with no way to mean "everything" by accident: the city, one
 * kecamatan, one kelurahan, or nothing. A scoped account whose area is missing or blank (an old row,
 * a token, a hand-edited database) is `none` and sees nothing, never a filter that drops a clause
 * and so matches the whole city. Every route and socket room join takes its scope from here.
 */
export type AreaScope =
  | { kind: 'city' }
  | { kind: 'kecamatan'; code: string }
  | { kind: 'kelurahan'; code: string }
  | { kind: 'none' };
/** Findings: an area, or the findings about people (HR, verifikator), or one person's own (an ASN). */
export type FindingScope = AreaScope | { kind: 'personal' } | { kind: 'nip'; nip: string };
/** The officers registry: an area, or one's own record (an ASN). */
export type OfficerScope = AreaScope | { kind: 'nip'; nip: string };

const NONE = { kind: 'none' } as const;
/** A scope field that names something: a missing or blank one names nothing. */
const named = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';

/** The offices a principal watches (live state, events, cameras, live views, silences, socket rooms). */
export function officeScope(p: Principal): AreaScope {
  if (CITY_WIDE.has(p.role)) return { kind: 'city' };
  if (p.role === 'camat') return named(p.kecamatanCode) ? { kind: 'kecamatan', code: p.kecamatanCode } : NONE;
  if (p.role === 'lurah') return named(p.kelurahanCode) ? { kind: 'kelurahan', code: p.kelurahanCode } : NONE;
  return NONE;
}

/** The findings a principal reads. */
export function findingScope(p: Principal): FindingScope {
  if (PERSONAL_READERS.has(p.role)) return { kind: 'personal' };
  if (p.role === 'asn') return named(p.nip) ? { kind: 'nip', nip: p.nip } : NONE;
  return officeScope(p);
}

/** The officers (and their leave) a principal reads. */
export function officerScope(p: Principal): OfficerScope {
  if (p.role === 'asn') return named(p.nip) ? { kind: 'nip', nip: p.nip } : NONE;
  return officeScope(p);
}

/** Whether an office lies in a scope (an ASN's or a personal scope holds no office). */
export function officeInScope(s: FindingScope, kelurahan: { code: string; kecamatanCode: string }): boolean {
  switch (s.kind) {
    case 'city':
      return true;
    case 'kecamatan':
      return s.code === kelurahan.kecamatanCode;
    case 'kelurahan':
      return s.code === kelurahan.code;
    case 'personal':
    case 'nip':
    case 'none':
      return false;
  }
}

/** Whether a whole kecamatan lies in a scope: a lurah's office is not their kecamatan. */
export function kecamatanInScope(s: FindingScope, kecamatanCode: string): boolean {
  return s.kind === 'city' || (s.kind === 'kecamatan' && s.code === kecamatanCode);
}

/** Whether one finding lies in a scope. */
export function findingInScope(
  s: FindingScope,
  f: { kelurahanCode: string; kecamatanCode: string; nip: string | null },
): boolean {
  if (s.kind === 'personal') return f.nip !== null;
  if (s.kind === 'nip') return f.nip === s.nip;
  return officeInScope(s, { code: f.kelurahanCode, kecamatanCode: f.kecamatanCode });
}

/**
 * Whether a socket room lies in a scope: the city room for the city-wide only, a kecamatan room for
 * its camat, an office's room for whoever sees that office (`kecamatanOf` from the registry).
 */
export function roomInScope(
  s: AreaScope,
  room: { kind: 'city' } | { kind: 'kecamatan' | 'kelurahan'; code: string },
  kecamatanOf: (kelurahan: string) => string | undefined,
): boolean {
  if (room.kind === 'city') return s.kind === 'city';
  if (room.kind === 'kecamatan') return kecamatanInScope(s, room.code);
  const kecamatanCode = kecamatanOf(room.code);
  return kecamatanCode !== undefined && officeInScope(s, { code: room.code, kecamatanCode });
}

export function seesWholeCity(p: Principal): boolean {
  return officeScope(p).kind === 'city';
}

export function canManageRegistry(p: Principal): boolean {
  return MANAGERS.has(p.role);
}

/** Whether a principal may see the live state and events of one kelurahan. */
export function canSeeKelurahan(p: Principal, kelurahan: { code: string; kecamatanCode: string }): boolean {
  return officeInScope(officeScope(p), kelurahan);
}

export function canSeeKecamatan(p: Principal, kecamatanCode: string): boolean {
  return kecamatanInScope(officeScope(p), kecamatanCode);
}

/** Who may record leave and official duty: the office itself, its camat, and the registry managers. */
export function canRecordLeave(p: Principal, kelurahan: { code: string; kecamatanCode: string }): boolean {
  if (canManageRegistry(p)) return true;
  return (p.role === 'lurah' || p.role === 'camat') && canSeeKelurahan(p, kelurahan);
}

/** Roles whose account must name the area it is limited to. */
export function requiredScope(r: Role): 'kecamatan' | 'kelurahan' | 'nip' | null {
  if (r === 'camat') return 'kecamatan';
  if (r === 'lurah') return 'kelurahan';
  if (r === 'asn') return 'nip';
  return null;
}
