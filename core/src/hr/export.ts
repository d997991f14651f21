import type { DeductionKind, TppLine } from '../tpp/line.ts';

/**
 * The month's TPP lines as an HR officer loads them into SIASN / e-Kinerja templates: one row per
 * officer (NIP, name, unit, kelas, basic, kinerja factor, each kind of disiplin cut, hukdis, paid,
 * corrections), in NIP order, whole rupiah as the lines hold them (no rounding here), with the month's
 * audit chain head as the closing line (an outside anchor for `npm run audit:verify`). Pure.
 */
export const DISIPLIN_KINDS = [
  'late_arrival',
  'early_departure',
  'missing_checkin',
  'missing_checkout',
  'absent_no_notice',
  'consecutive_absence',
  'leave',
  'apel',
  'negligence',
  'evidence_late',
] as const satisfies readonly DeductionKind[];

export interface HrExportLine {
  line: TppLine;
  name: string;
}

export interface HrExportCorrection {
  nip: string;
  paidDelta: number;
  reason: string;
}

export interface HrMonthExport {
  month: string;
  header: string[];
  rows: (string | number)[][];
  chainHead: { seq: number; hash: string } | null;
}

export function hrMonthExport(
  month: string,
  lines: readonly HrExportLine[],
  corrections: readonly HrExportCorrection[],
  chainHead: { seq: number; hash: string } | null,
): HrMonthExport {
  const header = [
    'nip',
    'nama',
    'unit',
    'kelas',
    'tpp_basic',
    'faktor_kinerja',
    'potongan_kinerja',
    ...DISIPLIN_KINDS.map((k) => `potongan_${k}`),
    'potongan_hukdis',
    'tpp_dibayar',
    'koreksi',
    'keterangan_koreksi',
  ];
  const byNip = new Map<string, HrExportCorrection[]>();
  for (const c of corrections) byNip.set(c.nip, [...(byNip.get(c.nip) ?? []), c]);
  const rows = [...lines]
    .sort((a, b) => (a.line.nip < b.line.nip ? -1 : a.line.nip > b.line.nip ? 1 : 0))
    .map(({ line, name }) => {
      const sum = (kind: DeductionKind) =>
        line.deductions.filter((d) => d.kind === kind).reduce((s, d) => s + d.amount, 0);
      const last = line.segments[line.segments.length - 1];
      const own = byNip.get(line.nip) ?? [];
      return [
        line.nip,
        name,
        last ? `${last.unit.kind}:${last.unit.code}` : '',
        last ? last.kelas : '',
        line.basic,
        line.kinerja.factor,
        sum('kinerja'),
        ...DISIPLIN_KINDS.map(sum),
        sum('hukdis'),
        line.paid,
        own.reduce((s, c) => s + c.paidDelta, 0),
        own.map((c) => c.reason).join('; '),
      ];
    });
  return { month, header, rows, chainHead };
}

const cell = (v: string | number): string => {
  const s = String(v);
  // Quote what needs it, and neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** RFC 4180 CSV (CRLF), the chain head as a trailing `#` line. */
export function hrMonthCsv(x: HrMonthExport): string {
  const lines = [x.header, ...x.rows].map((r) => r.map(cell).join(','));
  lines.push(
    x.chainHead
      ? `# audit chain head ${x.month}: seq ${x.chainHead.seq} sha256 ${x.chainHead.hash}`
      : `# audit chain head ${x.month}: none recorded`,
  );
  return `${lines.join('\r\n')}\r\n`;
}
