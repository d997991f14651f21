import type { Finding, KelurahanSummary } from '@pkk/core';

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

/** An open finding for tests, with the fields a test cares about. */
export function finding(over: Partial<Finding> & { id: number; kelurahan?: string }): Finding {
  const { kelurahan = '16.71.01.1001', ...rest } = over;
  return {
    kind: 'queue_wait_sla',
    nature: 'condition',
    fingerprint: `fp-${over.id}`,
    labels: {
      alertname: over.kind ?? 'queue_wait_sla',
      kelurahan,
      kecamatan: kelurahan.slice(0, 8),
      severity: over.severity ?? 'warning',
    },
    subject: { kelurahan, kecamatan: kelurahan.slice(0, 8) },
    date: '2026-11-23',
    from: 0,
    to: null,
    severity: 'warning',
    confidence: 1,
    state: 'open',
    standing: null,
    evidence: { events: [], metrics: {}, signals: [] },
    openedAt: 0,
    updatedAt: 0,
    resolvedAt: null,
    acknowledgedAt: null,
    escalationLevel: 0,
    appealEndsAt: null,
    ...rest,
  };
}
