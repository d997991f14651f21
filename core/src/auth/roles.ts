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

export function seesWholeCity(p: Principal): boolean {
  return CITY_WIDE.has(p.role);
}

export function canManageRegistry(p: Principal): boolean {
  return MANAGERS.has(p.role);
}

/** Whether a principal may see the live state and events of one kelurahan. */
export function canSeeKelurahan(p: Principal, kelurahan: { code: string; kecamatanCode: string }): boolean {
  if (seesWholeCity(p)) return true;
  if (p.role === 'camat') return p.kecamatanCode === kelurahan.kecamatanCode;
  if (p.role === 'lurah') return p.kelurahanCode === kelurahan.code;
  return false;
}

export function canSeeKecamatan(p: Principal, kecamatanCode: string): boolean {
  return seesWholeCity(p) || (p.role === 'camat' && p.kecamatanCode === kecamatanCode);
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
