import { scaledClock, type Clock } from '@pkk/core';
import { TEST_DAY_START } from '@pkk/platform/testing/context';

/** Real speed, from the project's fixed test day: nothing in media tests depends on today's date or zone. */
export function testClock(): Clock {
  return scaledClock({ realEpochMs: Date.now(), virtualEpochMs: TEST_DAY_START, speed: 1 });
}
