import { describe, expect, it } from 'vitest';
import { summary } from './test-data.ts';
import { diffSummary } from './ticker.ts';

const a = summary({ code: '16.71.01.1001' });

describe('ticker facts', () => {
  it('reports a status change before anything else', () => {
    expect(diffSummary(a, { ...a, status: 'breach', waiting: 3 })).toEqual({
      kind: 'status',
      from: 'normal',
      to: 'breach',
    });
  });
  it('reports the queue, then staff, devices and desks', () => {
    expect(diffSummary(a, { ...a, waiting: 3 })).toEqual({ kind: 'waiting', waiting: 3, delta: 3 });
    expect(diffSummary(a, { ...a, staffPresent: 3 })).toEqual({
      kind: 'staff',
      present: 3,
      expected: 4,
      delta: -1,
    });
    expect(diffSummary(a, { ...a, devicesOnline: 1 })).toEqual({ kind: 'devices', offline: 1, total: 2 });
    expect(diffSummary(a, { ...a, desksOpen: 2 })).toEqual({ kind: 'desks', open: 2, total: 3 });
  });
  it('says nothing for a first sighting, a new day, or a change nobody reads', () => {
    expect(diffSummary(undefined, a)).toBeNull();
    expect(diffSummary(a, { ...a, date: '2026-11-24', waiting: 5 })).toBeNull();
    expect(diffSummary(a, { ...a, version: 9, updatedAt: 5 })).toBeNull();
  });
});
