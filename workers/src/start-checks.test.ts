import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETECTORS, QueueName } from '@pkk/core';
import { testContext } from '@pkk/platform/testing/context';
import { startWorkers } from './runner.ts';

/** The registries are checked when a worker process starts, not only in a unit test. */
let ctx: Awaited<ReturnType<typeof testContext>>;
beforeAll(async () => {
  ctx = await testContext();
});
afterAll(() => ctx?.dispose());

describe('worker start', () => {
  it('stops, naming the kind, when a finding kind has two detectors', async () => {
    await expect(
      startWorkers(ctx, {
        schedules: false,
        queues: [QueueName.Maintenance],
        detectors: [...DETECTORS, DETECTORS[1]!],
      }),
    ).rejects.toThrow(`finding kind ${DETECTORS[1]!.kind} has two detectors`);
  });
});
