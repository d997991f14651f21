import type { KelurahanSummary, OfficeStatus } from '@pkk/core';
import { countByStatus, longestWaitMs } from './status.ts';

export interface Totals {
  offices: number;
  staffPresent: number;
  staffExpected: number;
  staffLate: number;
  waiting: number;
  /** The longest wait anywhere and where, or null when nobody waits. */
  longestWait: { ms: number; code: string } | null;
  desksOpen: number;
  desksTotal: number;
  devicesOffline: number;
  devicesTotal: number;
  servedToday: number;
  byStatus: Record<OfficeStatus, number>;
}

/** Adds up office summaries: the city counters, or a kecamatan's. */
export function totals(items: Iterable<KelurahanSummary>, now: number): Totals {
  const list = [...items];
  const t: Totals = {
    offices: list.length,
    staffPresent: 0,
    staffExpected: 0,
    staffLate: 0,
    waiting: 0,
    longestWait: null,
    desksOpen: 0,
    desksTotal: 0,
    devicesOffline: 0,
    devicesTotal: 0,
    servedToday: 0,
    byStatus: countByStatus(list),
  };
  for (const s of list) {
    t.staffPresent += s.staffPresent;
    t.staffExpected += s.staffExpected;
    t.staffLate += s.staffLate;
    t.waiting += s.waiting;
    t.desksOpen += s.desksOpen;
    t.desksTotal += s.desksTotal;
    t.devicesOffline += Math.max(0, s.devicesTotal - s.devicesOnline);
    t.devicesTotal += s.devicesTotal;
    t.servedToday += s.servedToday;
    if (s.waiting > 0) {
      const ms = longestWaitMs(s, now);
      if (!t.longestWait || ms > t.longestWait.ms) t.longestWait = { ms, code: s.code };
    }
  }
  return t;
}
