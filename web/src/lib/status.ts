import type { KelurahanSummary, OfficeStatus } from '@pkk/core';

/** Statuses from the most to the least in need of attention: the order of lists, legends and counts. */
export const STATUS_ORDER: readonly OfficeStatus[] = ['breach', 'attention', 'offline', 'normal', 'closed'];

const RANK: Record<OfficeStatus, number> = { breach: 0, attention: 1, offline: 2, normal: 3, closed: 4 };

export function statusRank(s: OfficeStatus): number {
  return RANK[s];
}

/** Longest wait in ms at `now`, 0 when nobody waits. */
export function longestWaitMs(s: Pick<KelurahanSummary, 'oldestWaitingSince'>, now: number): number {
  return s.oldestWaitingSince === null ? 0 : Math.max(0, now - s.oldestWaitingSince);
}

/**
 * Orders offices by what needs attention: status first, then the longest wait, then the most citizens
 * waiting, then the fewest staff present against those expected; names break ties.
 */
export function compareByAttention(now: number, nameOf: (code: string) => string) {
  return (a: KelurahanSummary, b: KelurahanSummary): number =>
    statusRank(a.status) - statusRank(b.status) ||
    longestWaitMs(b, now) - longestWaitMs(a, now) ||
    b.waiting - a.waiting ||
    staffGap(b) - staffGap(a) ||
    nameOf(a.code).localeCompare(nameOf(b.code), 'id');
}

function staffGap(s: KelurahanSummary): number {
  return Math.max(0, s.staffExpected - s.staffPresent - s.staffOnLeave);
}

export function countByStatus(items: Iterable<KelurahanSummary>): Record<OfficeStatus, number> {
  const out: Record<OfficeStatus, number> = { breach: 0, attention: 0, offline: 0, normal: 0, closed: 0 };
  for (const s of items) out[s.status]++;
  return out;
}
