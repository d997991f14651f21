import { lateMinutes } from '../../office/attendance.ts';
import type { Tier } from '../../config/detection.ts';
import type { Detection, EvidenceRef } from '../../schemas/findings.ts';
import type { OfficeFacts } from '../facts.ts';
import { makeDetection, tierOf, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

/**
 * TL: the day's first counted punch after office start + grace (R3.1, R3.10), tiered by whole minutes
 * (wholeMinutesBetween). A day whose only punch the terminal recorded as a check-out has no check-in
 * at all: R3.1/R3.4 put "no check-in" on the top rung (TL4), whatever the time of that punch.
 */
export const lateArrival: Detector = {
  kind: 'late_arrival',
  nature: 'occurrence',
  personal: true,
  detect({ facts, config }) {
    if (facts.start === null) return [];
    const tiers = config.detection.attendance.lateTiers;
    return facts.officers.flatMap((o) => {
      if (facts.leave.has(o.nip)) return [];
      const { refs, attendance } = facts.punchesOf(o.nip);
      if (attendance.missingCheckIn)
        return [noCheckIn(this, facts, o.nip, attendance.leftAt!, refs[0]!, tiers)];
      const arrivedAt = attendance.arrivedAt;
      if (arrivedAt === null) return [];
      const minutes = lateMinutes(arrivedAt, facts.start!, facts.setup.lateGraceMs);
      if (minutes === 0) return [];
      const tier = tierOf(tiers, minutes);
      return [
        makeDetection(this, facts, {
          subject: { nip: o.nip },
          from: facts.start!,
          to: arrivedAt,
          severity: tier.severity,
          confidence: 1,
          evidence: {
            events: [refs[0]!],
            metrics: {
              minutesLate: minutes,
              tier: tier.code,
              cutPercent: tier.cutPercent,
              arrivedAt,
              officeStart: facts.start!,
              clockCorrectionSeconds: refs[0]!.clockCorrectionSeconds ?? null,
            },
            signals: [
              signal('attendance', true, 'attendance.firstPunchLate', { minutes }),
              ...(refs[0]!.clockCorrectionSeconds
                ? [
                    signal('device_clock', true, 'deviceClock.ahead', {
                      seconds: refs[0]!.clockCorrectionSeconds,
                    }),
                  ]
                : []),
            ],
          },
        }),
      ];
    });
  },
};

/** The missing check-in: the top rung of the ladder, resting on the check-out the terminal recorded. */
function noCheckIn(
  detector: Detector,
  facts: OfficeFacts,
  nip: string,
  leftAt: number,
  ref: EvidenceRef,
  tiers: readonly Tier[],
): Detection {
  const tier = tiers[tiers.length - 1]!;
  return makeDetection(detector, facts, {
    subject: { nip },
    from: facts.start!,
    to: leftAt,
    severity: tier.severity,
    confidence: 1,
    evidence: {
      events: [ref],
      metrics: {
        minutesLate: null,
        tier: tier.code,
        cutPercent: tier.cutPercent,
        arrivedAt: null,
        checkedOutAt: leftAt,
        officeStart: facts.start!,
      },
      signals: [signal('attendance', true, 'attendance.noCheckIn')],
    },
  });
}
