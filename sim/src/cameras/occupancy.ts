import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { epochAt, type LocalDate } from '@pkk/core';
import type { Interval } from '../plan/types.ts';
import { isoInZone } from '../time.ts';

/**
 * Ground truth of what the desk cameras show: for every desk a desk camera covers, the whole day cut
 * into occupied and empty intervals (occupied: its officer, or whoever covers it, sits at it; the
 * camera draws a person there), one JSON object per line in
 * `${VAR_DIR}/sim/desk-occupancy-<date>.jsonl`. A detector judging the desk zones is scored
 * against these. Kept apart from ground-truth-<date>.jsonl, whose entries are anomalies to find.
 */

export interface OccupancyEntry {
  kelurahan: string;
  desk: string;
  /** The desk camera's number in its office (its mounts `/k/<kelurahan>/<n>/main|sub`). */
  camera: number;
  date: LocalDate;
  state: 'occupied' | 'empty';
  /** ISO 8601 with offset; `to` is exclusive. The intervals of a desk tile its day. */
  from: string;
  to: string;
}

/** Whether `at` lies in one of the intervals (each `[from, to)`). */
export function occupiedAt(spans: readonly Interval[] | undefined, at: number): boolean {
  return !!spans?.some((s) => at >= s.from && at < s.to);
}

/**
 * The day of one desk as alternating empty and occupied intervals from 00:00 to 24:00 local time;
 * overlapping or touching occupied spans merge, spans outside the day are cut to it.
 */
export function deskDay(
  date: LocalDate,
  zone: string,
  spans: readonly Interval[],
): { state: 'occupied' | 'empty'; from: number; to: number }[] {
  const dayFrom = epochAt(date, '00:00', zone);
  const dayTo = dayFrom + 86_400_000;
  const merged: Interval[] = [];
  for (const s of [...spans].sort((a, b) => a.from - b.from)) {
    const from = Math.max(dayFrom, s.from);
    const to = Math.min(dayTo, s.to);
    if (to <= from) continue;
    const last = merged.at(-1);
    if (last && from <= last.to) last.to = Math.max(last.to, to);
    else merged.push({ from, to });
  }
  const out: { state: 'occupied' | 'empty'; from: number; to: number }[] = [];
  let t = dayFrom;
  for (const m of merged) {
    if (m.from > t) out.push({ state: 'empty', from: t, to: m.from });
    out.push({ state: 'occupied', from: m.from, to: m.to });
    t = m.to;
  }
  if (t < dayTo) out.push({ state: 'empty', from: t, to: dayTo });
  return out;
}

export function occupancyEntries(
  kelurahan: string,
  camera: number,
  desks: readonly string[],
  date: LocalDate,
  zone: string,
  attended: ReadonlyMap<string, Interval[]>,
): OccupancyEntry[] {
  return desks.flatMap((desk) =>
    deskDay(date, zone, attended.get(desk) ?? []).map((i) => ({
      kelurahan,
      desk,
      camera,
      date,
      state: i.state,
      from: isoInZone(i.from, zone),
      to: isoInZone(i.to, zone),
    })),
  );
}

export function occupancyFile(dir: string, date: LocalDate): string {
  return path.join(dir, `desk-occupancy-${date}.jsonl`);
}

/** Writes one day's entries for the offices given, keeping other offices' lines (as writeTruth does). */
export function writeOccupancy(
  dir: string,
  date: LocalDate,
  offices: ReadonlySet<string>,
  entries: OccupancyEntry[],
): string {
  mkdirSync(dir, { recursive: true });
  const file = occupancyFile(dir, date);
  const kept = existsSync(file) ? readOccupancy(file).filter((e) => !offices.has(e.kelurahan)) : [];
  const all = [...kept, ...entries].sort(
    (a, b) =>
      a.kelurahan.localeCompare(b.kelurahan) || a.desk.localeCompare(b.desk) || a.from.localeCompare(b.from),
  );
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, all.map((e) => JSON.stringify(e)).join('\n') + (all.length ? '\n' : ''));
  renameSync(tmp, file);
  return file;
}

export function readOccupancy(file: string): OccupancyEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as OccupancyEntry);
}
