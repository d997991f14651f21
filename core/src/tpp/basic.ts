import type { TppFile } from '../config/tpp.ts';
import { TppInputError } from './errors.ts';
import type { AssignmentSegment } from './inputs.ts';
import type { LineSegment } from './line.ts';
import { Ratio } from './ratio.ts';

/**
 * The basic of a month (R1.4, prorated): each assignment segment inside the month is paid its monthly
 * amount (the kelas ceiling, basic(kelas) × IKFD × IKK × IPPD, or the amount the assignment names) ×
 * its working days / the month's working days. A month with a class change is two segments; days in
 * no segment (before joining) earn nothing.
 */
export interface BasicStep {
  basic: Ratio;
  /** The segments inside the month, as the line shows them. */
  segments: LineSegment[];
}

/** basic(kelas) × IKFD × IKK × IPPD, per kelas, read once per run. */
export function kelasCeilings(rules: TppFile): Map<number, Ratio> {
  const f = rules.basic.factors;
  const index = Ratio.parse(f.ikfd.value).mul(Ratio.parse(f.ikk.value)).mul(Ratio.parse(f.ippd.value));
  return new Map(
    Object.entries(rules.basic.byKelas).map(([k, v]) => [Number(k), Ratio.of(v.value).mul(index).reduce()]),
  );
}

export function basicStep(
  ceilings: ReadonlyMap<number, Ratio>,
  nip: string,
  bounds: { first: string; last: string },
  segments: readonly AssignmentSegment[],
  workingDays: readonly string[],
): BasicStep {
  const { first, last } = bounds;
  const W = Ratio.of(workingDays.length);
  const out: LineSegment[] = [];
  let basic = Ratio.ZERO;
  for (const s of segments) {
    const from = s.from < first ? first : s.from;
    const to = s.to === null || s.to > last ? last : s.to;
    if (from > to) continue;
    let days = 0;
    for (const d of workingDays) if (d >= from && d <= to) days++;
    let monthly: Ratio;
    if (s.basicOverride !== null) {
      monthly = Ratio.of(s.basicOverride);
    } else {
      const c = ceilings.get(s.kelas);
      if (!c)
        throw new TppInputError(
          nip,
          `segments[ref=${s.ref}].kelas`,
          `kelas ${s.kelas} has no basic in tpp.yaml`,
        );
      monthly = c;
    }
    const share = monthly.mul(Ratio.of(days)).div(W);
    basic = basic.add(share);
    out.push({
      ref: s.ref,
      from,
      to,
      kelas: s.kelas,
      golongan: s.golongan,
      jenisJabatan: s.jenisJabatan,
      unit: s.unit,
      superior: s.superior,
      basicOverride: s.basicOverride,
      workingDays: days,
      monthly: monthly.toString(),
      monthlyFrom: s.basicOverride === null ? 'kelas' : 'override',
      share: share.toString(),
    });
  }
  return { basic: basic.reduce(), segments: out };
}
