import { lateMinutes } from '../../office/attendance.ts';
import { makeDetection, tierOf, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

/** TL: the day's first counted punch after office start + grace (R3.1, R3.10), tiered by minutes. */
export const lateArrival: Detector = {
  kind: 'late_arrival',
  nature: 'occurrence',
  personal: true,
  detect({ facts, config }) {
    if (facts.start === null) return [];
    const tiers = config.detection.attendance.lateTiers;
    return facts.officers.flatMap((o) => {
      if (facts.leave.has(o.nip)) return [];
      const { counted, refs } = facts.punchesOf(o.nip);
      const arrivedAt = counted[0];
      if (arrivedAt === undefined) return [];
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
