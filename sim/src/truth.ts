import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalDate } from '@pkk/core';

/**
 * Ground truth: every deviation the simulator planned (late arrivals, early departures, absences)
 * and every anomaly a scenario injected, one JSON object per line in
 * `${VAR_DIR}/sim/ground-truth-<date>.jsonl`. Detectors are scored against these files.
 */

export type TruthType =
  | 'late_arrival'
  | 'early_departure'
  | 'absent'
  | 'desk_unattended'
  | 'terminal_offline'
  | 'kiosk_offline'
  | 'camera_offline'
  /** A simulated RTSP camera's streams down (device: the camera's name; camera: its number in the office). */
  | 'camera_down'
  | 'clock_skew'
  | 'missing_checkout'
  | 'queue_wait_sla';

export interface TruthEntry {
  type: TruthType;
  kelurahan: string;
  nip?: string;
  desk?: string;
  /** Device name, for device anomalies. */
  device?: string;
  /** For camera_down: the camera's number in its office (1..3), its mounts `/k/<kelurahan>/<n>/main|sub`. */
  camera?: number;
  date: LocalDate;
  /** ISO 8601 with offset. For a late arrival: office start; for an early departure: the departure. */
  from: string;
  /** For a late arrival: the arrival; for an early departure: office end. */
  to?: string;
  /** Minutes late / early / unattended / offline; for clock skew the signed offset (positive = ahead). */
  minutes?: number;
  /** For absences: whether a leave or duty record covers the day. */
  withLeave?: boolean;
  leaveKind?: string;
  /** `plan`: a natural deviation of the day plan; `scenario`: injected by a scenario file. */
  source: 'plan' | 'scenario';
  /**
   * A case just short of a threshold (in within the grace, away under the limit, a blip under the
   * debounce, nobody waiting for the desk): a detector must not flag it.
   */
  nearMiss?: boolean;
  /** Too close to a threshold to call either way (within a minute of it): scored as neither. */
  borderline?: boolean;
  /** When the condition became true, threshold included (desk left alone with citizens waiting). */
  conditionAt?: string;
  ticket?: string;
  service?: string;
  scenario?: string;
  note?: string;
}

export function truthFile(dir: string, date: LocalDate): string {
  return path.join(dir, `ground-truth-${date}.jsonl`);
}

const order = (a: TruthEntry, b: TruthEntry) =>
  a.kelurahan.localeCompare(b.kelurahan) ||
  a.from.localeCompare(b.from) ||
  a.type.localeCompare(b.type) ||
  (a.nip ?? a.desk ?? '').localeCompare(b.nip ?? b.desk ?? '');

/**
 * Writes one day's entries for the offices just simulated, keeping what the file holds for other
 * offices (a run over a subset must not erase the rest). Re-running the same plan rewrites the same
 * lines. Written to a temporary file and renamed, so a reader never sees half a file.
 */
export function writeTruth(
  dir: string,
  date: LocalDate,
  offices: ReadonlySet<string>,
  entries: TruthEntry[],
): string {
  mkdirSync(dir, { recursive: true });
  const file = truthFile(dir, date);
  const kept = existsSync(file) ? readTruth(file).filter((e) => !offices.has(e.kelurahan)) : [];
  const all = [...kept, ...entries].sort(order);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, all.map((e) => JSON.stringify(e)).join('\n') + (all.length ? '\n' : ''));
  renameSync(tmp, file);
  return file;
}

export function readTruth(file: string): TruthEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as TruthEntry);
}
