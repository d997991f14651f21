import { describe, expect, it } from 'vitest';
import { SnapshotScheduler } from './scheduler.ts';
import type { SnapshotStore } from './store.ts';

describe('SnapshotScheduler', () => {
  it('takes each camera once per interval at its staggered slot, never at start-up, and skips a camera without a picture', async () => {
    let now = Date.parse('2026-11-23T03:00:00Z');
    const results: string[] = [];
    const s = new SnapshotScheduler({
      store: {
        save: async () => ({ path: '', sha256: Buffer.alloc(0) }),
        purge: async () => 0,
      } as unknown as SnapshotStore,
      cameras: () => [
        { cameraId: 'a', stream: 'sub' },
        { cameraId: 'b', stream: 'sub' },
      ],
      feedOf: () => null,
      intervalMs: 10_000,
      retentionMs: 3_600_000,
      clock: { now: () => now, speed: 1 },
      realNow: () => now,
      log: { warn: () => undefined } as never,
      onResult: (r) => results.push(r),
    });
    expect(s.tick()).toHaveLength(0);
    let taken = 0;
    for (let i = 0; i < 100; i++) {
      now += 1_000;
      const started = s.tick();
      taken += started.length;
      await Promise.all(started);
    }
    expect(taken).toBe(20); // 100 s, two cameras, every 10 s
    expect(results.every((r) => r === 'no_picture')).toBe(true);
  });
});
