import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Camera, CameraHealth } from '@pkk/core';
import { cameraApi } from './cameras.ts';
import { CamerasStore } from './cameras-store.ts';

const health = (state: CameraHealth['state'], since: number): CameraHealth => ({
  state,
  lastFrameAt: since,
  since,
  bitrateKbps: 300,
  reconnects: 0,
  lastError: null,
  node: 'media-1',
});
const cam = (id: string, kelurahanCode: string): Camera => ({
  id,
  kelurahanCode,
  kecamatanCode: kelurahanCode.slice(0, 8),
  name: `Loket ${id}`,
  placement: 'desks',
  pullMode: 'always',
  enabled: true,
  hasSubStream: true,
  zones: [],
  health: health('online', 1),
  snapshotUrl: null,
  snapshotAt: null,
});

afterEach(() => vi.restoreAllMocks());

describe('cameras store', () => {
  it('patches the health of a camera in every list holding it, telling only those lists', async () => {
    const A = '16.71.01.1001';
    const B = '16.71.02.1002';
    const a = '00000000-0000-4000-8000-00000000000a';
    const b = '00000000-0000-4000-8000-00000000000b';
    vi.spyOn(cameraApi, 'list').mockImplementation(async (q = {}) => ({
      items: [cam(a, A), cam(b, B)].filter(
        (c) =>
          (!q.kelurahan || c.kelurahanCode === q.kelurahan) &&
          (!q.kecamatan || c.kecamatanCode === q.kecamatan),
      ),
      serverNow: 10,
    }));
    const store = new CamerasStore();
    const told = { city: 0, a: 0, b: 0 };
    const stops = [
      store.watch({}, () => told.city++),
      store.watch({ kelurahan: A }, () => told.a++),
      store.watch({ kelurahan: B }, () => told.b++),
    ];
    await Promise.all([store.load({}), store.load({ kelurahan: A }), store.load({ kelurahan: B })]);
    const before = { ...told };
    const untouched = store.get({ kelurahan: B });

    store.applyHealth([{ cameraId: a, kelurahanCode: A, health: health('offline', 99) }]);

    expect(store.get({}).items.find((c) => c.id === a)!.health.state).toBe('offline');
    expect(store.get({ kelurahan: A }).items[0]!.health).toMatchObject({ state: 'offline', since: 99 });
    expect(store.get({ kelurahan: B })).toBe(untouched);
    expect(told).toEqual({ city: before.city + 1, a: before.a + 1, b: before.b });
    // A camera no list holds changes nothing.
    store.applyHealth([
      { cameraId: '00000000-0000-4000-8000-0000000000ff', kelurahanCode: A, health: health('offline', 5) },
    ]);
    expect(told).toEqual({ city: before.city + 1, a: before.a + 1, b: before.b });
    for (const stop of stops) stop();
  });
});
