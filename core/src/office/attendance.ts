/**
 * The attendance rules every reader of punches shares (the live roster and the detectors): which
 * punches count, when an officer came and went, and how late or early that was.
 */

/** Inserts a punch time into an ascending list, ignoring an exact repeat; returns whether it was new. */
export function insertPunch(list: number[], at: number): boolean {
  // Binary search: punches mostly arrive in order, so the place is usually the end.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] === at) return false;
  list.splice(lo, 0, at);
  return true;
}

/**
 * The punches that count: people press twice, so a punch within `debounceMs` of the last counted one
 * is the same punch. The counted punches alternate in, out, in …
 */
export function countedPunches(sorted: readonly number[], debounceMs: number): number[] {
  const counted: number[] = [];
  for (const at of sorted) {
    const last = counted[counted.length - 1];
    if (last === undefined || at - last >= debounceMs) counted.push(at);
  }
  return counted;
}

export interface AttendanceOfDay {
  arrivedAt: number | null;
  /** The last counted punch when it takes the officer out (an even count of two or more). */
  leftAt: number | null;
  /** An odd count: the officer is in the office. */
  present: boolean;
}

export function attendanceOf(counted: readonly number[]): AttendanceOfDay {
  const present = counted.length % 2 === 1;
  return {
    arrivedAt: counted[0] ?? null,
    leftAt: counted.length >= 2 && !present ? counted[counted.length - 1]! : null,
    present,
  };
}

/** Minutes late, counted from office start, once past start + grace (ANRI 18/2016: after 07:30:59). */
export function lateMinutes(arrivedAt: number, hoursStart: number, graceMs: number): number {
  if (arrivedAt <= hoursStart + graceMs) return 0;
  return Math.ceil((arrivedAt - hoursStart) / 60_000);
}

/** Minutes before office end that an officer left; 0 when at or after the end. */
export function earlyMinutes(leftAt: number, hoursEnd: number): number {
  return leftAt >= hoursEnd ? 0 : Math.ceil((hoursEnd - leftAt) / 60_000);
}
