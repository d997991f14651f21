import { describe, expect, it } from 'vitest';
import { attendancePunch, epochAt, presenceObservation, queueEvent, type DeviceKind } from '@pkk/core';
import { emptyScenario } from '../scenario/load.ts';
import type { Anomaly, Scenario } from '../scenario/schema.ts';
import { renderPresence, renderPunch, renderQueue } from '../run/render.ts';
import { testPolicy } from '../testing/policy.ts';
import { MINUTE } from '../time.ts';
import { planOfficeDay, type PlanInputs } from './office-day.ts';
import { generateStaff } from './staff.ts';
import type { OfficeDayPlan, QueueItem } from './types.ts';

const { policy, registry } = testPolicy();
const zone = policy.workHours.zone;
const staff = generateStaff('5', registry);
const CODE = '16.71.01.1001';
const DATE = '2026-11-23';
const inputs = (scenario: Scenario = emptyScenario()): PlanInputs => ({
  seed: '5',
  policy,
  registry,
  staff,
  scenario,
  deviceName: (c: string, k: DeviceKind) => `${k}@${c}`,
});
const withAnomalies = (anomalies: Anomaly[]): Scenario => ({
  name: 'unit',
  citizensFactor: 1,
  disruptionFactor: 1,
  anomalies,
});
const feedItem = <T>(at: number, item: T) => ({ at, sendAt: at, deviceTime: at, item });

/** Desk of each call, and whether the desk was open then, from the desk events of the plan. */
function callsWhileClosed(plan: OfficeDayPlan): QueueItem[] {
  const open = new Map<string, boolean>();
  const bad: QueueItem[] = [];
  for (const e of plan.queue) {
    const ev = e.event;
    if (ev.type === 'desk.opened' || ev.type === 'desk.closed') open.set(ev.desk, ev.type === 'desk.opened');
    else if (ev.type === 'ticket.called' && ev.callNo === 1 && !open.get(ev.desk)) bad.push(e);
  }
  return bad;
}

describe('an office day', () => {
  const plan = planOfficeDay(inputs(), CODE, DATE);

  it('is the same for the same seed and date', () => {
    expect(planOfficeDay(inputs(), CODE, DATE)).toEqual(plan);
  });

  it('is empty on weekends and holidays: nobody comes', () => {
    for (const date of ['2026-11-21', '2026-11-22', '2026-08-17', '2026-12-25']) {
      const p = planOfficeDay(inputs(), CODE, date);
      expect(p.day.hours, date).toBeNull();
      expect(
        [p.punches.length, p.queue.length, p.presence.length, p.truth.length, p.leave.length],
        date,
      ).toEqual([0, 0, 0, 0, 0]);
    }
  });

  it('produces items the ingest schemas accept', () => {
    for (const p of plan.punches)
      expect(attendancePunch.safeParse(renderPunch(zone)(feedItem(p.at, p))).success).toBe(true);
    for (const q of plan.queue)
      expect(queueEvent.safeParse(renderQueue(zone)(feedItem(q.at, q.event))).error).toBeUndefined();
    for (const { at, ...o } of plan.presence)
      expect(presenceObservation.safeParse(renderPresence(zone)(feedItem(at, o))).success).toBe(true);
  });

  it('plays every ticket through to one end, and calls only from open desks', () => {
    const byTicket = new Map<string, QueueItem['event']['type'][]>();
    for (const e of plan.queue)
      if ('ticketId' in e.event)
        byTicket.set(e.event.ticketId, [...(byTicket.get(e.event.ticketId) ?? []), e.event.type]);
    expect(byTicket.size).toBe(plan.citizens);
    for (const [id, types] of byTicket) {
      expect(types[0], id).toBe('ticket.issued');
      const ends = types.filter(
        (t) => t === 'ticket.served' || t === 'ticket.no_show' || t === 'ticket.cancelled',
      );
      expect(ends, id).toHaveLength(1);
      expect(types[types.length - 1], id).toBe(ends[0]);
    }
    const served = [...byTicket.values()].filter((t) => t.includes('ticket.served')).length;
    expect(served / byTicket.size).toBeGreaterThan(0.75);
    expect(callsWhileClosed(plan)).toEqual([]);
  });

  it('opens and closes each desk in turn, a few minutes after its officer comes in', () => {
    for (const desk of registry.desksOf(CODE)) {
      const events = plan.queue.filter(
        (e) =>
          (e.event.type === 'desk.opened' || e.event.type === 'desk.closed') && e.event.desk === desk.code,
      );
      events.forEach((e, i) => expect(e.event.type).toBe(i % 2 === 0 ? 'desk.opened' : 'desk.closed'));
      if (!events.length) continue;
      const nip = (events[0]!.event as { staffNip: string }).staffNip;
      const arrival = plan.officers.find((d) => d.officer.nip === nip)!.arrival!;
      expect(events[0]!.at - arrival).toBeGreaterThanOrEqual(3 * MINUTE - 1000);
      expect(events[0]!.at - arrival).toBeLessThanOrEqual(12 * MINUTE + 1000);
    }
  });

  it('keeps one desk open through lunch (piket) in nearly every office, and waits mostly short', () => {
    const noon = epochAt(DATE, '12:15', zone);
    let servedThroughLunch = 0;
    const waits: number[] = [];
    for (const k of policy.kelurahan) {
      const p = planOfficeDay(inputs(), k.code, DATE);
      const open = new Map<string, boolean>();
      const issued = new Map<string, number>();
      for (const e of p.queue) {
        const ev = e.event;
        if (e.at <= noon && (ev.type === 'desk.opened' || ev.type === 'desk.closed'))
          open.set(ev.desk, ev.type === 'desk.opened');
        if (ev.type === 'ticket.issued') issued.set(ev.ticketId, e.at);
        if (ev.type === 'ticket.called' && ev.callNo === 1 && issued.has(ev.ticketId)) {
          waits.push((e.at - issued.get(ev.ticketId)!) / MINUTE);
          issued.delete(ev.ticketId);
        }
      }
      if ([...open.values()].some(Boolean)) servedThroughLunch++;
    }
    expect(servedThroughLunch / policy.kelurahan.length).toBeGreaterThan(0.9);
    waits.sort((a, b) => a - b);
    expect(waits[Math.floor(waits.length / 2)]).toBeLessThan(5);
    expect(waits.filter((w) => w > 30).length / waits.length).toBeLessThan(0.12);
  }, 30_000);

  it('lists each late arrival and early departure in the ground truth, as the rules count them', () => {
    const start = epochAt(DATE, '07:30', zone);
    for (const d of plan.officers.filter((x) => x.status === 'present')) {
      const late = plan.truth.find((e) => e.type === 'late_arrival' && e.nip === d.officer.nip);
      if (d.arrival! > start + 59_000) expect(late?.minutes).toBe(Math.ceil((d.arrival! - start) / MINUTE));
      else expect(late).toBeUndefined();
    }
    for (const e of plan.truth) expect(e.source).toBe('plan');
  });
});

describe('scenario anomalies', () => {
  const lurah = staff.get(CODE)![0]!;
  const deskOfficer = staff.get(CODE)!.find((o) => o.desk === 'loket-1')!;
  const plan = planOfficeDay(
    inputs(
      withAnomalies([
        {
          type: 'officer_absent',
          kelurahan: CODE,
          officer: { desk: 'loket-1' },
          withLeave: false,
          leaveKind: 'izin',
          covered: false,
        },
        { type: 'late_arrival', kelurahan: CODE, officer: { position: 'Lurah' }, minutes: 47 },
        { type: 'desk_unattended', kelurahan: CODE, desk: 'loket-2', at: '09:30', minutes: 30 },
        { type: 'terminal_offline', kelurahan: CODE, at: '07:10', minutes: 45 },
        { type: 'clock_skew', kelurahan: CODE, device: 'queue', minutes: -7 },
        { type: 'kiosk_offline', kelurahan: '16.71.01.1002', at: '10:00', minutes: 30 },
      ]),
    ),
    CODE,
    DATE,
  );

  it('keeps an absent officer away: no punches, the desk closed all day, no leave filed', () => {
    expect(plan.punches.filter((p) => p.nip === deskOfficer.nip)).toEqual([]);
    expect(plan.queue.filter((e) => 'desk' in e.event && e.event.desk === 'loket-1')).toEqual([]);
    expect(plan.leave.map((l) => l.nip)).not.toContain(deskOfficer.nip);
    expect(plan.truth).toContainEqual(
      expect.objectContaining({
        type: 'absent',
        nip: deskOfficer.nip,
        withLeave: false,
        source: 'scenario',
        scenario: 'unit',
      }),
    );
  });

  it('makes the named officer late by exactly the minutes given', () => {
    const first = plan.punches.find((p) => p.nip === lurah.nip)!;
    expect(first.at).toBe(epochAt(DATE, '08:17', zone));
    expect(plan.truth).toContainEqual(
      expect.objectContaining({ type: 'late_arrival', nip: lurah.nip, minutes: 47, source: 'scenario' }),
    );
  });

  it('leaves a desk open with nobody calling while its officer is away, and the camera sees it empty', () => {
    const away = plan.truth.find((e) => e.type === 'desk_unattended')!;
    expect(away).toMatchObject({ desk: 'loket-2', minutes: 30, source: 'scenario' });
    const from = Date.parse(away.from);
    const to = Date.parse(away.to!);
    expect(from).toBeGreaterThanOrEqual(epochAt(DATE, '09:30', zone));
    expect(from).toBeLessThan(epochAt(DATE, '10:30', zone));
    const calls = plan.queue.filter(
      (e) => e.event.type === 'ticket.called' && e.event.desk === 'loket-2' && e.at >= from && e.at < to,
    );
    expect(calls).toEqual([]);
    expect(
      plan.queue.filter(
        (e) => e.event.type === 'desk.closed' && e.event.desk === 'loket-2' && e.at >= from && e.at < to,
      ),
    ).toEqual([]);
    const seen = plan.presence.filter((o) => o.desk === 'loket-2' && o.at >= from && o.at < to);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((o) => !o.present).length / seen.length).toBeGreaterThan(0.85);
  });

  it('turns device anomalies into device conditions and ground truth', () => {
    expect(plan.devices.attendance.offline).toEqual([
      { from: epochAt(DATE, '07:10', zone), to: epochAt(DATE, '07:55', zone) },
    ]);
    expect(plan.devices.queue).toEqual({ offline: [], skewMs: -7 * MINUTE });
    expect(plan.truth).toContainEqual(
      expect.objectContaining({ type: 'terminal_offline', device: `attendance@${CODE}`, minutes: 45 }),
    );
    expect(plan.truth).toContainEqual(
      expect.objectContaining({ type: 'clock_skew', device: `queue@${CODE}`, minutes: -7 }),
    );
    // Another office's anomaly stays there.
    expect(plan.truth.some((e) => e.type === 'kiosk_offline')).toBe(false);
  });

  it('warns about an anomaly whose officer does not exist', () => {
    const p = planOfficeDay(
      inputs(
        withAnomalies([
          { type: 'late_arrival', kelurahan: CODE, officer: { position: 'Camat' }, minutes: 10 },
        ]),
      ),
      CODE,
      DATE,
    );
    expect(p.warnings).toEqual([expect.stringContaining('no officer matches')]);
  });
});
