import { officerScope, type OfficerScope, type Principal } from '../auth/roles.ts';

/**
 * Who reads and writes the organisation register (issue 19 §1): admins and HR (BKPSDM) keep it and
 * read it city-wide, the mayor reads it city-wide, a camat and a lurah read their area, an ASN reads
 * themself. Every other role, and a scoped account without its area, reads nothing (fail closed).
 */
export function organisationScope(p: Principal): OfficerScope {
  if (p.role === 'admin' || p.role === 'hr' || p.role === 'walikota') return { kind: 'city' };
  if (p.role === 'camat' || p.role === 'lurah' || p.role === 'asn') return officerScope(p);
  return { kind: 'none' };
}

/** Assignments, imports, sanctions and cases are written by admins and HR only. */
export function canWriteOrganisation(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'hr';
}

/** A unit of the organisation, as scope checks see it. */
export interface ScopedUnit {
  kind: 'kelurahan' | 'kecamatan' | 'other';
  code: string;
}

/**
 * Whether a unit lies in an area: a kelurahan for its lurah and its camat, a kecamatan office for its
 * camat, another unit for the city-wide only. `kecamatanOf` is the registry's; an unknown kelurahan
 * lies in no area but the city.
 */
export function unitInScope(
  s: OfficerScope,
  unit: ScopedUnit,
  kecamatanOf: (kelurahan: string) => string | undefined,
): boolean {
  switch (s.kind) {
    case 'city':
      return true;
    case 'kecamatan':
      return unit.kind === 'kecamatan'
        ? unit.code === s.code
        : unit.kind === 'kelurahan' && kecamatanOf(unit.code) === s.code;
    case 'kelurahan':
      return unit.kind === 'kelurahan' && unit.code === s.code;
    case 'nip':
    case 'none':
      return false;
  }
}
