import { describe, expect, it } from 'vitest';
import { summary } from '../../lib/test-data.ts';
import { ServerClock } from './clock.ts';
import { LiveStore, type RoomChange } from './store.ts';

describe('live store', () => {
  it('replaces a room on a snapshot and merges pushes, telling only that room', () => {
    const store = new LiveStore(() => 1000);
    let city = 0;
    let other = 0;
    const changes: RoomChange[] = [];
    store.subscribeRoom('city', () => city++);
    store.subscribeRoom('kecamatan:16.71.02', () => other++);
    store.subscribeChanges('city', (c) => changes.push(c));
    store.snapshotSummaries('city', [summary({ code: '16.71.01.1001' }), summary({ code: '16.71.01.1002' })]);
    const before = store.room('city');
    store.applySummaries('city', [summary({ code: '16.71.01.1002', waiting: 3 })], 5000);
    const after = store.room('city');
    expect(after).not.toBe(before);
    expect(after.kind === 'summaries' && after.items.get('16.71.01.1002')?.waiting).toBe(3);
    expect(after.kind === 'summaries' && after.items.size).toBe(2);
    expect([city, other]).toEqual([2, 0]);
    expect(changes.map((c) => (c.all ? 'all' : c.items.map((i) => i.code).join()))).toEqual([
      'all',
      '16.71.01.1002',
    ]);
    expect(store.ticker('city')).toMatchObject([
      { kind: 'waiting', code: '16.71.01.1002', waiting: 3, at: 5000 },
    ]);
  });

  it('applies a detail patch section by section', () => {
    const store = new LiveStore();
    const s = summary({ code: '16.71.01.1001' });
    store.snapshotDetail('kelurahan:16.71.01.1001', {
      summary: s,
      desks: [],
      services: [],
      roster: [],
      devices: [],
      waitingSeries: [[1, 0]],
    });
    store.applyDetail(
      'kelurahan:16.71.01.1001',
      {
        summary: { ...s, waiting: 1 },
        waitingSeries: [
          [1, 0],
          [2, 1],
        ],
      },
      10,
    );
    const room = store.room('kelurahan:16.71.01.1001');
    expect(room.kind === 'detail' && room.detail?.waitingSeries).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(room.kind === 'detail' && room.detail?.summary.waiting).toBe(1);
  });

  it('remembers how fresh the data was when the link went down, and records refusals', () => {
    let now = 1000;
    const store = new LiveStore(() => now);
    store.setConnection({ status: 'online' });
    now = 61_000;
    store.setConnection({ status: 'offline', attempt: 1 });
    now = 181_000;
    store.setConnection({ status: 'connecting' });
    expect(store.getConnection()).toMatchObject({ status: 'connecting', currentAt: 61_000 });
    store.fail('city', { code: 'forbidden', message: 'no' });
    expect(store.room('city')).toMatchObject({ phase: 'error', error: { code: 'forbidden' } });
  });
});

describe('server clock', () => {
  it('runs at the server clock speed from the last reading', () => {
    let perf = 0;
    const clock = new ServerClock(() => perf);
    clock.setSpeed(60);
    clock.sync(1_000_000);
    perf = 1000;
    expect(clock.now()).toBe(1_060_000);
  });
});
