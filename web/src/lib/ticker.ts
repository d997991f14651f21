import type { FindingKind, KelurahanSummary, OfficeStatus, Severity } from '@pkk/core';

/**
 * The wall's ticker of latest changes, derived from pushed summaries and from findings as they open.
 * Entries hold facts, not text: they are worded at display time, in the language shown.
 */
export type TickerFact =
  | { kind: 'status'; from: OfficeStatus; to: OfficeStatus }
  | { kind: 'waiting'; waiting: number; delta: number }
  | { kind: 'staff'; present: number; expected: number; delta: number }
  | { kind: 'devices'; offline: number; total: number }
  | { kind: 'desks'; open: number; total: number }
  | { kind: 'finding'; finding: FindingKind; severity: Severity };

export type TickerEntry = TickerFact & { id: number; at: number; code: string; status: OfficeStatus };

/** The one most telling change between two summaries of an office, if any. */
export function diffSummary(prev: KelurahanSummary | undefined, next: KelurahanSummary): TickerFact | null {
  if (!prev || prev.date !== next.date) return null;
  if (prev.status !== next.status) return { kind: 'status', from: prev.status, to: next.status };
  if (prev.waiting !== next.waiting)
    return { kind: 'waiting', waiting: next.waiting, delta: next.waiting - prev.waiting };
  if (prev.staffPresent !== next.staffPresent) {
    return {
      kind: 'staff',
      present: next.staffPresent,
      expected: next.staffExpected,
      delta: next.staffPresent - prev.staffPresent,
    };
  }
  const offPrev = prev.devicesTotal - prev.devicesOnline;
  const offNext = next.devicesTotal - next.devicesOnline;
  if (offPrev !== offNext) return { kind: 'devices', offline: offNext, total: next.devicesTotal };
  if (prev.desksOpen !== next.desksOpen)
    return { kind: 'desks', open: next.desksOpen, total: next.desksTotal };
  return null;
}

export const TICKER_LENGTH = 40;
