import type { KinerjaFile, Predikat, Rating } from '../config/kinerja.ts';

/** R2.1: the month's predikat from the superior's ratings of hasil kerja and perilaku kerja (S11 matrix). */
export function predikatOf(rules: KinerjaFile, hasilKerja: Rating, perilaku: Rating): Predikat {
  return rules.matrix.value[hasilKerja][perilaku];
}

/** R2.2: the share of the kinerja component a predikat earns, in basis points. */
export function ladderBp(rules: KinerjaFile, p: Predikat): number {
  return rules.ladder[p].value;
}
