import { phaseOf } from '../../office/tickets.ts';
import { MINUTE, feedsCurrent, makeDetection, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

/**
 * A service taking longer than its published standard (R6.1–R6.3): the clock starts when service
 * begins at the desk (berkas lengkap), and the finding lasts while the service does.
 */
export const serviceTimeSla: Detector = {
  kind: 'service_time_sla',
  nature: 'condition',
  personal: false,
  detect(x) {
    const { facts, now, config } = x;
    // Queue data is stale while the kiosk is silent (calls made meanwhile arrive when it is back).
    if (!feedsCurrent(x, 'queue')) return null;
    const standard = new Map(facts.setup.services.map((s) => [s.code, s.standardMinutes]));
    const factor = config.detection.queue.serviceTimeFactor;
    const out = [];
    for (const t of facts.tickets.values()) {
      if (phaseOf(t) !== 'with_desk' || t.servingAt === null) continue;
      const std = standard.get(t.service);
      if (std === undefined) continue;
      const limit = std * factor * MINUTE;
      const took = now - t.servingAt;
      if (took <= limit) continue;
      out.push(
        makeDetection(this, facts, {
          subject: { ticket: t.id, service: t.service, ...(t.desk ? { desk: t.desk } : {}) },
          from: t.servingAt,
          severity: took >= 2 * limit ? 'critical' : 'warning',
          confidence: 1,
          evidence: {
            events: t.refs.slice(-3),
            metrics: {
              serviceMinutes: Math.floor(took / MINUTE),
              standardMinutes: std,
              servingSince: t.servingAt,
            },
            signals: [
              signal('queue', true, 'queue.inService', { minutes: Math.floor(took / MINUTE), standard: std }),
            ],
          },
        }),
      );
    }
    return out;
  },
};
