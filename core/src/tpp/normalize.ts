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

/** A sorted copy; a list of one or none is already in order and is shared, not copied. */
function sorted<T>(xs: readonly T[], cmp: (a: T, b: T) => number): T[] {
  return xs.length < 2 ? (xs as T[]) : [...xs].sort(cmp);
}

export function normalizeOfficer(o: OfficerMonth): OfficerMonth {
  const kinerja = o.kinerja && {
    basis:
      o.kinerja.basis.method === 'realisation'
        ? { ...o.kinerja.basis, targets: sorted(o.kinerja.basis.targets, (a, b) => byText(a.ref, b.ref)) }
        : o.kinerja.basis,
    evidence: sorted(o.kinerja.evidence, (a, b) => byText(a.ref, b.ref)),
  };
  return {
    ...o,
    segments: sorted(o.segments, (a, b) => byText(a.from, b.from) || byText(a.ref, b.ref)),
    kinerja,
    findings: sorted(o.findings, (a, b) => byText(a.date, b.date) || a.id - b.id),
    excused: sorted(o.excused, (a, b) => byText(a.date, b.date)),
    apel: sorted(o.apel, (a, b) => byText(a.date, b.date) || byText(a.ref, b.ref)),
    sanctions: sorted(o.sanctions, (a, b) => byText(a.start, b.start) || byText(a.sk, b.sk)),
  };
}
