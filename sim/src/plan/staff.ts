import type { Officer, Registry } from '@pkk/core';
import { Rng } from '../random.ts';
import { inventName, type Sex } from './names.ts';

/**
 * The civil servants (ASN) of every office, invented from the seed: NIP, name, position, desk and
 * terminal PIN, plus the personal habits the day plans draw on (how early one usually comes, how
 * often one is late).
 */

export interface SimOfficer {
  nip: string;
  name: string;
  kelurahanCode: string;
  position: string;
  desk: string | null;
  /** User id on the office's attendance terminal: 1..n in roster order. */
  pin: string;
  sex: Sex;
  /** How the officer identifies at the terminal; a person keeps one habit. */
  verify: 'fingerprint' | 'face';
  /** Usual arrival, minutes relative to office start (negative = early). */
  usualArrivalMin: number;
  /** Chance on a given day of arriving late. */
  lateProne: number;
  leadership: boolean;
}

export const LEADERSHIP = [
  'Lurah',
  'Sekretaris Lurah',
  'Kasi Pemerintahan',
  'Kasi Kesejahteraan Sosial',
  'Kasi Ekonomi dan Pembangunan',
  'Kasi Ketentraman dan Ketertiban',
] as const;
/** Staff titles of the 2023 simplified structure (jabatan pelaksana). */
const STAFF_TITLES: readonly (readonly [string, number])[] = [
  ['Staf Pelaksana', 5],
  ['Pengadministrasi Perkantoran', 2],
  ['Operator Layanan Operasional', 2],
  ['Pengolah Data dan Informasi', 1],
  ['Penata Layanan Operasional', 1],
];
/** When a small office has fewer staff than desks, section heads take a desk, in this order. */
const KASI_DESK_ORDER = [
  'Kasi Pemerintahan',
  'Kasi Kesejahteraan Sosial',
  'Kasi Ekonomi dan Pembangunan',
  'Kasi Ketentraman dan Ketertiban',
];

export const MIN_OFFICERS = 8;
export const MAX_OFFICERS = 20;

/** Birth-year range by role: heads of office are older than staff. */
function birthYears(position: string): [number, number] {
  if (position === 'Lurah') return [1968, 1984];
  if (position === 'Sekretaris Lurah') return [1970, 1988];
  if (position.startsWith('Kasi')) return [1970, 1990];
  return [1974, 2000];
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * NIP (Nomor Induk Pegawai, 18 digits): birth date YYYYMMDD, TMT CPNS YYYYMM, sex (1 male, 2 female),
 * serial 001-999. The appointment comes 22-32 years after birth, and not after 2024.
 */
function inventNip(rng: Rng, position: string, sex: Sex, taken: Set<string>): string {
  const [lo, hi] = birthYears(position);
  const year = rng.int(lo, hi);
  const month = rng.int(1, 12);
  const day = rng.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  const tmtYear = Math.min(2024, year + rng.int(22, 32));
  // CPNS appointments cluster at the start of the fiscal year.
  const tmtMonth = rng.weighted<number>([
    [1, 5],
    [2, 2],
    [3, 3],
    [4, 1],
    [12, 1],
    [rng.int(5, 11), 1],
  ]);
  const head = `${year}${pad(month, 2)}${pad(day, 2)}${tmtYear}${pad(tmtMonth, 2)}${sex}`;
  let serial = rng.int(1, 12);
  while (taken.has(`${head}${pad(serial, 3)}`)) serial++;
  const nip = `${head}${pad(serial, 3)}`;
  taken.add(nip);
  return nip;
}

function officeStaff(seed: string, code: string, desks: string[], taken: Set<string>): SimOfficer[] {
  const rng = Rng.from(seed, 'staff', code);
  const count = rng.int(MIN_OFFICERS, MAX_OFFICERS);
  const positions: string[] = [...LEADERSHIP];
  while (positions.length < count) positions.push(rng.weighted(STAFF_TITLES));

  const officers = positions.map((position, i): SimOfficer => {
    const leadership = i < LEADERSHIP.length;
    const sex: Sex = rng.chance(leadership ? 0.35 : 0.55) ? 2 : 1;
    return {
      nip: inventNip(rng, position, sex, taken),
      name: inventName(rng, sex, leadership),
      kelurahanCode: code,
      position,
      desk: null,
      pin: String(i + 1),
      sex,
      verify: rng.chance(0.3) ? 'face' : 'fingerprint',
      usualArrivalMin: Math.max(-40, Math.min(-5, rng.normal(leadership ? -15 : -13, 6))),
      lateProne: Math.min(0.35, rng.exponential(0.06)),
      leadership,
    };
  });

  // Front-desk work goes to staff first, then to section heads.
  const staff = rng.shuffle(officers.filter((o) => !o.leadership));
  const kasi = KASI_DESK_ORDER.map((p) => officers.find((o) => o.position === p)!);
  const queue = [...staff, ...kasi];
  desks.forEach((desk, i) => {
    const o = queue[i];
    if (o) o.desk = desk;
  });
  return officers;
}

/**
 * Every office's roster, in registry order. The whole city is always generated (it is cheap), so an
 * office gets the same people whether it is simulated alone or with the other 106.
 */
export function generateStaff(seed: string, registry: Registry): Map<string, SimOfficer[]> {
  const taken = new Set<string>();
  const out = new Map<string, SimOfficer[]>();
  for (const k of registry.policy.kelurahan) {
    out.set(
      k.code,
      officeStaff(
        seed,
        k.code,
        registry.desksOf(k.code).map((d) => d.code),
        taken,
      ),
    );
  }
  return out;
}

/** The registry record the API takes. */
export function toOfficer(o: SimOfficer): Officer {
  return {
    nip: o.nip,
    name: o.name,
    kelurahanCode: o.kelurahanCode,
    position: o.position,
    desk: o.desk,
    pin: o.pin,
    active: true,
  };
}
