import { describe, expect, it } from 'vitest';
import { fixtureKinerjaRules as rules } from '../tpp/testing.ts';
import { fixtureHolidays, fixtureWorkHours } from '../testing.ts';
import { epochAt } from '../time/wib.ts';
import {
  evidenceCreditBp,
  evidenceDueAt,
  evidenceDueDate,
  isEvidenceLate,
  workingDaysLeft,
} from './evidence.ts';
import { kinerjaFactor } from './factor.ts';
import { achievementBp, attendanceRate, deskCoverage, medianAck, waitSla } from './office-kpis.ts';
import { ladderBp, predikatOf } from './predikat.ts';

const cal = { workHours: fixtureWorkHours, holidays: fixtureHolidays };
const at = (date: string, hhmm: string) => epochAt(date, hhmm, 'Asia/Jakarta');

describe('predikat (R2.1, R2.2)', () => {
  it('follows the PermenPANRB 6/2022 matrix of hasil kerja × perilaku', () => {
    expect(predikatOf(rules, 'di_atas', 'di_atas')).toBe('sangat_baik');
    expect(predikatOf(rules, 'di_atas', 'di_bawah')).toBe('kurang');
    expect(predikatOf(rules, 'sesuai', 'di_atas')).toBe('baik');
    expect(predikatOf(rules, 'di_bawah', 'di_atas')).toBe('butuh_perbaikan');
    expect(predikatOf(rules, 'di_bawah', 'di_bawah')).toBe('sangat_kurang');
    expect(ladderBp(rules, 'kurang')).toBe(5000);
  });

  it('weighs late evidence by its weight, and a month with nothing realised earns nothing (R1.3)', () => {
    const k = kinerjaFactor(rules, {
      basis: { method: 'predikat', predikat: 'butuh_perbaikan', ratedBy: null, ref: 'r' },
      evidence: [
        { ref: 'a', weight: 3, late: { findingId: 9, digest: 'x' } },
        { ref: 'b', weight: 1, late: null },
      ],
    });
    // K0 = 3/4; 3 of 4 weight late at half credit: timeliness 1 − ½ × ¾ = 5/8.
    expect([k.base.toString(), k.timeliness.toString(), k.factor.toString()]).toEqual([
      '3/4',
      '5/8',
      '15/32',
    ]);
    expect(k.late.map((l) => [l.item.ref, l.loss.toString()])).toEqual([['a', '9/32']]);
    expect(kinerjaFactor(rules, null).factor.toString()).toBe('0');
  });
});

describe('evidence deadline (R7.4)', () => {
  it('is the end of the 3rd working day after the activity, past weekends and holidays', () => {
    // Thursday 13 August 2026: Friday 14, Monday 17 is Independence Day, Tuesday 18, Wednesday 19.
    expect(evidenceDueDate('2026-08-13', rules, cal)).toBe('2026-08-19');
    expect(evidenceDueAt('2026-08-13', rules, cal)).toBe(at('2026-08-20', '00:00'));
    expect(isEvidenceLate('2026-08-13', at('2026-08-19', '23:59'), rules, cal)).toBe(false);
    expect(isEvidenceLate('2026-08-13', at('2026-08-20', '00:00'), rules, cal)).toBe(true);
    expect([evidenceCreditBp(false, rules), evidenceCreditBp(true, rules)]).toEqual([10000, 5000]);
  });

  it('counts down in working days, whatever the hour', () => {
    expect(workingDaysLeft(at('2026-08-13', '00:30'), '2026-08-13', rules, cal)).toBe(3);
    expect(workingDaysLeft(at('2026-08-15', '23:59'), '2026-08-13', rules, cal)).toBe(2); // Saturday
    expect(workingDaysLeft(at('2026-08-19', '08:00'), '2026-08-13', rules, cal)).toBe(1);
    expect(workingDaysLeft(at('2026-08-20', '00:30'), '2026-08-13', rules, cal)).toBe(0);
  });
});

describe('office KPIs', () => {
  const t0 = at('2026-11-02', '08:00');
  const min = 60_000;

  it('waiting-time SLA: called within target, and a ticket left waiting past it counts against', () => {
    const tickets = [
      { issuedAt: t0, calledAt: t0 + 10 * min },
      { issuedAt: t0, calledAt: t0 + 30 * min },
      { issuedAt: t0, calledAt: t0 + 31 * min },
      { issuedAt: t0, calledAt: null },
      { issuedAt: t0 + 100 * min, calledAt: null },
    ];
    expect(waitSla(tickets, 30, t0 + 110 * min)).toEqual({ met: 2, counted: 4, ratio: '1/2', bp: 5000 });
    expect(waitSla([], 30, t0).ratio).toBeNull();
  });

  it('desk coverage in service hours, overlapping presence counted once', () => {
    const open = [{ desk: 'loket-1', from: t0, to: t0 + 100 * min }];
    const staffed = [
      { desk: 'loket-1', from: t0 - 10 * min, to: t0 + 30 * min },
      { desk: 'loket-1', from: t0 + 20 * min, to: t0 + 60 * min },
      { desk: 'loket-2', from: t0, to: t0 + 100 * min },
    ];
    expect(deskCoverage(open, staffed)).toMatchObject({ ratio: '3/5', bp: 6000 });
  });

  it('attendance rate leaves excused days out; median acknowledgement counts the unacknowledged as open', () => {
    const days = [
      { nip: 'a', date: '2026-11-02', status: 'present' as const },
      { nip: 'a', date: '2026-11-03', status: 'excused' as const },
      { nip: 'b', date: '2026-11-02', status: 'absent' as const },
      { nip: 'b', date: '2026-11-03', status: 'present' as const },
    ];
    expect(attendanceRate(days)).toMatchObject({ met: 2, counted: 3, bp: 6666 });
    const alerts = [
      { openedAt: t0, acknowledgedAt: t0 + 5 * min },
      { openedAt: t0, acknowledgedAt: t0 + 10 * min },
      { openedAt: t0, acknowledgedAt: null },
      { openedAt: t0, acknowledgedAt: t0 + 1 * min },
    ];
    expect(medianAck(alerts, t0 + 60 * min)).toEqual({ count: 4, medianMs: String(7.5 * min) });
    expect(medianAck(alerts.slice(0, 3), t0 + 60 * min).medianMs).toBe(String(10 * min));
  });

  it('achievement against a target, capped at 100 %', () => {
    expect(achievementBp({ kind: 'share', bp: 6000, targetBp: 8000 })).toBe(7500);
    expect(achievementBp({ kind: 'share', bp: 9000, targetBp: 8000 })).toBe(10000);
    expect(achievementBp({ kind: 'duration', ms: String(30 * min), targetMs: 15 * min })).toBe(5000);
    expect(achievementBp({ kind: 'duration', ms: null, targetMs: 15 * min })).toBeNull();
  });
});
