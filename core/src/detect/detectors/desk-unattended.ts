import { phaseOf, waitingSince } from '../../office/tickets.ts';
import type { FindingSignal } from '../../schemas/findings.ts';
import { MINUTE, feedsCurrent, makeDetection, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

/**
 * An open desk in office hours, citizens waiting for its services, and nobody serving: for N minutes
 * nothing called, served or opened there while a citizen waited for it (required), plus the signals
 * that agree or not: its officer checked in or not, the desk camera seeing somebody or nobody.
 * Confidence grows with agreement.
 */
export const deskUnattended: Detector = {
  kind: 'desk_unattended',
  nature: 'condition',
  personal: false,
  detect(x) {
    const { facts, now, config } = x;
    if (facts.start === null || now < facts.start || now >= facts.end!) return [];
    // Queue data is stale while the kiosk is silent (calls made meanwhile arrive when it is back).
    if (!feedsCurrent(x, 'queue')) return null;
    const c = config.detection.desk;
    const n = c.unattendedMinutes * MINUTE;
    const out = [];
    const withDesk = new Set<string>();
    const waiting: { service: string; since: number }[] = [];
    for (const t of facts.tickets.values()) {
      const phase = phaseOf(t);
      if (phase === 'with_desk' && t.desk) withDesk.add(t.desk);
      if (phase === 'waiting') {
        const since = waitingSince(t);
        if (since !== null) waiting.push({ service: t.service, since });
      }
    }
    for (const desk of facts.setup.desks) {
      const d = facts.deskFacts(desk.code);
      if (!d.open || d.activeAt === null || withDesk.has(desk.code)) continue;
      const services = new Set(desk.services);
      const mine = waiting.filter((w) => services.has(w.service));
      if (!mine.length) continue;
      // Before a citizen needed the desk, a quiet desk and an abandoned one look the same: the
      // spell counts from the later of its last work and the oldest wait it left unanswered.
      const oldest = Math.min(...mine.map((w) => w.since));
      const since = Math.max(d.activeAt, oldest);
      const idle = now - since;
      if (idle < n) continue;

      const signals: FindingSignal[] = [
        signal('queue', true, 'queue.nothingCalled', {
          minutes: Math.floor(idle / MINUTE),
          waiting: mine.length,
        }),
      ];
      let confidence = 0.6;
      const officer = facts.officers.find((o) => o.desk === desk.code);
      if (officer) {
        const { attendance } = facts.punchesOf(officer.nip);
        const out = !attendance.present;
        signals.push(signal('attendance', out, out ? 'attendance.officerOut' : 'attendance.officerIn'));
        if (out) confidence += 0.2;
      }
      if (facts.hasCamera(desk.code)) {
        const fresh = facts
          .presenceOf(desk.code, now - c.presenceFreshMinutes * MINUTE, now)
          .filter((r) => r.confidence >= c.presenceMinConfidence);
        if (fresh.length) {
          const empty = fresh.filter((r) => !r.present).length;
          const agrees = empty * 2 > fresh.length;
          signals.push(signal('camera', agrees, 'camera.readingsEmpty', { empty, total: fresh.length }));
          confidence += agrees ? 0.2 : -0.3;
        } else {
          signals.push(signal('camera', false, 'camera.noReading'));
        }
      }
      out.push(
        makeDetection(this, facts, {
          subject: { desk: desk.code },
          from: since,
          severity: idle >= c.criticalAfterMinutes * MINUTE ? 'critical' : 'warning',
          confidence: Math.max(0.1, Math.min(1, confidence)),
          evidence: {
            events: d.activeRef ? [d.activeRef] : [],
            metrics: {
              idleMinutes: Math.floor(idle / MINUTE),
              lastWorkAt: d.activeAt,
              waiting: mine.length,
              oldestWaitingSince: oldest,
              thresholdMinutes: c.unattendedMinutes,
              officer: officer?.nip ?? null,
            },
            signals,
          },
        }),
      );
    }
    return out;
  },
};
