import type { Finding, KelurahanSummary, OfficeStatus, Severity } from '@pkk/core';

/**
 * Open findings count on the wall: an office with an open critical finding shows breach, with an
 * open warning attention. Info findings (a few minutes late) leave the colour alone, as they stay
 * out of the ticker. An office offline or closed keeps that status: the wall says first that it
 * cannot see it, or that it is not open.
 */
const LEVEL: Partial<Record<Severity, 'breach' | 'attention'>> = { critical: 'breach', warning: 'attention' };
const RAISES: Readonly<Record<OfficeStatus, number>> = {
  normal: 0,
  attention: 1,
  breach: 2,
  offline: -1,
  closed: -1,
};

export interface OfficeFindings {
  /** The status the office's open findings call for, if any. */
  status: 'breach' | 'attention' | null;
  open: number;
  critical: number;
}

/** Open findings per office (only the open ones count; a list may hold resolved ones). */
export function findingsByOffice(findings: readonly Finding[]): ReadonlyMap<string, OfficeFindings> {
  const out = new Map<string, OfficeFindings>();
  for (const f of findings) {
    if (f.state !== 'open') continue;
    const code = f.subject.kelurahan;
    const o = out.get(code) ?? { status: null, open: 0, critical: 0 };
    o.open++;
    if (f.severity === 'critical') o.critical++;
    const level = LEVEL[f.severity];
    if (level === 'breach' || (level === 'attention' && o.status === null)) o.status = level;
    out.set(code, o);
  }
  return out;
}

/** The live status raised by the office's open findings; offline and closed stay as they are. */
export function statusWithFindings(live: OfficeStatus, f: OfficeFindings | undefined): OfficeStatus {
  if (!f?.status || RAISES[live] < 0) return live;
  return RAISES[f.status] > RAISES[live] ? f.status : live;
}

/** The colour one open finding gives its office (the ticker's dot), over its live status when known. */
export function statusWithFinding(live: OfficeStatus | undefined, severity: Severity): OfficeStatus {
  const level = LEVEL[severity] ?? null;
  return statusWithFindings(live ?? level ?? 'normal', {
    status: level,
    open: 1,
    critical: severity === 'critical' ? 1 : 0,
  });
}

/** Every summary with its status raised by its office's findings; unchanged summaries keep their identity. */
export function summariesWithFindings(
  items: ReadonlyMap<string, KelurahanSummary>,
  byOffice: ReadonlyMap<string, OfficeFindings>,
): ReadonlyMap<string, KelurahanSummary> {
  if (!byOffice.size) return items;
  const out = new Map(items);
  for (const [code, f] of byOffice) {
    const s = items.get(code);
    if (!s) continue;
    const status = statusWithFindings(s.status, f);
    if (status !== s.status) out.set(code, { ...s, status });
  }
  return out;
}
