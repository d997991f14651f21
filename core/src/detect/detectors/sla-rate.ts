import { localTimeOf } from '../../time/wib.ts';
import { MINUTE, feedsCurrent, makeDetection, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

const HOUR = 60 * MINUTE;

/**
 * The share of citizens called within the wait target, per office hour, below the threshold: judged
 * for each hour once it is over, over the tickets called (or given up) in it.
 */
export const slaRate: Detector = {
  kind: 'sla_rate',
  nature: 'occurrence',
  personal: false,
  detect(x) {
    const { facts, now, config } = x;
    // Queue data is stale while the kiosk is silent (calls made meanwhile arrive when it is back).
    if (!feedsCurrent(x, 'queue')) return null;
    const q = config.detection.queue;
    const target = config.thresholds.queue.waitTargetMinutes * MINUTE;
    const hours = new Map<number, { within: number; total: number }>();
    for (const t of facts.tickets.values()) {
      const since = t.issuedAt;
      const settled = t.calledAt ?? (t.servedAt === null ? t.endedAt : null);
      if (since === null || settled === null) continue;
      const hour = settled - ((settled - facts.dayStart) % HOUR);
      if (hour + HOUR > now) continue;
      const h = hours.get(hour) ?? { within: 0, total: 0 };
      h.total++;
      if ((t.calledAt ?? Infinity) - since <= target) h.within++;
      hours.set(hour, h);
    }
    const out = [];
    for (const [hour, h] of [...hours].sort((a, b) => a[0] - b[0])) {
      if (h.total < q.slaRateMinTickets) continue;
      const share = h.within / h.total;
      if (share >= q.slaRateMin) continue;
      out.push(
        makeDetection(this, facts, {
          subject: { hour: localTimeOf(hour, facts.setup.zone).slice(0, 2) },
          from: hour,
          to: hour + HOUR,
          severity: share < q.slaRateMin / 2 ? 'critical' : 'warning',
          confidence: 1,
          evidence: {
            events: [],
            metrics: {
              share: Math.round(share * 1000) / 1000,
              within: h.within,
              total: h.total,
              minShare: q.slaRateMin,
            },
            signals: [
              signal('queue', true, 'queue.calledWithin', {
                within: h.within,
                total: h.total,
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
