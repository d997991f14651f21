import type { Detection, FindingKind } from '../schemas/findings.ts';
import type { DetectInput, Detector } from './detector.ts';
import { absentNoNotice } from './detectors/absent-no-notice.ts';
import { deskUnattended } from './detectors/desk-unattended.ts';
import { cameraOffline } from './detectors/camera-offline.ts';
import { deviceOffline } from './detectors/device-offline.ts';
import { earlyDeparture } from './detectors/early-departure.ts';
import { lateArrival } from './detectors/late-arrival.ts';
import { missingCheckout } from './detectors/missing-checkout.ts';
import { queueWaitSla } from './detectors/queue-wait-sla.ts';
import { serviceTimeSla } from './detectors/service-time-sla.ts';
import { slaRate } from './detectors/sla-rate.ts';
import { deskOccupiedNoCheckin } from './detectors/desk-occupied-no-checkin.ts';

/** Every detector, one line each. Adding one is adding a file and a line here. */
export const DETECTORS: readonly Detector[] = [
  deskUnattended,
  lateArrival,
  earlyDeparture,
  missingCheckout,
  absentNoNotice,
  queueWaitSla,
  serviceTimeSla,
  slaRate,
  deviceOffline,
  cameraOffline,
  deskOccupiedNoCheckin,
];

/** Refuses a kind with two detectors (checked at start, as processors are). */
export function checkDetectors(list: readonly Detector[] = DETECTORS): Map<FindingKind, Detector> {
  const map = new Map<FindingKind, Detector>();
  for (const d of list) {
    if (map.has(d.kind)) throw new Error(`finding kind ${d.kind} has two detectors`);
    map.set(d.kind, d);
  }
  return map;
}

/** One pass over one office: everything that holds now, and the kinds that could not be judged. */
export function detectAll(
  x: DetectInput,
  list: readonly Detector[] = DETECTORS,
): { detections: Detection[]; unjudged: Set<FindingKind> } {
  const detections: Detection[] = [];
  const unjudged = new Set<FindingKind>();
  for (const d of list) {
    const found = d.detect(x);
    if (found === null) unjudged.add(d.kind);
    else detections.push(...found);
  }
  return { detections, unjudged };
}
