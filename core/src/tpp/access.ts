import { officeScope, type Principal } from '../auth/roles.ts';

/**
 * Who reads which TPP lines (issue 19 §4: the officer, the superior, the verifikator and HR, each
 * within their scope; the mayor the city; camat and lurah their area). Built on the area scopes of
 * auth/roles.ts and failing closed the same way: a scoped account whose area or NIP is missing sees
 * nothing. Operators (Kominfo) run the wall, not the payroll: no lines.
 *
 * `superiorOf`: an officer also sees the lines of those whose direct superior they were in the month.
 */
export type TppScope =
  | { kind: 'city' }
  | { kind: 'kecamatan'; code: string; superiorOf: string | null }
  | { kind: 'kelurahan'; code: string; superiorOf: string | null }
  | { kind: 'nip'; nip: string }
  | { kind: 'none' };

const named = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';

export function tppScope(p: Principal): TppScope {
  switch (p.role) {
    case 'walikota':
    case 'hr':
    case 'verifikator':
    case 'admin':
      return { kind: 'city' };
    case 'camat':
    case 'lurah': {
      const area = officeScope(p);
      if (area.kind !== 'kecamatan' && area.kind !== 'kelurahan') return { kind: 'none' };
      return { kind: area.kind, code: area.code, superiorOf: named(p.nip) ? p.nip : null };
    }
    case 'asn':
      return named(p.nip) ? { kind: 'nip', nip: p.nip } : { kind: 'none' };
    case 'operator':
      return { kind: 'none' };
  }
}

/** What a stored line is filtered on. */
export interface TppLineWhere {
  nip: string;
  kelurahanCode: string | null;
  kecamatanCode: string | null;
  /** Every direct superior of the officer in the month. */
  superiors: readonly string[];
}

export function tppLineVisible(s: TppScope, l: TppLineWhere): boolean {
  switch (s.kind) {
    case 'city':
      return true;
    case 'none':
      return false;
    case 'nip':
      return l.nip === s.nip || l.superiors.includes(s.nip);
    case 'kecamatan':
      return l.kecamatanCode === s.code || (s.superiorOf !== null && l.superiors.includes(s.superiorOf));
    case 'kelurahan':
      return l.kelurahanCode === s.code || (s.superiorOf !== null && l.superiors.includes(s.superiorOf));
  }
}

/** Who recomputes, locks, publishes and corrects a month: HR (BKPSDM) and the administrators. */
export function canManageTpp(p: Principal): boolean {
  return p.role === 'hr' || p.role === 'admin';
}
