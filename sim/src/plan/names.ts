import type { Rng } from '../random.ts';

/**
 * Invented names in the shape of a Palembang civil-service roster: a given name, often a second
 * name, sometimes a family name, sometimes a Palembang noble title (Kemas, Kiagus, Masagus, Raden,
 * Nyimas, Nyayu) and an academic degree. Combinations are drawn at random; they name nobody real.
 */

const MUSLIM_MALE = [
  'Ahmad',
  'Muhammad',
  'Rizky',
  'Fajar',
  'Hendra',
  'Agus',
  'Dedi',
  'Rahmat',
  'Syahrul',
  'Ferry',
  'Irwan',
  'Hasan',
  'Zainal',
  'Firdaus',
  'Arief',
  'Taufik',
  'Iqbal',
  'Ridwan',
  'Sofyan',
  'Yusuf',
  'Hamdan',
  'Rudi',
  'Amir',
  'Zulkifli',
  'Fauzan',
  'Hafiz',
  'Ilham',
  'Bayu',
  'Anwar',
  'Abdullah',
  'Harun',
  'Yudi',
  'Doni',
  'Eko',
  'Heri',
  'Mukhlis',
];
const MUSLIM_FEMALE = [
  'Siti',
  'Nurul',
  'Dewi',
  'Rina',
  'Yuli',
  'Fitri',
  'Ayu',
  'Sri',
  'Wulan',
  'Indah',
  'Rahma',
  'Novita',
  'Eka',
  'Mega',
  'Putri',
  'Ratna',
  'Desi',
  'Maya',
  'Anisa',
  'Nurhayati',
  'Fatimah',
  'Aisyah',
  'Zahra',
  'Lia',
  'Yanti',
  'Erna',
  'Rosmala',
  'Hasanah',
  'Nadia',
  'Intan',
  'Dian',
  'Lestari',
  'Kartika',
  'Safitri',
];
const OTHER_MALE = [
  'Yohanes',
  'Stefanus',
  'Paulus',
  'Yosef',
  'Fransiskus',
  'Lukas',
  'Markus',
  'Hendrik',
  'Gunawan',
  'Budiman',
  'Made',
  'Ketut',
];
const OTHER_FEMALE = [
  'Maria',
  'Kristina',
  'Agnes',
  'Theresia',
  'Veronika',
  'Yuliana',
  'Debora',
  'Elisabet',
  'Lily',
  'Meilani',
  'Luh',
  'Komang',
];

const SECOND_MALE = [
  'Saputra',
  'Pratama',
  'Hidayat',
  'Syahputra',
  'Setiawan',
  'Kurniawan',
  'Ramadhan',
  'Firmansyah',
  'Wijaya',
  'Prasetyo',
  'Hakim',
  'Fadli',
  'Akbar',
  'Nugraha',
];
const SECOND_FEMALE = [
  'Sari',
  'Wati',
  'Lestari',
  'Fadillah',
  'Puspita',
  'Rahayu',
  'Anggraini',
  'Oktaviani',
  'Permata',
  'Handayani',
  'Maharani',
  'Utami',
  'Novianti',
];
/** Family names found across South Sumatra's mixed population (Malay, Batak, Javanese, Chinese-Indonesian). */
const FAMILY = [
  'Harahap',
  'Siregar',
  'Nasution',
  'Lubis',
  'Simanjuntak',
  'Sitompul',
  'Santoso',
  'Wibowo',
  'Gunadi',
  'Tanjaya',
  'Halim',
  'Hutapea',
  'Pane',
  'Daulay',
];

const TITLE_MALE = ['Kms.', 'Kgs.', 'Mgs.', 'R.'];
const TITLE_FEMALE = ['Nyimas', 'Nyayu', 'Nyi. R.'];
const DEGREES_LEAD = ['S.STP', 'S.Sos', 'S.IP', 'S.H', 'S.E', 'S.STP, M.Si', 'S.Sos, M.Si', 'S.IP, M.AP'];
const DEGREES_STAFF = ['S.E', 'S.Kom', 'S.AP', 'A.Md', 'S.Sos', 'S.Pd'];

export type Sex = 1 | 2;

export function inventName(rng: Rng, sex: Sex, leadership: boolean): string {
  const muslim = rng.chance(0.85);
  const given = muslim
    ? rng.pick(sex === 1 ? MUSLIM_MALE : MUSLIM_FEMALE)
    : rng.pick(sex === 1 ? OTHER_MALE : OTHER_FEMALE);
  const parts: string[] = [];
  if (muslim && rng.chance(0.12)) parts.push(rng.pick(sex === 1 ? TITLE_MALE : TITLE_FEMALE));
  parts.push(given);
  if (rng.chance(0.8)) parts.push(rng.pick(sex === 1 ? SECOND_MALE : SECOND_FEMALE));
  if (!muslim ? rng.chance(0.7) : rng.chance(0.08)) parts.push(rng.pick(FAMILY));
  let name = parts.join(' ');
  const degree = leadership
    ? rng.chance(0.9) && rng.pick(DEGREES_LEAD)
    : rng.chance(0.45) && rng.pick(DEGREES_STAFF);
  if (degree) name += `, ${degree}`;
  return name;
}
