import { describe, expect, it } from 'vitest';
import type { Detection } from '../schemas/findings.ts';
import { digestOf, reconcile, type StoredFinding } from './reconcile.ts';

const DATE = '2026-11-23';
function det(fingerprint: string, over: Partial<Detection> = {}): Detection {
  return {
    kind: 'desk_unattended',
    nature: 'condition',
    personal: false,
    fingerprint,
    labels: {},
    subject: { kelurahan: '16.71.01.1001', kecamatan: '16.71.01' },
    date: DATE,
    from: 1,
    to: null,
    severity: 'warning',
    confidence: 0.6,
    evidence: { events: [], metrics: {}, signals: [] },
    ...over,
  };
}
function stored(d: Detection, over: Partial<StoredFinding> = {}): StoredFinding {
  return {
    id: 1,
    kind: d.kind,
    nature: d.nature,
    fingerprint: d.fingerprint,
    date: d.date,
    state: 'open',
    standing: d.personal ? 'pending' : null,
    digest: digestOf(d),
    resolvedAt: null,
    ...over,
  };
}
const NOW = 1_000_000;
const scope = {
  date: DATE,
  closed: false,
  unjudged: new Set<never>(),
  now: NOW,
  reopenWithinMs: 15 * 60_000,
};

describe('reconcile', () => {
  it('inserts what is new, changes nothing on a re-run, updates what changed', () => {
    const d = det('a');
    expect(reconcile([], [d], scope)).toEqual({
      insert: [{ detection: d, state: 'open' }],
      update: [],
      resolve: [],
    });
    expect(reconcile([stored(d)], [d, d], scope)).toEqual({ insert: [], update: [], resolve: [] });
    const worse = det('a', { severity: 'critical' });
    expect(reconcile([stored(d)], [worse], scope).update).toEqual([
      { id: 1, detection: worse, reinstate: false },
    ]);
  });

  it('resolves a condition that cleared; a later episode is a new finding', () => {
    const d = det('a');
    expect(reconcile([stored(d)], [], scope).resolve).toEqual([{ id: 1, withdrawn: false }]);
    expect(
      reconcile([stored(d, { state: 'resolved', resolvedAt: NOW - 16 * 60_000 })], [d], scope).insert,
    ).toHaveLength(1);
  });

  it('reopens a condition back soon after it cleared, instead of a second finding', () => {
    const d = det('a');
    expect(reconcile([stored(d, { state: 'resolved', resolvedAt: NOW - 5 * 60_000 })], [d], scope)).toEqual({
      insert: [],
      update: [{ id: 1, detection: d, reinstate: true }],
      resolve: [],
    });
  });

  it('withdraws an occurrence that later evidence undid, and leaves alone what could not be judged', () => {
    const late = det('l', { kind: 'late_arrival', nature: 'occurrence', personal: true });
    expect(reconcile([stored(late)], [], scope).resolve).toEqual([{ id: 1, withdrawn: true }]);
    expect(reconcile([stored(late)], [], { ...scope, unjudged: new Set(['late_arrival'] as const) })).toEqual(
      { insert: [], update: [], resolve: [] },
    );
    // A resolved occurrence of the day is matched, never inserted again.
    expect(reconcile([stored(late, { state: 'resolved' })], [late], scope)).toEqual({
      insert: [],
      update: [],
      resolve: [],
    });
  });

  it('closes the day: occurrences final (resolved, not withdrawn), conditions over', () => {
    const late = det('l', { kind: 'late_arrival', nature: 'occurrence', personal: true });
    const desk = det('d');
    const plan = reconcile([stored(late, { id: 1 }), stored(desk, { id: 2 })], [late], {
      ...scope,
      closed: true,
    });
    expect(plan.resolve).toEqual([
      { id: 1, withdrawn: false },
      { id: 2, withdrawn: false },
    ]);
  });

  it('reinstates a withdrawn occurrence when the evidence returns', () => {
    const late = det('l', { kind: 'late_arrival', nature: 'occurrence', personal: true });
    expect(
      reconcile([stored(late, { state: 'resolved', standing: 'withdrawn' })], [late], scope).update,
    ).toEqual([{ id: 1, detection: late, reinstate: true }]);
  });
});
