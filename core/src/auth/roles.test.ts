import { describe, expect, it } from 'vitest';
import {
  canManageRegistry,
  canRecordLeave,
  canSeeKecamatan,
  canSeeKelurahan,
  requiredScope,
  role,
  seesWholeCity,
  type Principal,
  type Role,
} from './roles.ts';

const A = '16.71.01';
const B = '16.71.02';
const inA = { code: '16.71.01.1001', kecamatanCode: A };
const alsoInA = { code: '16.71.01.1002', kecamatanCode: A };
const inB = { code: '16.71.02.1001', kecamatanCode: B };

function who(
  r: Role,
  scope: Partial<Pick<Principal, 'kecamatanCode' | 'kelurahanCode' | 'nip'>> = {},
): Principal {
  return {
    id: 1,
    kind: 'user',
    username: r,
    role: r,
    kecamatanCode: null,
    kelurahanCode: null,
    nip: null,
    ...scope,
  };
}

const principals: Record<string, Principal> = {
  walikota: who('walikota'),
  operator: who('operator'),
  admin: who('admin'),
  camatA: who('camat', { kecamatanCode: A }),
  lurahA: who('lurah', { kecamatanCode: A, kelurahanCode: inA.code }),
  asn: who('asn', { nip: '198001012005011001' }),
  verifikator: who('verifikator'),
  hr: { ...who('hr'), kind: 'token' },
  // Accounts whose scope fields are missing must see nothing, never everything.
  camatNoScope: who('camat'),
  lurahNoScope: who('lurah'),
};

// principal → [sees city, kelurahan in A, other kelurahan in A, kelurahan in B, kecamatan A, kecamatan B, records leave in A, also in A, in B, manages registry]
const table: Record<
  keyof typeof principals,
  [boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean]
> = {
  walikota: [true, true, true, true, true, true, false, false, false, false],
  operator: [true, true, true, true, true, true, true, true, true, true],
  admin: [true, true, true, true, true, true, true, true, true, true],
  camatA: [false, true, true, false, true, false, true, true, false, false],
  lurahA: [false, true, false, false, false, false, true, false, false, false],
  asn: [false, false, false, false, false, false, false, false, false, false],
  verifikator: [false, false, false, false, false, false, false, false, false, false],
  hr: [false, false, false, false, false, false, false, false, false, false],
  camatNoScope: [false, false, false, false, false, false, false, false, false, false],
  lurahNoScope: [false, false, false, false, false, false, false, false, false, false],
};

describe('scope rules', () => {
  it.each(Object.entries(table))('%s', (name, expected) => {
    const p = principals[name]!;
    expect([
      seesWholeCity(p),
      canSeeKelurahan(p, inA),
      canSeeKelurahan(p, alsoInA),
      canSeeKelurahan(p, inB),
      canSeeKecamatan(p, A),
      canSeeKecamatan(p, B),
      canRecordLeave(p, inA),
      canRecordLeave(p, alsoInA),
      canRecordLeave(p, inB),
      canManageRegistry(p),
    ]).toEqual(expected);
  });

  it('a lurah is limited by kelurahan, not by the kecamatan named on the account', () => {
    const lurah = who('lurah', { kecamatanCode: B, kelurahanCode: inA.code });
    expect(canSeeKelurahan(lurah, inA)).toBe(true);
    expect(canSeeKelurahan(lurah, inB)).toBe(false);
    expect(canSeeKecamatan(lurah, B)).toBe(false);
  });

  it('a camat is limited by kecamatan, even if the account also names a kelurahan', () => {
    const camat = who('camat', { kecamatanCode: A, kelurahanCode: inB.code });
    expect(canSeeKelurahan(camat, inB)).toBe(false);
    expect(canRecordLeave(camat, inB)).toBe(false);
  });

  it('names the scope each role needs', () => {
    expect(Object.fromEntries(role.options.map((r) => [r, requiredScope(r)]))).toEqual({
      walikota: null,
      operator: null,
      camat: 'kecamatan',
      lurah: 'kelurahan',
      asn: 'nip',
      verifikator: null,
      hr: null,
      admin: null,
    });
  });
});
