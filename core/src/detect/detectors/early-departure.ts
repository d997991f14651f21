import { earlyMinutes } from '../../office/attendance.ts';
import { makeDetection, tierOf, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

/**
 * PSW: out before office end and not back (R3.2). Judged once office hours are over: before that an
 * officer who went out may still come back.
 */
export const earlyDeparture: Detector = {
  kind: 'early_departure',
  nature: 'occurrence',
  personal: true,
  detect({ facts, now, config }) {
    if (facts.end === null) return [];
    if (now < facts.end) return null;
    const tiers = config.detection.attendance.earlyTiers;
    return facts.officers.flatMap((o) => {
      if (facts.leave.has(o.nip)) return [];
      const { counted, refs, attendance } = facts.punchesOf(o.nip);
      if (attendance.leftAt === null) return [];
      const minutes = earlyMinutes(attendance.leftAt, facts.end!);
      if (minutes === 0) return [];
      const tier = tierOf(tiers, minutes);
      return [
        makeDetection(this, facts, {
          subject: { nip: o.nip },
          from: attendance.leftAt,
          to: facts.end!,
          severity: tier.severity,
          confidence: 1,
          evidence: {
            events: [refs[refs.length - 1]!],
            metrics: {
              minutesEarly: minutes,
              tier: tier.code,
              cutPercent: tier.cutPercent,
              leftAt: attendance.leftAt,
              officeEnd: facts.end!,
              punches: counted.length,
            },
            signals: [signal('attendance', true, 'attendance.lastPunchEarly', { minutes })],
          },
        }),
      ];
    });
  },
};
