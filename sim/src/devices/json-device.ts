import { ingestResult, type DeviceKind, type IngestResult } from '@pkk/core';
import { RetryableError, type Http } from '../http/client.ts';

const PATHS: Record<DeviceKind, { path: string; key: 'punches' | 'events' | 'observations' }> = {
  attendance: { path: '/api/v1/ingest/attendance', key: 'punches' },
  queue: { path: '/api/v1/ingest/queue', key: 'events' },
  presence: { path: '/api/v1/ingest/presence', key: 'observations' },
};

/** What a delivery came to: the server's verdict, or a refusal that retrying will not change. */
export type Delivery = { ok: true; result: IngestResult } | { ok: false; status: number; reason: string };

/**
 * A device on the JSON ingest API (attendance gateway, queue kiosk, camera analytics): posts batches
 * with its own key. An empty batch is how it says "still here" when it has nothing to report.
 */
export class JsonDevice {
  constructor(
    private readonly http: Http,
    readonly kind: DeviceKind,
    readonly kelurahan: string,
    public key: string,
  ) {}

  /** Throws RetryableError when the batch should be sent again later. */
  async post(items: unknown[]): Promise<Delivery> {
    const { path, key } = PATHS[this.kind];
    const reply = await this.http.send('POST', path, {
      headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kelurahan: this.kelurahan, [key]: items }),
    });
    if (reply.status === 200 || reply.status === 422) {
      const parsed = ingestResult.safeParse(safeJson(reply.text));
      if (parsed.success) return { ok: true, result: parsed.data };
      throw new RetryableError(`${path}: unreadable reply ${reply.text.slice(0, 200)}`, reply.status);
    }
    return { ok: false, status: reply.status, reason: reply.text.slice(0, 300) };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
