import { describe, expect, it } from 'vitest';
import {
  findingInScope,
  findingScope,
  officeInScope,
  officerScope,
  officeScope,
  roomInScope,
  type Principal,
  type Role,
} from './roles.ts';

const A = '16.71.01';
const KA = '16.71.01.1001';
const NIP = '198001012005011001';

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

describe('scope values', () => {
  it.each([
    ['walikota', who('walikota'), { kind: 'city' }, { kind: 'city' }, { kind: 'city' }],
    ['operator', who('operator'), { kind: 'city' }, { kind: 'city' }, { kind: 'city' }],
    ['admin', who('admin'), { kind: 'city' }, { kind: 'city' }, { kind: 'city' }],
    [
      'camat',
      who('camat', { kecamatanCode: A }),
      { kind: 'kecamatan', code: A },
      { kind: 'kecamatan', code: A },
      { kind: 'kecamatan', code: A },
    ],
    [
      'lurah',
      who('lurah', { kecamatanCode: A, kelurahanCode: KA }),
      { kind: 'kelurahan', code: KA },
      { kind: 'kelurahan', code: KA },
      { kind: 'kelurahan', code: KA },
    ],
    [
      'asn',
      who('asn', { nip: NIP, kelurahanCode: KA }),
      { kind: 'none' },
      { kind: 'nip', nip: NIP },
      { kind: 'nip', nip: NIP },
    ],
    ['verifikator', who('verifikator'), { kind: 'none' }, { kind: 'personal' }, { kind: 'none' }],
    [
      'hr',
      { ...who('hr'), kind: 'token' as const },
      { kind: 'none' },
      { kind: 'personal' },
      { kind: 'none' },
    ],
    // Missing or blank: nothing, never everything.
    ['camat without kecamatan', who('camat'), { kind: 'none' }, { kind: 'none' }, { kind: 'none' }],
    [
      'camat with a blank one',
      who('camat', { kecamatanCode: ' ' }),
      { kind: 'none' },
      { kind: 'none' },
      { kind: 'none' },
    ],
    [
      'lurah with a kecamatan only',
      who('lurah', { kecamatanCode: A }),
      { kind: 'none' },
      { kind: 'none' },
      { kind: 'none' },
    ],
    [
      'lurah with a blank one',
      who('lurah', { kelurahanCode: '' }),
      { kind: 'none' },
      { kind: 'none' },
      { kind: 'none' },
    ],
    [
      'asn without NIP',
      who('asn', { kecamatanCode: A, kelurahanCode: KA }),
      { kind: 'none' },
      { kind: 'none' },
      { kind: 'none' },
    ],
    ['asn with a blank NIP', who('asn', { nip: '' }), { kind: 'none' }, { kind: 'none' }, { kind: 'none' }],
  ])('%s', (_name, p, office, finding, officer) => {
    expect(officeScope(p)).toEqual(office);
    expect(findingScope(p)).toEqual(finding);
    expect(officerScope(p)).toEqual(officer);
  });

  it('an empty scope holds no office, no finding and no room', () => {
    const none = { kind: 'none' } as const;
    expect(officeInScope(none, { code: KA, kecamatanCode: A })).toBe(false);
    expect(findingInScope(none, { kelurahanCode: KA, kecamatanCode: A, nip: NIP })).toBe(false);
    expect(findingInScope(none, { kelurahanCode: KA, kecamatanCode: A, nip: null })).toBe(false);
    for (const room of [
      { kind: 'city' as const },
      { kind: 'kecamatan' as const, code: A },
      { kind: 'kelurahan' as const, code: KA },
    ])
      expect(roomInScope(none, room, () => A)).toBe(false);
  });

  it('a personal scope holds the findings about people, an ASN’s their own', () => {
    const f = (nip: string | null) => ({ kelurahanCode: KA, kecamatanCode: A, nip });
    expect(findingInScope({ kind: 'personal' }, f(NIP))).toBe(true);
    expect(findingInScope({ kind: 'personal' }, f(null))).toBe(false);
    expect(findingInScope({ kind: 'nip', nip: NIP }, f(NIP))).toBe(true);
    expect(findingInScope({ kind: 'nip', nip: NIP }, f('198102022006022002'))).toBe(false);
    expect(findingInScope({ kind: 'nip', nip: NIP }, f(null))).toBe(false);
  });

  it('a room of an office the registry does not know is in no scope but the city-wide’s rooms', () => {
    expect(roomInScope({ kind: 'city' }, { kind: 'kelurahan', code: '16.71.99.9999' }, () => undefined)).toBe(
      false,
    );
    expect(roomInScope({ kind: 'kelurahan', code: KA }, { kind: 'kecamatan', code: A }, () => A)).toBe(false);
  });
});
