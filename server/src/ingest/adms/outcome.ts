import type { LiveEvent } from '@pkk/core';

/** What handling one terminal request produced: the text reply and the live events of new data. */
export interface Outcome {
  reply: string;
  events: LiveEvent[];
  /** The office's sequence number of the committed events (see ingest/store.ts). */
  seq?: number | null;
}
