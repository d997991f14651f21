import type { JenisJabatan, LocalDate } from '@pkk/core';
import type { Db } from '../db/index.ts';

/** An officer's assignment in force on a day (officer_assignments, `valid_to` exclusive). */
export interface AssignmentOn {
  nip: string;
  validFrom: LocalDate;
  validTo: LocalDate | null;
  unitKind: 'kelurahan' | 'kecamatan' | 'other';
  unitCode: string;
  jabatan: string;
  jenisJabatan: JenisJabatan;
  kelasJabatan: number;
  golongan: string;
  tppBasic: number | null;
  atasanNip: string | null;
}

/** The assignment of `nip` in force on `date`, or null when none is recorded for that day. */
export async function assignmentOn(db: Db, nip: string, date: LocalDate): Promise<AssignmentOn | null> {
  const r = await db
    .selectFrom('officer_assignments')
    .selectAll()
    .where('nip', '=', nip)
    .where('valid_from', '<=', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
    .orderBy('valid_from', 'desc')
    .executeTakeFirst();
  if (!r) return null;
  return {
    nip: r.nip,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    unitKind: r.unit_kind,
    unitCode: r.unit_code,
    jabatan: r.jabatan,
    jenisJabatan: r.jenis_jabatan,
    kelasJabatan: r.kelas_jabatan,
    golongan: r.golongan,
    tppBasic: r.tpp_basic,
    atasanNip: r.atasan_nip,
  };
}

/**
 * The direct superior (atasan langsung) of `nip` on `date`: who validates its kinerja evidence and
 * decides its appeals by default. Null when the officer has no assignment that day or heads its chain.
 */
export async function directSuperiorOf(db: Db, nip: string, date: LocalDate): Promise<string | null> {
  return (await assignmentOn(db, nip, date))?.atasanNip ?? null;
}
