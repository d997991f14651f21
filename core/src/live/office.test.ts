import { describe, expect, it } from 'vitest';
import { workingDay } from '../calendar/calendar.ts';
import {
  fixtureDesks,
  fixtureHolidays,
  fixtureServices,
  fixtureThresholds,
  fixtureWorkHours,
} from '../testing.ts';
import { epochAt } from '../time/wib.ts';
import { OfficeLive, type LiveEvent } from './office.ts';

const DATE = '2026-11-23'; // Monday
const at = (hhmm: string) => epochAt(DATE, hhmm);
const services = fixtureServices;
const desks = fixtureDesks;

function office() {
  const o = new OfficeLive(
    {
      code: '16.71.01.1001',
      kecamatanCode: '16.71.01',
      desks,
      services,
      zone: 'Asia/Jakarta',
      punchDebounceMs: 5 * 60_000,
      lateGraceMs: 59_000,
      thresholds: fixtureThresholds,
    },
    workingDay(DATE, fixtureWorkHours, fixtureHolidays),
  );
  o.setOfficers([
    { nip: '1', name: 'Ani', position: 'Kasi', desk: 'loket-1' },
    { nip: '2', name: 'Budi', position: 'Staf', desk: 'loket-2' },
    { nip: '3', name: 'Citra', position: 'Staf', desk: null },
  ]);
  o.setDevices([{ id: 9, kind: 'queue', name: 'kiosk', protocol: 'json', lastSeenAt: null }]);
  return o;
}
const q = (
  type: Extract<LiveEvent, { kind: 'queue' }>['type'],
  hhmm: string,
  extra: Partial<Extract<LiveEvent, { kind: 'queue' }>> = {},
): LiveEvent => ({ kind: 'queue', type, at: at(hhmm), ...extra });

describe('office live state: attendance', () => {
  it('marks arrival, lateness past 07:30:59 and departure from alternating punches', () => {
    const o = office();
    o.apply({ kind: 'punch', nip: '1', at: at('07:30') + 59_000 }); // on time: 07:30:59
    o.apply({ kind: 'punch', nip: '2', at: at('07:31') }); // late by 1 minute
    o.apply({ kind: 'punch', nip: '2', at: at('07:33') }); // double press, within 5 minutes
    o.apply({ kind: 'punch', nip: '1', at: at('16:02') }); // leaves
    const r = Object.fromEntries(o.roster().map((e) => [e.nip, e]));
    expect(r['1']).toMatchObject({ lateMinutes: 0, present: false, leftAt: at('16:02') });
    expect(r['2']).toMatchObject({ lateMinutes: 1, present: true, leftAt: null, arrivedAt: at('07:31') });
    expect(r['3']).toMatchObject({ arrivedAt: null, present: false });
  });

  it('shows a lone punch the terminal recorded as a check-out as a departure without arrival', () => {
    const o = office();
    o.apply({ kind: 'punch', nip: '1', at: at('16:05'), direction: 'out' });
    o.apply({ kind: 'punch', nip: '2', at: at('08:05'), direction: 'in' });
    const r = Object.fromEntries(o.roster().map((e) => [e.nip, e]));
    expect(r['1']).toMatchObject({ arrivedAt: null, leftAt: at('16:05'), present: false, lateMinutes: 0 });
    expect(r['2']).toMatchObject({ arrivedAt: at('08:05'), present: true, lateMinutes: 35 });
  });

  it('gives the same state when an event is applied twice or out of order', () => {
    const a = office();
    const b = office();
    const events: LiveEvent[] = [
      { kind: 'punch', nip: '1', at: at('07:20') },
      q('ticket.issued', '08:00', { ticketId: 't1', service: 'domisili' }),
      q('ticket.called', '08:10', { ticketId: 't1', desk: 'loket-1' }),
      q('ticket.served', '08:20', { ticketId: 't1', desk: 'loket-1' }),
      { kind: 'punch', nip: '1', at: at('12:00') },
    ];
    for (const e of events) a.apply(e);
    for (const e of [...events].reverse()) {
      b.apply(e);
      b.apply(e);
    }
    const now = at('13:00');
    const strip = (o: OfficeLive) => {
      const d = o.detail(now);
      return { ...d, summary: { ...d.summary, version: 0, updatedAt: 0 }, waitingSeries: [] };
    };
    expect(strip(b)).toEqual(strip(a));
  });

  it('counts officers on leave out of the expected staff', () => {
    const o = office();
    o.setLeave(new Map([['3', 'dinas_luar']]));
    const s = o.summary(at('09:00'));
    expect(s.staffExpected).toBe(2);
    expect(s.staffOnLeave).toBe(1);
    expect(o.roster().find((r) => r.nip === '3')?.leave).toBe('dinas_luar');
  });

  it('ignores events of another day', () => {
    const o = office();
    expect(o.apply({ kind: 'punch', nip: '1', at: epochAt('2026-11-22', '07:00') })).toBe(false);
    expect(o.roster().every((r) => r.arrivedAt === null)).toBe(true);
  });
});

describe('office live state: queue', () => {
  it('tracks waiting, the oldest wait, served per service and transfers', () => {
    const o = office();
    o.apply(q('desk.opened', '07:35', { desk: 'loket-1' }));
    o.apply(q('ticket.issued', '08:00', { ticketId: 'a', service: 'domisili' }));
    o.apply(q('ticket.issued', '08:05', { ticketId: 'b', service: 'domisili' }));
    o.apply(q('ticket.issued', '08:07', { ticketId: 'c', service: 'sktm' }));
    o.apply(q('ticket.called', '08:10', { ticketId: 'a', desk: 'loket-1' }));
    o.apply(q('ticket.served', '08:15', { ticketId: 'a', desk: 'loket-1' }));
    o.apply(q('ticket.transferred', '08:20', { ticketId: 'b', toService: 'sktm' }));
    const d = o.detail(at('08:30'));
    expect(d.summary).toMatchObject({
      waiting: 2,
      servedToday: 1,
      issuedToday: 3,
      desksOpen: 1,
      oldestWaitingSince: at('08:07'),
    });
    expect(Object.fromEntries(d.services.map((s) => [s.code, [s.waiting, s.servedToday]]))).toEqual({
      domisili: [0, 1],
      sktm: [2, 0],
    });
    expect(d.waitingSeries.at(-1)).toEqual([at('08:15'), 2]);
  });

  it('drops no-shows and cancellations from the queue', () => {
    const o = office();
    o.apply(q('ticket.issued', '09:00', { ticketId: 'a', service: 'domisili' }));
    o.apply(q('ticket.issued', '09:01', { ticketId: 'b', service: 'domisili' }));
    o.apply(q('ticket.no_show', '09:30', { ticketId: 'a' }));
    o.apply(q('ticket.cancelled', '09:31', { ticketId: 'b' }));
    expect(o.summary(at('09:40')).waiting).toBe(0);
  });
});

describe('office status', () => {
  it('is closed outside office hours when nobody waits', () => {
    expect(office().summary(at('06:00'))).toMatchObject({ status: 'closed', reasons: ['outside_hours'] });
    expect(office().summary(at('16:30'))).toMatchObject({ status: 'closed' });
  });

  it('is offline when none of its devices reports', () => {
    expect(office().summary(at('09:00'))).toMatchObject({
      status: 'offline',
      reasons: ['all_devices_offline'],
    });
  });

  it('breaches when a citizen waits past the target or no desk is open for waiting citizens', () => {
    const o = office();
    o.apply({ kind: 'device', deviceId: 9, at: at('09:04') });
    for (const nip of ['1', '2']) o.apply({ kind: 'punch', nip, at: at('07:25') });
    o.apply(q('ticket.issued', '08:35', { ticketId: 'a', service: 'domisili' }));
    o.apply(q('desk.opened', '08:00', { desk: 'loket-1' }));
    expect(o.summary(at('08:52'))).toMatchObject({ status: 'attention', reasons: ['wait_long'] });
    expect(o.summary(at('09:05'))).toMatchObject({ status: 'breach', reasons: ['wait_breach'] });
    o.apply(q('desk.closed', '08:50', { desk: 'loket-1' }));
    expect(o.summary(at('08:51'))).toMatchObject({
      status: 'breach',
      reasons: ['wait_long', 'no_desk_open'],
    });
  });

  it('needs attention when too few of the expected staff are in after the grace period', () => {
    const o = office();
    o.apply({ kind: 'device', deviceId: 9, at: at('08:30') });
    o.apply({ kind: 'punch', nip: '1', at: at('07:25') });
    expect(o.summary(at('07:45')).status).toBe('normal');
    expect(o.summary(at('08:30'))).toMatchObject({ status: 'attention', reasons: ['staff_low'] });
  });
});
