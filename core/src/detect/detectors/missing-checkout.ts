import { MINUTE, makeDetection, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

/** Checked in, never out: once the presensi window after office end has closed (R3.4). */
export const missingCheckout: Detector = {
  kind: 'missing_checkout',
  nature: 'occurrence',
  personal: true,
  detect({ facts, now, config }) {
    const a = config.detection.attendance;
    if (facts.end === null) return [];
    if (now < facts.end + a.missingCheckoutAfterMinutes * MINUTE) return null;
    return facts.officers.flatMap((o) => {
      if (facts.leave.has(o.nip)) return [];
      const { counted, refs, attendance } = facts.punchesOf(o.nip);
      if (!attendance.present) return [];
      return [
        makeDetection(this, facts, {
          subject: { nip: o.nip },
          from: counted[counted.length - 1]!,
          to: facts.end!,
          severity: a.missingCheckoutSeverity,
          confidence: 1,
          evidence: {
            events: [refs[refs.length - 1]!],
            metrics: {
              punches: counted.length,
              lastPunchAt: counted[counted.length - 1]!,
              officeEnd: facts.end!,
            },
            signals: [signal('attendance', true, 'attendance.noCheckout', { punches: counted.length })],
          },
        }),
      ];
    });
  },
};
