import type { Camera, Finding, Severity } from '@pkk/core';

/** Severity rank of a kelurahan's open findings: 0 critical, 1 warning, 2 info; absent when none. */
export type FindingRanks = ReadonlyMap<string, { rank: number; count: number; newest: number }>;

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Open findings folded per kelurahan: the worst severity, how many, and the newest id. */
export function rankFindings(
  findings: readonly Pick<Finding, 'id' | 'severity' | 'subject'>[],
): FindingRanks {
  const out = new Map<string, { rank: number; count: number; newest: number }>();
  for (const f of findings) {
    const code = f.subject.kelurahan;
    const r = SEVERITY_RANK[f.severity];
    const prev = out.get(code);
    out.set(
      code,
      prev
        ? { rank: Math.min(prev.rank, r), count: prev.count + 1, newest: Math.max(prev.newest, f.id) }
        : { rank: r, count: 1, newest: f.id },
    );
  }
  return out;
}

/**
 * The wall's camera order. Normally by kecamatan, kelurahan and camera name. In "follow alerts" mode the
 * cameras of kelurahan with open findings come first (worst severity, then most findings, then the
 * newest), the rest after in the normal order.
 */
export function orderCameras(
  cameras: readonly Camera[],
  opts: { follow: boolean; findings: FindingRanks; nameOf: (code: string) => string },
): Camera[] {
  const byName = (a: Camera, b: Camera) =>
    a.kecamatanCode.localeCompare(b.kecamatanCode) ||
    opts.nameOf(a.kelurahanCode).localeCompare(opts.nameOf(b.kelurahanCode)) ||
    a.kelurahanCode.localeCompare(b.kelurahanCode) ||
    a.name.localeCompare(b.name) ||
    a.id.localeCompare(b.id);
  const list = [...cameras];
  if (!opts.follow) return list.sort(byName);
  return list.sort((a, b) => {
    const fa = opts.findings.get(a.kelurahanCode);
    const fb = opts.findings.get(b.kelurahanCode);
    if (fa && !fb) return -1;
    if (fb && !fa) return 1;
    if (fa && fb) return fa.rank - fb.rank || fb.count - fa.count || fb.newest - fa.newest || byName(a, b);
    return byName(a, b);
  });
}
