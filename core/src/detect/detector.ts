import type { DetectionFile, Severity, Tier } from '../config/detection.ts';
import type { ThresholdsFile } from '../config/schema.ts';
import type { DeviceKind } from '../schemas/live.ts';
import { offlineLimitMs } from '../live/status.ts';
import type {
  Detection,
  FindingEvidence,
  FindingKind,
  FindingNature,
  FindingSubject,
} from '../schemas/findings.ts';
import type { OfficeFacts } from './facts.ts';
import { fingerprintOf } from './fingerprint.ts';

export interface DetectConfig {
  detection: DetectionFile;
  thresholds: ThresholdsFile;
  /**
   * Simulated ms per real ms. Devices report on real timers, so a device's silence is judged in real
   * time, stretched by the speed of a simulated demo clock (as live state does). 1 in production.
   */
  clockSpeed?: number;
}

export interface DetectInput {
  facts: OfficeFacts;
  now: number;
  config: DetectConfig;
}

/**
 * A detector: pure, the facts of one office-day and the moment in, what holds now out. It reports
 * every finding that holds at `now`, every time: storing them (open, update, resolve) is the
 * caller's, so a detector keeps no state between passes. `null`: it cannot judge at this moment (an
 * early departure before office end, an absence while the terminal is silent), so what it said
 * before stands.
 */
export interface Detector {
  kind: FindingKind;
  nature: FindingNature;
  personal: boolean;
  detect(x: DetectInput): Detection[] | null;
}

export interface DetectionParts {
  /** Identity beyond the office: the person, desk, device, ticket, hour. */
  subject: Omit<FindingSubject, 'kelurahan' | 'kecamatan'>;
  from: number;
  to?: number | null;
  severity: Severity;
  confidence: number;
  evidence: FindingEvidence;
  /** Labels to route and inhibit by that are not part of the identity (a device's kind). */
  labels?: Record<string, string>;
}

/** Builds a detection: its labels and its fingerprint from the kind, the office and the subject. */
export function makeDetection(
  d: Pick<Detector, 'kind' | 'nature' | 'personal'>,
  facts: OfficeFacts,
  p: DetectionParts,
): Detection {
  const subject: FindingSubject = {
    kelurahan: facts.setup.code,
    kecamatan: facts.setup.kecamatanCode,
    ...p.subject,
  };
  const identity: Record<string, string> = {
    alertname: d.kind,
    kelurahan: subject.kelurahan,
    kecamatan: subject.kecamatan,
  };
  for (const [k, v] of Object.entries(p.subject)) if (v !== undefined) identity[k] = v;
  // An occurrence is one per day; a condition is one while it lasts, whatever the day.
  if (d.nature === 'occurrence') identity.date = facts.day.date;
  return {
    kind: d.kind,
    nature: d.nature,
    personal: d.personal,
    fingerprint: fingerprintOf(identity),
    labels: { ...p.labels, ...identity, severity: p.severity },
    subject,
    date: facts.day.date,
    from: p.from,
    to: p.to ?? null,
    severity: p.severity,
    confidence: Math.round(p.confidence * 100) / 100,
    evidence: p.evidence,
  };
}

/**
 * Whether every device of a kind at the office is heard from: while one is silent its data is stale
 * (devices keep what happens and upload it when back), so what rests on it cannot be judged.
 */
export function feedsCurrent(x: DetectInput, kind: DeviceKind): boolean {
  const limit = offlineLimitMs(x.config.thresholds, x.config.clockSpeed);
  return x.facts.devices.every(
    (d) => d.kind !== kind || (d.lastSeenAt !== null && x.now - d.lastSeenAt <= limit),
  );
}

/** The rung of a TL/PSW ladder that a number of minutes falls on. */
export function tierOf(tiers: readonly Tier[], minutes: number): Tier {
  return tiers.find((t) => t.upToMinutes === null || minutes <= t.upToMinutes) ?? tiers[tiers.length - 1]!;
}

export const MINUTE = 60_000;
