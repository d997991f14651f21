import { describe, expect, it } from 'vitest';
import type { Me } from '@pkk/core';
import { homeFor, inScope, navFor, scopeOf } from './scope.ts';

const me = (over: Partial<Me>): Me => ({
  id: 1,
  username: 'u',
  displayName: 'U',
  role: 'walikota',
  kecamatanCode: null,
  kelurahanCode: null,
  nip: null,
  ...over,
});

describe('scope by role', () => {
  it('sends each role to its screen', () => {
    expect(homeFor(me({ role: 'walikota' }))).toBe('/');
    expect(homeFor(me({ role: 'operator' }))).toBe('/wall');
    expect(homeFor(me({ role: 'admin' }))).toBe('/wall');
    expect(homeFor(me({ role: 'camat', kecamatanCode: '16.71.01' }))).toBe('/');
    expect(homeFor(me({ role: 'lurah', kecamatanCode: '16.71.01', kelurahanCode: '16.71.01.1001' }))).toBe(
      '/kelurahan/16.71.01.1001',
    );
    // An ASN without a NIP on their account has nothing to see; with one, the findings about them.
    expect(homeFor(me({ role: 'asn' }))).toBe('/unavailable');
    // HR (BKPSDM) lands on the TPP of the month.
    expect(homeFor(me({ role: 'hr' }))).toBe('/tpp');
    expect(homeFor(me({ role: 'asn', nip: '198001012005011001' }))).toBe('/appeals');
    expect(homeFor(me({ role: 'verifikator' }))).toBe('/appeals');
  });

  it('watches the city, a kecamatan or a kelurahan room, and nothing for other roles', () => {
    expect(scopeOf(me({ role: 'operator' }))?.room).toBe('city');
    const camat = scopeOf(me({ role: 'camat', kecamatanCode: '16.71.01' }))!;
    expect(camat.room).toBe('kecamatan:16.71.01');
    expect(inScope(camat, { code: '16.71.01.1003', kecamatanCode: '16.71.01' })).toBe(true);
    expect(inScope(camat, { code: '16.71.02.1001', kecamatanCode: '16.71.02' })).toBe(false);
    expect(scopeOf(me({ role: 'lurah', kelurahanCode: '16.71.01.1001' }))?.room).toBe(
      'kelurahan:16.71.01.1001',
    );
    expect(scopeOf(me({ role: 'hr' }))).toBeNull();
    expect(navFor(me({ role: 'asn' }))).toEqual([]);
    expect(navFor(me({ role: 'asn', nip: '198001012005011001' }))).toEqual([
      { key: 'myMonth', to: '/bulan-saya' },
      { key: 'verification', to: '/verifikasi' },
      { key: 'appeals', to: '/appeals' },
      { key: 'tpp', to: '/tpp' },
    ]);
    expect(navFor(me({ role: 'verifikator' }))).toEqual([
      { key: 'verification', to: '/verifikasi' },
      { key: 'appeals', to: '/appeals' },
      { key: 'tpp', to: '/tpp' },
      { key: 'audit', to: '/audit' },
    ]);
    expect(navFor(me({ role: 'hr' }))).toEqual([{ key: 'tpp', to: '/tpp' }]);
  });

  it('gives every watcher the video wall and only operators and admins the camera screen', () => {
    const keys = (m: Me) => navFor(m).map((n) => n.key);
    expect(keys(me({ role: 'walikota' }))).toEqual([
      'home',
      'inbox',
      'silences',
      'tpp',
      'organisation',
      'wall',
      'videoWall',
    ]);
    // Operators keep the registry but not the organisation (kelas, golongan, TPP): no link.
    expect(keys(me({ role: 'operator' }))).toEqual([
      'home',
      'inbox',
      'silences',
      'wall',
      'videoWall',
      'cameras',
    ]);
    expect(keys(me({ role: 'admin' }))).toContain('cameras');
    expect(keys(me({ role: 'camat', kecamatanCode: '16.71.01' }))).not.toContain('cameras');
    expect(keys(me({ role: 'lurah', kelurahanCode: '16.71.01.1001' }))).toEqual([
      'myKelurahan',
      'inbox',
      'silences',
      'appeals',
      'tpp',
      'organisation',
      'wall',
      'videoWall',
    ]);
    // A camat without their kecamatan on the account gets no organisation link (fail closed).
    expect(keys(me({ role: 'camat' }))).not.toContain('organisation');
  });
});
