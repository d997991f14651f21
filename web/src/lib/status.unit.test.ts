import { describe, expect, it } from 'vitest';
import { totals } from './city.ts';
import { compareByAttention, countByStatus } from './status.ts';
import { summary } from './test-data.ts';

const NOW = Date.UTC(2026, 10, 23, 3, 0);

describe('attention order', () => {
  it('puts breach first, then attention, offline, normal, closed; longer waits first within a status', () => {
    const list = [
      summary({ code: '16.71.01.1001', status: 'closed' }),
      summary({ code: '16.71.01.1002', status: 'normal' }),
      summary({ code: '16.71.01.1003', status: 'breach', waiting: 2, oldestWaitingSince: NOW - 40 * 60_000 }),
      summary({ code: '16.71.01.1004', status: 'offline' }),
      summary({ code: '16.71.01.1005', status: 'breach', waiting: 9, oldestWaitingSince: NOW - 70 * 60_000 }),
      summary({
        code: '16.71.01.1006',
        status: 'attention',
        waiting: 1,
        oldestWaitingSince: NOW - 20 * 60_000,
      }),
    ];
    const sorted = [...list].sort(compareByAttention(NOW, (c) => c));
    expect(sorted.map((s) => s.code.slice(-1))).toEqual(['5', '3', '6', '4', '2', '1']);
  });

  it('adds up the city: staff, queue, the longest wait and where, desks, devices offline', () => {
    const t = totals(
      [
        summary({
          code: '16.71.01.1001',
          staffPresent: 3,
          waiting: 2,
          oldestWaitingSince: NOW - 5 * 60_000,
          devicesOnline: 1,
        }),
        summary({
          code: '16.71.01.1002',
          waiting: 4,
          oldestWaitingSince: NOW - 25 * 60_000,
          desksOpen: 1,
          status: 'attention',
        }),
      ],
      NOW,
    );
    expect(t).toMatchObject({
      staffPresent: 7,
      staffExpected: 8,
      waiting: 6,
      desksOpen: 4,
      desksTotal: 6,
      devicesOffline: 1,
      devicesTotal: 4,
    });
    expect(t.longestWait).toEqual({ ms: 25 * 60_000, code: '16.71.01.1002' });
    expect(countByStatus([summary({ code: '16.71.01.1001', status: 'breach' })]).breach).toBe(1);
  });
});
