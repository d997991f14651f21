import type { KelurahanSummary } from '@pkk/core';

/** A summary for tests, with the fields a test cares about. */
export function summary(over: Partial<KelurahanSummary> & { code: string }): KelurahanSummary {
  return {
    kecamatanCode: over.code.slice(0, 8),
    version: 1,
    date: '2026-11-23',
    status: 'normal',
    reasons: [],
    staffExpected: 4,
    staffPresent: 4,
    staffLate: 0,
    staffOnLeave: 0,
    desksOpen: 3,
    desksTotal: 3,
    waiting: 0,
    oldestWaitingSince: null,
    servedToday: 0,
    issuedToday: 0,
    devicesOnline: 2,
    devicesTotal: 2,
    updatedAt: 0,
    ...over,
  };
}
