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
  /** The day's only punch was recorded by the terminal as a check-out: the check-in is missing. */
  missingCheckIn: boolean;
}

/**
 * Arrival and departure from the counted punches. Which way a punch goes is read from its place in
 * the day (first in, then out, in …), not from the key the officer pressed: many staff never press
 * one, and a terminal left on its default records every punch as a check-in (protocols.md §1, ADMS
 * `Status`: "treat as unreliable; derive IN/OUT from shift rules (first/last punch)").
 *
 * One exception, where the key carries information: the only punch of the day recorded as a
 * check-out (ADMS status 1 or 5, JSON `direction: "out"`) can only have been pressed on purpose, on
 * the way out, so the officer forgot to check in. That day has a departure and no arrival: a missing
 * check-in, which R3.4 (regional-rules.md: "no check-in / no check-out record = TL4/PSW4") cuts as
 * TL4, and no missing check-out. `outs` holds the punch times recorded as check-outs.
 */
export function attendanceOf(counted: readonly number[], outs?: ReadonlySet<number>): AttendanceOfDay {
  if (counted.length === 1 && outs?.has(counted[0]!))
    return { arrivedAt: null, leftAt: counted[0]!, present: false, missingCheckIn: true };
  const present = counted.length % 2 === 1;
  return {
    arrivedAt: counted[0] ?? null,
    leftAt: counted.length >= 2 && !present ? counted[counted.length - 1]! : null,
    present,
    missingCheckIn: false,
  };
}

/**
 * Whole minutes from `from` to `to` (0 when `to` is not after `from`), counted as the rule sheet
 * counts them: only a completed minute counts. R3.1 ladders are "1-30 minutes, 31-60 …" with the
 * ANRI grace reading "late = check-in after 07:30:59" (R3.10), so 07:30:59 is 0 minutes late,
 * 07:31:00 is 1, and 08:00:59 is still 30 (TL1, S1's "07:31-08:00"); 08:01:00 is 31 (TL2). Early
 * departure counts the same way back from office end: 15:29:30 is 30 minutes before 16:00 (PSW1),
 * 15:29:00 is 31 (PSW2). The one counting of minutes for TL, PSW and the allowance (TPP) that rests
 * on them: never round a part of a minute up.
 */
export function wholeMinutesBetween(from: number, to: number): number {
  return to > from ? Math.floor((to - from) / 60_000) : 0;
}

/**
 * Minutes late (TL), counted from office start once past start + grace (ANRI 18/2016: after
 * 07:30:59). With the 59-second grace the grace and the whole-minute count agree.
 */
export function lateMinutes(arrivedAt: number, hoursStart: number, graceMs: number): number {
  if (arrivedAt <= hoursStart + graceMs) return 0;
  return wholeMinutesBetween(hoursStart, arrivedAt);
}

/** Minutes before office end that an officer left (PSW); 0 when less than a whole minute before it. */
export function earlyMinutes(leftAt: number, hoursEnd: number): number {
  return wholeMinutesBetween(leftAt, hoursEnd);
}
