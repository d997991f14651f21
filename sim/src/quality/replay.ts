import {
  clockCorrectionSeconds,
  detectAll,
  digestOf,
  epochAt,
  OfficeFacts,
  reconcile,
  type DetectConfig,
  type Detection,
  type DeviceKind,
  type FactsSetup,
  type FindingStanding,
  type LiveEvent,
  type OfficerInfo,
  type StoredFinding,
  leadSeconds,
  nextClockEstimate,
  punchEvent,
  type ClockEstimate,
} from '@pkk/core';
import type { OfficeDayPlan } from '../plan/types.ts';
import { plannedEvents } from './events.ts';

/**
 * Replays one simulated office-day into the detectors the way the system would see it: each event
 * becomes visible when its device delivers it (at once, or when its link comes back after an
 * outage), devices are heard from on their real schedule (an ADMS terminal every Delay seconds, a
 * JSON device with each batch or its keepalive), and detection runs on a fixed tick, storing findings
 * through the same `reconcile` the workers use. Pure and deterministic: the same plan, the same
 * findings.
 */

export interface ReplayContext {
  setup: FactsSetup;
  config: DetectConfig;
  officers: OfficerInfo[];
  deviceName: (kind: DeviceKind) => string;
  tickMs: number;
}

export interface ReplayedFinding {
  detection: Detection;
  openedAt: number;
  resolvedAt: number | null;
  standing: FindingStanding | null;
}

const KINDS: DeviceKind[] = ['attendance', 'queue', 'presence'];
const ADMS_DELAY_MS = 10_000;
const JSON_KEEPALIVE_MS = 72_000;

interface Visible {
  visibleAt: number;
  kind: DeviceKind;
  event: LiveEvent;
}

export function replayOfficeDay(plan: OfficeDayPlan, x: ReplayContext): ReplayedFinding[] {
  if (!plan.day.hours) return [];
  const zone = x.setup.zone;
  const offline = (kind: DeviceKind, t: number) =>
    plan.devices[kind].offline.find((o) => t >= o.from && t < o.to);
  const shown = (kind: DeviceKind, at: number) => offline(kind, at)?.to ?? at;

  const stream: Visible[] = plannedEvents(plan)
    .map((p) => ({ visibleAt: shown(p.device, p.at), kind: p.device, event: p.event }))
    .sort((a, b) => a.visibleAt - b.visibleAt);

  const facts = new OfficeFacts(x.setup, plan.day);
  facts.officers = x.officers;
  facts.leave = new Map(plan.leave.map((l) => [l.nip, l.kind]));
  facts.devices = KINDS.map((kind, i) => ({
    id: i + 1,
    kind,
    name: x.deviceName(kind),
    protocol: kind === 'attendance' ? 'adms' : 'json',
    lastSeenAt: null,
  }));

  const store = new Map<number, ReplayedFinding & { stored: StoredFinding }>();
  let nextId = 1;
  const pass = (now: number, closed: boolean) => {
    const { detections, unjudged } = detectAll({ facts, now, config: x.config });
    const stored = [...store.values()].map((f) => f.stored);
    const p = reconcile(stored, detections, {
      date: plan.date,
      closed,
      unjudged,
      now,
      reopenWithinMs: x.config.detection.reopenWithinMinutes * 60_000,
    });
    for (const i of p.insert) {
      const id = nextId++;
      const personal = i.detection.personal;
      store.set(id, {
        detection: i.detection,
        openedAt: now,
        resolvedAt: i.state === 'resolved' ? now : null,
        standing: personal ? 'pending' : null,
        stored: {
          id,
          kind: i.detection.kind,
          nature: i.detection.nature,
          fingerprint: i.detection.fingerprint,
          date: plan.date,
          state: i.state,
          standing: personal ? 'pending' : null,
          digest: digestOf(i.detection),
          resolvedAt: i.state === 'resolved' ? now : null,
        },
      });
    }
    for (const u of p.update) {
      const f = store.get(u.id)!;
      f.detection = u.detection;
      f.stored.digest = digestOf(u.detection);
      if (u.reinstate) {
        f.standing = f.stored.standing = u.detection.personal ? 'pending' : null;
        f.stored.state = 'open';
        f.resolvedAt = f.stored.resolvedAt = null;
      }
    }
    for (const r of p.resolve) {
      const f = store.get(r.id)!;
      f.stored.state = 'resolved';
      f.resolvedAt = f.stored.resolvedAt = now;
      if (r.withdrawn) f.standing = f.stored.standing = 'withdrawn';
    }
  };

  // Device contacts: an ADMS terminal polls every Delay; a JSON device posts with each batch and
  // says "still here" after a quiet keepalive interval. Nothing while its link is down.
  const lastContact = new Map<DeviceKind, number>();
  const contact = (kind: DeviceKind, at: number) => {
    if (!offline(kind, at) && at > (lastContact.get(kind) ?? -Infinity)) lastContact.set(kind, at);
  };
  const keepalives = (kind: DeviceKind, until: number) => {
    const every = kind === 'attendance' ? ADMS_DELAY_MS : JSON_KEEPALIVE_MS;
    const last = lastContact.get(kind);
    if (last === undefined) return;
    for (let t = last + every; t <= until; t += every) {
      const o = offline(kind, t);
      if (o) {
        if (o.to > until) break;
        t = o.to - every;
        contact(kind, o.to);
        continue;
      }
      contact(kind, t);
    }
  };

  const first = epochAt(plan.date, '06:30', zone);
  const last = epochAt(plan.date, '18:30', zone);
  for (const kind of KINDS) contact(kind, first - 60_000);
  // The terminal's stamps are read as ingest reads them: less the lead its deliveries proved.
  let clock: ClockEstimate | null = null;
  const asIngested = (v: Visible): LiveEvent => {
    if (v.event.kind !== 'punch') return v.event;
    clock = nextClockEstimate(clock, leadSeconds([v.event.at], v.visibleAt), v.visibleAt);
    return punchEvent(v.event.nip, v.event.at, clockCorrectionSeconds(clock), undefined, v.event.direction);
  };
  let next = 0;
  for (let now = first; now <= last; now += x.tickMs) {
    while (next < stream.length && stream[next]!.visibleAt <= now) {
      const v = stream[next++]!;
      facts.apply(asIngested(v));
      keepalives(v.kind, v.visibleAt);
      contact(v.kind, v.visibleAt);
    }
    for (const kind of KINDS) {
      keepalives(kind, now);
      const d = facts.devices.find((dd) => dd.kind === kind)!;
      d.lastSeenAt = lastContact.get(kind) ?? null;
    }
    pass(now, false);
  }
  while (next < stream.length) facts.apply(stream[next++]!.event);
  pass(epochAt(plan.date, '23:59', zone), true);
  return [...store.values()].map(({ stored: _s, ...f }) => f);
}
