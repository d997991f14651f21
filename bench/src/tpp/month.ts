import type { OfficerMonth, StandingFinding, TppMonthInput } from '@pkk/core';

/**
 * A synthetic month for the TPP bench, the same every time (a seeded generator): officers of 107
 * kelurahan offices and their superiors, about six standing findings each (TL/PSW tiers, missing
 * check-outs, absences, a few carried from the month before), monthly targets with evidence (some
 * late), leave, the odd class change mid-month, sanction and gate that did not pass.
 */
export function syntheticMonth(
  officers: number,
  findingsPerOfficer: number,
  workingDays: string[],
  seed = 19,
): TppMonthInput {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const month = workingDays[0]!.slice(0, 7);
  const nipOf = (i: number) => `19${String(800000000000000 + i).padStart(16, '0')}`;
  let findingId = 1;
  const list: OfficerMonth[] = [];
  for (let i = 0; i < officers; i++) {
    // Every 10th officer is the lurah of the nine before: their superior, validator and case owner.
    const lurah = nipOf(i - (i % 10) + 9);
    const isLurah = i % 10 === 9;
    const kelas = isLurah ? 9 : 5 + Math.floor(rand() * 4);
    const segment = {
      ref: `asg-${i}`,
      from: '2025-01-01',
      to: null,
      kelas,
      golongan: isLurah ? 'III/d' : 'III/a',
      jenisJabatan: isLurah ? ('pengawas' as const) : ('pelaksana' as const),
      unit: {
        kind: 'kelurahan' as const,
        code: `16.71.${String(1 + Math.floor(i / 560)).padStart(2, '0')}.${String(1001 + (Math.floor(i / 10) % 56))}`,
      },
      superior: isLurah ? null : lurah,
      basicOverride: null,
    };
    const change = rand() < 0.05 ? pick(workingDays.slice(5, -5)) : null;
    const segments = change
      ? [
          { ...segment, to: prevDay(change) },
          { ...segment, ref: `asg-${i}-b`, from: change, kelas: Math.min(17, kelas + 1) },
        ]
      : [segment];
    const count = Math.max(0, Math.round(findingsPerOfficer + (rand() - 0.5) * 6));
    const days = new Set<string>();
    const findings: StandingFinding[] = [];
    for (let k = 0; k < count; k++) {
      const r = rand();
      const date = rand() < 0.03 ? `${prevMonth(month)}-28` : pick(workingDays);
      const id = findingId++;
      const base = { id, digest: `sha256:${id.toString(16).padStart(12, '0')}`, date };
      if (r < 0.45)
        findings.push({
          ...base,
          kind: 'late_arrival',
          tier: `TL${1 + Math.floor(rand() * 4)}`,
          minutes: 1 + Math.floor(rand() * 120),
        });
      else if (r < 0.75)
        findings.push({
          ...base,
          kind: 'early_departure',
          tier: `PSW${1 + Math.floor(rand() * 4)}`,
          minutes: 1 + Math.floor(rand() * 120),
        });
      else if (r < 0.9) findings.push({ ...base, kind: 'missing_checkout', tier: null, minutes: null });
      else if (!days.has(date)) {
        days.add(date);
        findings.push({ ...base, kind: 'absent_no_notice', tier: null, minutes: null });
      }
    }
    const excused =
      rand() < 0.2
        ? [
            {
              date: pick(workingDays),
              leave: pick(['cuti_tahunan', 'sakit', 'dinas_luar'] as const),
              ref: `lv-${i}`,
            },
          ]
        : [];
    const evidence = Array.from({ length: 4 }, (_, k) => ({
      ref: `rhk-${i}-${k}`,
      weight: 1 + (k % 2),
      late: rand() < 0.1 ? { findingId: findingId++, digest: `sha256:late-${i}-${k}` } : null,
    }));
    const r = rand();
    const ratings = ['di_atas', 'sesuai', 'sesuai', 'sesuai', 'di_bawah'] as const;
    list.push({
      nip: nipOf(i),
      segments,
      kinerja:
        r < 0.02
          ? null
          : {
              basis: {
                method: 'matrix',
                hasilKerja: pick(ratings),
                perilaku: pick(ratings),
                ratedBy: isLurah ? null : lurah,
                ref: `eval-${i}`,
              },
              evidence,
            },
      findings,
      excused,
      apel: [],
      sanctions:
        rand() < 0.01
          ? [{ sk: `800/${i}/BKPSDM/2026`, kind: 'potong_tpp_25_6', start: `${month}-01`, months: null }]
          : [],
      gate: { submitted: rand() > 0.02, validated: rand() > 0.03, validator: null, verified: true },
      yearToDate: { absenceDays: Math.floor(rand() * 12), latenessMinutes: Math.floor(rand() * 600) },
    });
  }
  return { month, workingDays, officers: list };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function prevDay(date: string): string {
  const t = new Date(`${date}T00:00:00Z`).getTime() - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function prevMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
