import type { Transport } from '@pkk/core';
import type { Db } from '@pkk/platform/db/index';
import type { Clock } from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';
import { audit, type AuditTrx } from '@pkk/platform/audit/log';

/** How often an open view's last_seen_at is refreshed: a crashed node's views show when they stopped. */
export const VIEW_HEARTBEAT_MS = 30_000;

/**
 * The live-view audit (table live_views; the api inserts the row when it hands out the token):
 * started_at and transport when media first flows, last_seen_at while it flows, ended_at at the end.
 * Writes never fail a stream: an audit write that fails is logged.
 */
export class ViewLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** One viewer's session of a view: call `sent()` on every media message, `end()` once. */
  open(viewId: string, transport: Transport): ViewSession {
    return new ViewSession(this, viewId, transport);
  }

  async started(viewId: string, transport: Transport): Promise<void> {
    const at = new Date(this.clock.now());
    await this.write('start', () =>
      this.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('live_views')
          .set({ started_at: at, transport, last_seen_at: at })
          .where('view_id', '=', viewId)
          .where('started_at', 'is', null)
          .returning(['camera_id', 'user_id', 'node'])
          .executeTakeFirst();
        if (row) await auditView(trx, at.getTime(), 'live_view.started', viewId, row, { transport });
      }),
    );
  }

  async seen(viewId: string): Promise<void> {
    const at = new Date(this.clock.now());
    await this.write('heartbeat', () =>
      this.db
        .updateTable('live_views')
        .set({ last_seen_at: at })
        .where('view_id', '=', viewId)
        .where('ended_at', 'is', null)
        .execute(),
    );
  }

  async ended(viewId: string): Promise<void> {
    const at = new Date(this.clock.now());
    await this.write('end', () =>
      this.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('live_views')
          .set({ ended_at: at, last_seen_at: at })
          .where('view_id', '=', viewId)
          .where('ended_at', 'is', null)
          .returning(['camera_id', 'user_id', 'node', 'started_at', 'transport'])
          .executeTakeFirst();
        if (row)
          await auditView(trx, at.getTime(), 'live_view.ended', viewId, row, {
            startedAt: row.started_at?.getTime() ?? null,
            endedAt: at.getTime(),
            transport: row.transport,
          });
      }),
    );
  }

  private async write(what: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.log.warn({ err, what }, 'live view audit write failed');
    }
  }
}

/** Who watched which camera from when to when, in the audit trail, with the live_views change. */
async function auditView(
  trx: AuditTrx,
  at: number,
  action: string,
  viewId: string,
  row: { camera_id: string; user_id: number; node: string },
  payload: Record<string, unknown>,
): Promise<void> {
  await audit(trx, {
    at,
    actor: `user:${row.user_id}`,
    action,
    subject: `camera:${row.camera_id}`,
    refs: [`live_view:${viewId}`],
    payload: { viewId, node: row.node, ...payload },
  });
}

export class ViewSession {
  private startedAt: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private done = false;

  constructor(
    private readonly views: ViewLog,
    readonly viewId: string,
    readonly transport: Transport,
  ) {}

  /** Media went out: the first time records the start and begins the heartbeat. */
  sent(): void {
    if (this.startedAt || this.done) return;
    this.startedAt = this.views.started(this.viewId, this.transport);
    this.timer = setInterval(() => void this.views.seen(this.viewId), VIEW_HEARTBEAT_MS);
    this.timer.unref();
  }

  async end(): Promise<void> {
    if (this.done) return;
    this.done = true;
    if (this.timer) clearInterval(this.timer);
    if (!this.startedAt) return; // nothing was watched: the row keeps only its issue time
    await this.startedAt;
    await this.views.ended(this.viewId);
  }
}
