import { describe, expect, it } from 'vitest';
import { matchScore, normalize } from './search.ts';

const k35 = {
  code: '16.71.01.1001',
  name: 'Tiga-puluh-lima Ilir',
  nameLegacy: '35 Ilir',
  kecamatanName: 'Ilir Barat Dua',
  kecamatanNameLegacy: 'Ilir Barat II',
};
const k32 = {
  code: '16.71.01.1002',
  name: 'Tiga-puluh-dua Ilir',
  nameLegacy: '32 Ilir',
  kecamatanName: 'Ilir Barat Dua',
  kecamatanNameLegacy: 'Ilir Barat II',
};
const sako = {
  code: '16.71.09.1001',
  name: 'Sako',
  nameLegacy: 'Sako',
  kecamatanName: 'Sako',
  kecamatanNameLegacy: 'Sako',
};

describe('kelurahan search', () => {
  it('normalizes case, hyphens, diacritics and a Kel. prefix', () => {
    expect(normalize('Kel. Tiga-Puluh-Lima  Ilír')).toBe('tiga puluh lima ilir');
  });

  it('finds an office by its legacy name, its 2025 name, or either without spaces', () => {
    for (const q of [
      '35 Ilir',
      '35 ilir',
      '35ilir',
      'kel 35 ilir',
      'Tiga puluh lima',
      'tiga-puluh-lima ilir',
      'tigapuluhlima',
    ]) {
      expect(matchScore(k35, q), q).toBeGreaterThan(1);
      expect(matchScore(k32, q), q).toBe(0);
    }
  });

  it('ranks a name match above a kecamatan match, and matches everything on an empty query', () => {
    expect(matchScore(k35, 'ilir barat')).toBe(1);
    expect(matchScore(sako, 'sako')).toBe(4);
    expect(matchScore(k35, '  ')).toBe(1);
    expect(matchScore(k35, 'zzz')).toBe(0);
  });
});
