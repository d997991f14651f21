import { describe, expect, it } from 'vitest';
import { workingDay } from '../calendar/calendar.ts';
import type { DeskDef, ServiceDef } from '../config/schema.ts';
import { fixtureHolidays, fixtureThresholds, fixtureWorkHours } from '../testing.ts';
import { epochAt } from '../time/wib.ts';
import { OfficeLive, type LiveEvent } from './office.ts';

/**
 * OfficeLive keeps its queue counts (waiting per service, oldest wait, served, issued) up to date as
 * events arrive instead of walking every ticket on each summary. This checks those counts against a
 * plain recount of the same events, over random days with duplicates, transfers and odd orders.
 */

const DATE = '2026-11-23';
const services: ServiceDef[] = [
  { code: 'domisili', name: 'Domisili', nameEn: 'Domicile', standardMinutes: 10, source: 't' },
  { code: 'sktm', name: 'SKTM', nameEn: 'Low income', standardMinutes: 30, source: 't' },
];
const desks: DeskDef[] = [{ code: 'loket-1', name: 'Loket 1', services: ['domisili', 'sktm'] }];
type QueueLive = Extract<LiveEvent, { kind: 'queue' }>;

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** The queue numbers recounted from scratch, with the same per-ticket rules as OfficeLive. */
function recount(events: QueueLive[]) {
  const tickets = new Map<
    string,
    {
      service: string;
      issuedAt: number | null;
      calledAt: number | null;
      transferredAt: number | null;
      endedAt: number | null;
      servedAt: number | null;
    }
  >();
  for (const e of events) {
    const t = tickets.get(e.ticketId!) ?? {
      service: e.service ?? '',
      issuedAt: null,
      calledAt: null,
      transferredAt: null,
      endedAt: null,
      servedAt: null,
    };
    if (e.type === 'ticket.issued') {
      t.issuedAt = e.at;
      if (e.service) t.service = e.service;
    } else if (e.type === 'ticket.called' || e.type === 'ticket.serving')
      t.calledAt = Math.max(t.calledAt ?? 0, e.at);
    else if (e.type === 'ticket.transferred') {
      if ((t.transferredAt ?? 0) < e.at) {
        t.transferredAt = e.at;
        if (e.toService) t.service = e.toService;
      }
    } else if (e.type === 'ticket.served') {
      t.servedAt = e.at;
      t.endedAt = Math.max(t.endedAt ?? 0, e.at);
    } else t.endedAt = Math.max(t.endedAt ?? 0, e.at);
    tickets.set(e.ticketId!, t);
  }
  const out = new Map(
    services.map((s) => [s.code, { waiting: 0, oldest: null as number | null, served: 0 }]),
  );
  let issued = 0;
  let served = 0;
  for (const t of tickets.values()) {
    if (t.issuedAt !== null) issued++;
    if (t.servedAt !== null) served++;
    const s = out.get(t.service);
    if (!s) continue;
    if (t.servedAt !== null) s.served++;
    const waiting =
      t.endedAt === null &&
      (t.issuedAt !== null || t.transferredAt !== null) &&
      !(t.calledAt !== null && (t.transferredAt === null || t.calledAt >= t.transferredAt));
    if (waiting) {
      s.waiting++;
      const since =
        t.transferredAt !== null && (t.calledAt === null || t.transferredAt > t.calledAt)
          ? t.transferredAt
          : t.issuedAt;
      if (since !== null && (s.oldest === null || since < s.oldest)) s.oldest = since;
    }
  }
  return { out, issued, served };
}

describe('office live state: queue counts kept as events arrive', () => {
  it('match a recount of every ticket, whatever the order and repetition of events', () => {
    const types: QueueLive['type'][] = [
      'ticket.issued',
      'ticket.called',
      'ticket.serving',
      'ticket.served',
      'ticket.no_show',
      'ticket.cancelled',
      'ticket.transferred',
    ];
    const codes = ['domisili', 'sktm', 'unknown-service'];
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const o = new OfficeLive(
        {
          code: '16.71.01.1001',
          kecamatanCode: '16.71.01',
          desks,
          services,
          zone: 'Asia/Jakarta',
          punchDebounceMs: 300_000,
          lateGraceMs: 59_000,
          thresholds: fixtureThresholds,
        },
        workingDay(DATE, fixtureWorkHours, fixtureHolidays),
      );
      const events: QueueLive[] = [];
      const n = 1 + Math.floor(r() * 80);
      for (let i = 0; i < n; i++) {
        const e: QueueLive = {
          kind: 'queue',
          type: types[Math.floor(r() * types.length)]!,
          at: epochAt(DATE, '08:00') + Math.floor(r() * 240) * 60_000,
          ticketId: `t${Math.floor(r() * 12)}`,
        };
        if (e.type === 'ticket.issued') e.service = codes[Math.floor(r() * codes.length)]!;
        if (e.type === 'ticket.transferred' && r() < 0.7)
          e.toService = codes[Math.floor(r() * codes.length)]!;
        events.push(e);
        if (r() < 0.2) events.push(e); // a replayed announcement
      }
      for (const e of events) o.apply(e);
      const want = recount(events);
      const d = o.detail(epochAt(DATE, '13:00'));
      expect(d.summary.issuedToday, `seed ${seed}`).toBe(want.issued);
      expect(d.summary.servedToday, `seed ${seed}`).toBe(want.served);
      for (const s of d.services) {
        const w = want.out.get(s.code)!;
        expect([s.waiting, s.oldestWaitingSince, s.servedToday], `seed ${seed} ${s.code}`).toEqual([
          w.waiting,
          w.oldest,
          w.served,
        ]);
      }
      expect(d.summary.waiting).toBe([...want.out.values()].reduce((a, s) => a + s.waiting, 0));
      // A new day starts from nothing.
      o.startDay(workingDay('2026-11-24', fixtureWorkHours, fixtureHolidays));
      expect(o.summary(epochAt('2026-11-24', '09:00'))).toMatchObject({
        waiting: 0,
        issuedToday: 0,
        servedToday: 0,
      });
    }
  });

  it('keeps punches sorted and unique whatever their order', () => {
    const o = new OfficeLive(
      {
        code: '16.71.01.1001',
        kecamatanCode: '16.71.01',
        desks,
        services,
        zone: 'Asia/Jakarta',
        punchDebounceMs: 0,
        lateGraceMs: 59_000,
        thresholds: fixtureThresholds,
      },
      workingDay(DATE, fixtureWorkHours, fixtureHolidays),
    );
    o.setOfficers([{ nip: '1', name: 'Ani', position: 'Staf', desk: null }]);
    const base = epochAt(DATE, '07:00');
    for (const m of [30, 10, 50, 10, 20, 50, 40]) o.apply({ kind: 'punch', nip: '1', at: base + m * 60_000 });
    // 10, 20, 30, 40, 50: arrived at 07:10; five punches (an odd number), so in.
    expect(o.roster()[0]).toMatchObject({ arrivedAt: base + 10 * 60_000, present: true });
    o.apply({ kind: 'punch', nip: '1', at: base + 5 * 60_000 });
    expect(o.roster()[0]).toMatchObject({
      arrivedAt: base + 5 * 60_000,
      present: false,
      leftAt: base + 50 * 60_000,
    });
  });
});
