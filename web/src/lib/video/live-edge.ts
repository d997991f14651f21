/** Keeping an MSE buffer near live: how far behind the edge we are, what to trim. Pure, in seconds. */

export interface Range {
  start: number;
  end: number;
}

/** More than this behind the newest buffered frame: jump to it. */
export const MAX_LATENCY_S = 1;
/** Stay this far behind the edge after a jump, so the decoder has something to play. */
export const EDGE_MARGIN_S = 0.15;
/** Buffered media kept behind the playhead. */
export const KEEP_BEHIND_S = 10;

export function bufferedRanges(b: TimeRanges): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < b.length; i++) out.push({ start: b.start(i), end: b.end(i) });
  return out;
}

/** Where to seek, or null to keep playing: behind the edge by more than the max, or outside any range. */
export function liveSeek(ranges: readonly Range[], currentTime: number, max = MAX_LATENCY_S): number | null {
  const last = ranges[ranges.length - 1];
  if (!last) return null;
  const inside = ranges.some((r) => currentTime >= r.start && currentTime <= r.end);
  if (!inside || last.end - currentTime > max) return Math.max(last.start, last.end - EDGE_MARGIN_S);
  return null;
}

/** The span to remove from the SourceBuffer (older than KEEP_BEHIND_S behind the playhead), or null. */
export function trimRange(ranges: readonly Range[], currentTime: number, keep = KEEP_BEHIND_S): Range | null {
  const first = ranges[0];
  if (!first) return null;
  const end = currentTime - keep;
  return end > first.start + 1 ? { start: first.start, end } : null;
}
