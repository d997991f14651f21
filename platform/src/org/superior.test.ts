import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../testing/context.ts';
import { assignmentOn, directSuperiorOf } from './superior.ts';

let ctx: Awaited<ReturnType<typeof testContext>>;
const K = '16.71.01.1001';
beforeAll(async () => {
  ctx = await testContext();
  await ctx.db
    .insertInto('kecamatan')
    .values({ code: '16.71.01', name: 'Ilir Barat II', name_legacy: 'IB II' })
    .execute();
  await ctx.db
    .insertInto('kelurahan')
    .values({ code: K, kecamatan_code: '16.71.01', name: 'Kel A', name_legacy: 'Kel A' })
    .execute();
  await ctx.db
    .insertInto('officers')
    .values([
      { nip: '197001011990031001', name: 'Lurah A', kelurahan_code: K, position: 'Lurah', pin: '1' },
      { nip: '197501011995031002', name: 'Lurah B', kelurahan_code: K, position: 'Lurah', pin: '2' },
      { nip: '199001012015031003', name: 'Staf', kelurahan_code: K, position: 'Staf', pin: '3' },
    ])
    .execute();
  const base = {
    nip: '199001012015031003',
    unit_kind: 'kelurahan' as const,
    unit_code: K,
    jabatan: 'Pengadministrasi Umum',
    jenis_jabatan: 'pelaksana' as const,
    golongan: 'II/c',
    recorded_by: 'test',
  };
  await ctx.db
    .insertInto('officer_assignments')
    .values([
      {
        ...base,
        valid_from: '2026-01-01',
        valid_to: '2026-11-16',
        kelas_jabatan: 5,
        atasan_nip: '197001011990031001',
      },
      {
        ...base,
        valid_from: '2026-11-16',
        valid_to: null,
        kelas_jabatan: 6,
        atasan_nip: '197501011995031002',
      },
    ])
    .execute();
});
afterAll(() => ctx.dispose());

describe('the direct superior over time', () => {
  it('is the one of the row in force that day, the end date exclusive', async () => {
    expect(await directSuperiorOf(ctx.db, '199001012015031003', '2026-11-15')).toBe('197001011990031001');
    expect(await directSuperiorOf(ctx.db, '199001012015031003', '2026-11-16')).toBe('197501011995031002');
    expect((await assignmentOn(ctx.db, '199001012015031003', '2026-12-31'))?.kelasJabatan).toBe(6);
  });

  it('is nobody before the first row, for the top of a chain, or for an unknown officer', async () => {
    expect(await directSuperiorOf(ctx.db, '199001012015031003', '2025-12-31')).toBeNull();
    expect(await directSuperiorOf(ctx.db, '197001011990031001', '2026-11-15')).toBeNull();
    expect(await directSuperiorOf(ctx.db, '000', '2026-11-15')).toBeNull();
  });

  it('refuses a row that names its officer as its own superior, or ends before it starts', async () => {
    const row = {
      nip: '197001011990031001',
      unit_kind: 'kelurahan' as const,
      unit_code: K,
      jabatan: 'Lurah',
      jenis_jabatan: 'pengawas' as const,
      kelas_jabatan: 9,
      golongan: 'III/d',
      recorded_by: 'test',
    };
    await expect(
      ctx.db
        .insertInto('officer_assignments')
        .values({ ...row, valid_from: '2026-01-01', atasan_nip: row.nip })
        .execute(),
    ).rejects.toThrow(/check/);
    await expect(
      ctx.db
        .insertInto('officer_assignments')
        .values({ ...row, valid_from: '2026-02-01', valid_to: '2026-01-01' })
        .execute(),
    ).rejects.toThrow(/check/);
  });
});
