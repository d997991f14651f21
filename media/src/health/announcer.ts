import type { Redis } from 'ioredis';
import type { CameraHealthChange } from '@pkk/core';
import { publishMessage } from '@pkk/platform/infra/bus';
import type { Logger } from '@pkk/platform/infra/logger';

/**
 * Camera health on Redis, for the screens (the api relays it as `cameras:health`). The connection is
 * a producer's, without an offline queue, so a publish made before it is ready fails at once: at
 * start every camera's first state came before the first connect completed, one warning per camera
 * ("Stream isn't writeable…") and nothing told. Changes made while the connection is not ready (at
 * start, or in an outage) wait here instead, the latest per camera, and go out as one message as soon
 * as it is; the row in camera_status stays the record either way.
 */
export class HealthAnnouncer {
  private readonly pending = new Map<string, CameraHealthChange>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    redis.on('ready', () => void this.flush());
  }

  /** Tells the change now if the connection is ready, else as soon as it is; never rejects. */
  async announce(change: CameraHealthChange): Promise<void> {
    this.pending.set(change.cameraId, change);
    if (this.redis.status === 'ready') await this.flush();
  }

  /** Changes not told yet (tests, metrics). */
  get waiting(): number {
    return this.pending.size;
  }

  private async flush(): Promise<void> {
    if (!this.pending.size) return;
    // Taken and sent in one go: commands on one connection leave in order, so an older state of a
    // camera never overtakes a newer one.
    const batch = [...this.pending.values()];
    this.pending.clear();
    try {
      await publishMessage(this.redis, this.prefix, 'cameras:health', batch);
    } catch (err) {
      // Lost with the connection: kept (unless a newer state came meanwhile) for the next 'ready'.
      for (const c of batch) if (!this.pending.has(c.cameraId)) this.pending.set(c.cameraId, c);
      this.log.debug({ err: (err as Error).message, cameras: batch.length }, 'camera health waits for Redis');
    }
  }
}
