import { MINUTE, feedsCurrent, makeDetection, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

/**
 * TK (alpha): no punch all day and no leave or duty record that excuses it (R3.5, R3.9), judged at
 * the end of the day. Not while an attendance terminal of the office is silent: its punches may still
 * be on their way (terminals keep them and upload when the link is back).
 */
export const absentNoNotice: Detector = {
  kind: 'absent_no_notice',
  nature: 'occurrence',
  personal: true,
  detect(x) {
    const { facts, now, config } = x;
    const a = config.detection.attendance;
    if (facts.day.kind !== 'working' || facts.end === null) return [];
    if (now < facts.end + a.absentAfterMinutes * MINUTE) return null;
    if (!feedsCurrent(x, 'attendance')) return null;
    const terminals = facts.devices.filter((d) => d.kind === 'attendance');
    const excused = new Set(a.excusedLeave);
    return facts.officers.flatMap((o) => {
      const leave = facts.leave.get(o.nip);
      if (leave && excused.has(leave)) return [];
      if (facts.punchesOf(o.nip).counted.length > 0) return [];
      return [
        makeDetection(this, facts, {
          subject: { nip: o.nip },
          from: facts.start!,
          to: facts.end!,
          severity: a.absentSeverity,
          confidence: 1,
          evidence: {
            events: [],
            metrics: {
              officeStart: facts.start!,
              officeEnd: facts.end!,
              terminals: terminals.length,
              leave: leave ?? null,
            },
            signals: [
              signal('attendance', true, 'attendance.noPunchAllDay'),
              leave
                ? signal('leave', true, 'leave.notExcusing', { leave })
                : signal('leave', true, 'leave.none'),
              signal('device', true, 'device.terminalsReporting', { count: terminals.length }),
            ],
          },
        }),
      ];
    });
  },
};
