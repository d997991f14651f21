import { ORG_COLUMNS, type JenisJabatan, type Officer, type OrgColumn, type Registry } from '@pkk/core';
import { Rng } from '../random.ts';
import { inventName, type Sex } from './names.ts';
import type { SimOfficer } from './staff.ts';

/**
 * The organisation of the simulated city (issue 19 §1): every officer's kelas, golongan, jenis
 * jabatan, unit and direct superior, from the seed: staff and section heads under the sekretaris
 * kelurahan and the lurah, the lurah under the camat of the kecamatan, the camat under the kota's
 * Sekretaris Daerah. For the demo month one staff member changes class on the 16th (proration) and
 * another carries a sanction from the 1st (hukdis), so the month's TPP exercises both.
 *
 * Camats and the Sekretaris Daerah punch at no kelurahan terminal: they enter the officers registry
 * as inactive officers of the first office of their area (the registry names a kelurahan for every
 * officer), so no attendance finding is ever made about them.
 */

export interface OrgRow {
  nip: string;
  validFrom: string;
  unitKind: 'kelurahan' | 'kecamatan' | 'other';
  unitCode: string;
  jabatan: string;
  jenisJabatan: JenisJabatan;
  kelas: number;
  golongan: string;
  atasan: string | null;
}

export interface OrgPlan {
  /** Camats and the Sekretaris Daerah, for the officers registry. */
  heads: Officer[];
  rows: OrgRow[];
  sanction: { nip: string; sk: string; kind: string; start: string } | null;
}

const STAFF_KELAS: Record<string, number> = {
  'Staf Pelaksana': 5,
  'Pengadministrasi Perkantoran': 5,
  'Operator Layanan Operasional': 5,
  'Pengolah Data dan Informasi': 6,
  'Penata Layanan Operasional': 7,
};
const STAFF_GOLONGAN = ['II/a', 'II/b', 'II/c', 'II/d', 'III/a', 'III/b'];
export const SETDA_UNIT = 'SETDA';

/** An 18-digit NIP for a head of area (born 1966-1976, appointed 24-28 years later), not among `taken`. */
function headNip(rng: Rng, sex: Sex, taken: Set<string>): string {
  const year = rng.int(1966, 1976);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const head = `${year}${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}${year + rng.int(24, 28)}03${sex}`;
  let serial = rng.int(1, 9);
  while (taken.has(`${head}${pad(serial, 3)}`)) serial++;
  const nip = `${head}${pad(serial, 3)}`;
  taken.add(nip);
  return nip;
}

function head(
  seed: string,
  key: string,
  office: string,
  position: string,
  pin: string,
  taken: Set<string>,
): Officer {
  const rng = Rng.from(seed, 'org', key);
  const sex: Sex = rng.chance(0.3) ? 2 : 1;
  return {
    nip: headNip(rng, sex, taken),
    name: inventName(rng, sex, true),
    kelurahanCode: office,
    position,
    desk: null,
    pin,
    active: false,
  };
}

/**
 * The plan for the simulated offices (registry order) in `month` (YYYY-MM): every row starts on the
 * year's first day, the class change on the 16th of the month, the sanction on its 1st.
 */
export function planOrganisation(
  seed: string,
  registry: Registry,
  offices: readonly string[],
  staff: ReadonlyMap<string, readonly SimOfficer[]>,
  month: string,
): OrgPlan {
  const yearStart = `${month.slice(0, 4)}-01-01`;
  const taken = new Set([...staff.values()].flat().map((o) => o.nip));
  const first = offices[0];
  if (!first) return { heads: [], rows: [], sanction: null };
  const setda = head(seed, 'setda', first, 'Sekretaris Daerah', 'setda', taken);
  const rows: OrgRow[] = [
    {
      nip: setda.nip,
      validFrom: yearStart,
      unitKind: 'other',
      unitCode: SETDA_UNIT,
      jabatan: 'Sekretaris Daerah',
      jenisJabatan: 'jpt',
      kelas: 15,
      golongan: 'IV/d',
      atasan: null,
    },
  ];
  const heads: Officer[] = [setda];
  const camats = new Map<string, Officer>();
  for (const code of offices) {
    const kec = registry.get(code)!.kecamatanCode;
    if (camats.has(kec)) continue;
    const name = registry.policy.kecamatan.find((k) => k.code === kec)?.name ?? kec;
    const camat = head(seed, `camat-${kec}`, code, `Camat ${name}`, 'camat', taken);
    camats.set(kec, camat);
    heads.push(camat);
    rows.push({
      nip: camat.nip,
      validFrom: yearStart,
      unitKind: 'kecamatan',
      unitCode: kec,
      jabatan: `Camat ${name}`,
      jenisJabatan: 'administrator',
      kelas: 11,
      golongan: 'IV/a',
      atasan: setda.nip,
    });
  }
  let changed: OrgRow | null = null;
  let sanctioned: string | null = null;
  for (const code of offices) {
    const roster = staff.get(code) ?? [];
    const lurah = roster.find((o) => o.position === 'Lurah')!;
    const sekretaris = roster.find((o) => o.position === 'Sekretaris Lurah')!;
    const rng = Rng.from(seed, 'org', code);
    for (const o of roster) {
      const base = {
        nip: o.nip,
        validFrom: yearStart,
        unitKind: 'kelurahan' as const,
        unitCode: code,
        jabatan: o.position,
      };
      if (o.position === 'Lurah')
        rows.push({
          ...base,
          jenisJabatan: 'pengawas',
          kelas: 9,
          golongan: 'III/d',
          atasan: camats.get(registry.get(code)!.kecamatanCode)!.nip,
        });
      else if (o.position === 'Sekretaris Lurah')
        rows.push({ ...base, jenisJabatan: 'pengawas', kelas: 8, golongan: 'III/c', atasan: lurah.nip });
      else if (o.leadership)
        rows.push({
          ...base,
          jenisJabatan: 'pengawas',
          kelas: 8,
          golongan: rng.pick(['III/b', 'III/c']),
          atasan: lurah.nip,
        });
      else {
        const row: OrgRow = {
          ...base,
          jenisJabatan: 'pelaksana',
          kelas: STAFF_KELAS[o.position] ?? 5,
          golongan: rng.pick(STAFF_GOLONGAN),
          atasan: sekretaris.nip,
        };
        rows.push(row);
        if (code === first && !changed) changed = row;
        else if (code === first && !sanctioned) sanctioned = o.nip;
      }
    }
  }
  if (changed) rows.push({ ...changed, validFrom: `${month}-16`, kelas: changed.kelas + 1 });
  return {
    heads,
    rows,
    sanction: sanctioned
      ? { nip: sanctioned, sk: `800.1.6/DEMO-${month}/BKPSDM`, kind: 'potong_tpp_25_6', start: `${month}-01` }
      : null,
  };
}

/** The plan's rows as the organisation import's CSV (the export's columns). */
export function orgCsv(rows: readonly OrgRow[]): string {
  const record = (r: OrgRow): Record<OrgColumn, string> => ({
    nip: r.nip,
    nama: '',
    berlaku_mulai: r.validFrom,
    berlaku_sampai: '',
    jenis_unit: r.unitKind,
    kode_unit: r.unitCode,
    jabatan: r.jabatan,
    jenis_jabatan: r.jenisJabatan,
    kelas_jabatan: String(r.kelas),
    golongan: r.golongan,
    tpp_dasar: '',
    nip_atasan: r.atasan ?? '',
  });
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [
    ORG_COLUMNS.join(','),
    ...rows.map((r) => ORG_COLUMNS.map((c) => cell(record(r)[c])).join(',')),
  ].join('\n');
}
