import { byText } from './draft.ts';
import type { OfficerMonth, TppMonthInput } from './inputs.ts';

/**
 * The canonical order of a month's inputs: officers by NIP, and inside each officer every list by its
 * natural key. The run works on this order, so inputs in any order give the same bytes, and a stored
 * copy of the inputs (normalised) hashes the same however it was gathered.
 */
export function normalizeTppInput(input: TppMonthInput): TppMonthInput {
  return {
    month: input.month,
    workingDays: [...new Set(input.workingDays)].sort(byText),
    officers: input.officers.map(normalizeOfficer).sort((a, b) => byText(a.nip, b.nip)),
  };
}

export function normalizeOfficer(o: OfficerMonth): OfficerMonth {
  const kinerja = o.kinerja && {
    basis:
      o.kinerja.basis.method === 'realisation'
        ? { ...o.kinerja.basis, targets: [...o.kinerja.basis.targets].sort((a, b) => byText(a.ref, b.ref)) }
        : o.kinerja.basis,
    evidence: [...o.kinerja.evidence].sort((a, b) => byText(a.ref, b.ref)),
  };
  return {
    ...o,
    segments: [...o.segments].sort((a, b) => byText(a.from, b.from) || byText(a.ref, b.ref)),
    kinerja,
    findings: [...o.findings].sort((a, b) => byText(a.date, b.date) || a.id - b.id),
    excused: [...o.excused].sort((a, b) => byText(a.date, b.date)),
    apel: [...o.apel].sort((a, b) => byText(a.date, b.date) || byText(a.ref, b.ref)),
    sanctions: [...o.sanctions].sort((a, b) => byText(a.start, b.start) || byText(a.sk, b.sk)),
  };
}
