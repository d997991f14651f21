import type { FindingSignal } from '../../schemas/findings.ts';
import { MINUTE, makeDetection, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

/**
 * A desk the camera sees occupied while its assigned officer has not checked in today: someone
 * serving who is not on the roster, or the officer at work without a punch. The camera readings of
 * the desk (presence observations, `source: camera`, at or above the confidence that counts) must
 * see somebody for `occupiedNoCheckinMinutes` without a reading of nobody in between, so an officer
 * who sits down and punches a few minutes later is no finding. Resolves with the first punch, or
 * when the camera sees the desk empty.
 */
export const deskOccupiedNoCheckin: Detector = {
  kind: 'desk_occupied_no_checkin',
  nature: 'condition',
  personal: false,
  detect(x) {
    const { facts, now, config } = x;
    if (facts.start === null || now < facts.start || now >= facts.end!) return [];
    const c = config.detection.desk;
    const out = [];
    for (const desk of facts.setup.desks) {
      const officer = facts.officers.find((o) => o.desk === desk.code);
      if (!officer || !facts.hasCamera(desk.code)) continue;
      if (facts.punchesOf(officer.nip).counted.length > 0) continue;
      // The present readings since the last empty one, today, from office start.
      const readings = facts
        .presenceOf(desk.code, Math.max(facts.start, now - 24 * 60 * MINUTE), now)
        .filter((r) => r.confidence >= c.presenceMinConfidence);
      const lastEmpty = readings.findLastIndex((r) => !r.present);
      const spell = readings.slice(lastEmpty + 1);
      if (!spell.length) continue;
      const since = spell[0]!.at;
      const latest = spell.at(-1)!.at;
      // A spell whose latest reading is stale says nothing of now.
      if (now - latest > c.presenceFreshMinutes * MINUTE) continue;
      if (now - since < c.occupiedNoCheckinMinutes * MINUTE) continue;
      const signals: FindingSignal[] = [
        signal('camera', true, 'camera.readingsOccupied', {
          minutes: Math.floor((now - since) / MINUTE),
          total: spell.length,
        }),
        signal('attendance', true, 'attendance.officerOut'),
      ];
      out.push(
        makeDetection(this, facts, {
          subject: { desk: desk.code },
          from: since,
          severity: 'warning',
          confidence: Math.min(1, Math.max(...spell.map((r) => r.confidence))),
          evidence: {
            events: spell.slice(-5).map((r) => r.ref),
            metrics: {
              occupiedMinutes: Math.floor((now - since) / MINUTE),
              occupiedSince: since,
              readings: spell.length,
              officer: officer.nip,
              thresholdMinutes: c.occupiedNoCheckinMinutes,
            },
            signals,
          },
        }),
      );
    }
    return out;
  },
};
