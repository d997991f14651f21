import type { TppFile } from '../config/tpp.ts';
import { kelasCeilings } from '../tpp/basic.ts';
import { roundRupiah } from '../tpp/rounding.ts';

/**
 * The monthly basic an assignment shows (R1.4): the amount it names, or its kelas ceiling from
 * tpp.yaml (basic × IKFD × IKK × IPPD) in whole rupiah by the run's own rounding, with the ceiling's
 * FOUND/TYPICAL status so that a screen shows an assumed amount as such. Display only: the run prices
 * the exact ceiling.
 */
export function assignmentBasic(
  rules: TppFile,
  kelas: number,
  named: number | null,
): { amount: number | null; from: 'assignment' | 'kelas'; status: 'FOUND' | 'TYPICAL' | null } {
  if (named !== null) return { amount: named, from: 'assignment', status: null };
  const ceiling = kelasCeilings(rules).get(kelas);
  const entry = rules.basic.byKelas[String(kelas)];
  if (!ceiling || !entry) return { amount: null, from: 'kelas', status: null };
  const factors = rules.basic.factors;
  const typical =
    entry.status === 'TYPICAL' ||
    [factors.ikfd, factors.ikk, factors.ippd].some((f) => f.status === 'TYPICAL');
  return {
    amount: Number(roundRupiah(ceiling, rules.rounding.value)),
    from: 'kelas',
    status: typical ? 'TYPICAL' : 'FOUND',
  };
}
