import { phaseOf, waitingSince } from '../../office/tickets.ts';
import { MINUTE, feedsCurrent, makeDetection, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

/** A citizen waiting past the wait target (issued, or handed on, to first call), while it lasts. */
export const queueWaitSla: Detector = {
  kind: 'queue_wait_sla',
  nature: 'condition',
  personal: false,
  detect(x) {
    const { facts, now, config } = x;
    // Queue data is stale while the kiosk is silent (calls made meanwhile arrive when it is back).
    if (!feedsCurrent(x, 'queue')) return null;
    const target = config.thresholds.queue.waitTargetMinutes * MINUTE;
    const critical = config.detection.queue.waitCriticalMinutes * MINUTE;
    const out = [];
    for (const t of facts.tickets.values()) {
      if (phaseOf(t) !== 'waiting') continue;
      const since = waitingSince(t);
      if (since === null || now - since < target) continue;
      const waited = now - since;
      out.push(
        makeDetection(this, facts, {
          subject: { ticket: t.id, service: t.service },
          from: since,
          severity: waited >= critical ? 'critical' : 'warning',
          confidence: 1,
          evidence: {
            events: t.refs.slice(0, 5),
            metrics: {
              waitedMinutes: Math.floor(waited / MINUTE),
              targetMinutes: target / MINUTE,
              waitingSince: since,
            },
            signals: [
              signal('queue', true, 'queue.waiting', {
                minutes: Math.floor(waited / MINUTE),
                target: target / MINUTE,
              }),
            ],
          },
        }),
      );
    }
    return out;
  },
};
