import type { Redis } from 'ioredis';
import type { Context } from '@pkk/platform/context';
import type { Directory } from '../ingest/directory.ts';
import type { LiveHub, RegistryChange } from '../live/hub.ts';
import type { Metrics } from '../metrics/metrics.ts';

/** What route modules are given. */
export interface RouteDeps {
  ctx: Context;
  hub: LiveHub;
  directory: Directory;
  metrics: Metrics;
  /** Producer connection (no offline queue) for commands issued while serving a request. */
  redis: Redis;
  /** Refreshes the BullMQ queue-depth gauges (called on each /metrics scrape). */
  collectQueueDepths(): Promise<void>;
  /** Tells every api node that registry data of an office changed. */
  registryChanged(change: RegistryChange): Promise<void>;
}
