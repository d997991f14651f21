import type { LiveEvent } from '@pkk/core';

/** What handling one terminal request produced: the text reply and the live events of new data. */
export interface Outcome {
  reply: string;
  events: LiveEvent[];
}
