import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CalendarGap } from '@pkk/core';
import type { LostSteps } from '@pkk/platform/alerts/lost';

/** Prometheus metrics of one process, served at /metrics. */
export function createMetrics(
  opts: {
    calendarGaps?: () => CalendarGap[];
    /** The workers' alerts reconciler counts (they have no HTTP server: read from Redis at scrape). */
    alertsLost?: () => Promise<{ last: LostSteps; total: LostSteps }>;
  } = {},
) {
  const lost = async (gauge: Gauge<'step'>, kind: 'last' | 'total') => {
    // Redis unreachable: the last values stay, the scrape still answers.
    const counts = await opts.alertsLost?.().catch(() => null);
    if (counts) for (const [step, n] of Object.entries(counts[kind])) gauge.set({ step }, n);
  };
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pkk_' });
  return {
    registry,
    ingestItems: new Counter({
      name: 'pkk_ingest_items_total',
      help: 'Ingested items by channel and result (accepted, duplicate, conflict, rejected, flagged)',
      labelNames: ['channel', 'result'] as const,
      registers: [registry],
    }),
    ingestBatchSeconds: new Histogram({
      name: 'pkk_ingest_batch_seconds',
      help: 'Time from request body received to reply, per ingest batch',
      labelNames: ['channel'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    ingestRequests: new Counter({
      name: 'pkk_ingest_requests_total',
      help: 'Ingest requests by channel and HTTP status',
      labelNames: ['channel', 'status'] as const,
      registers: [registry],
    }),
    socketClients: new Gauge({
      name: 'pkk_socket_clients',
      help: 'Connected socket.io clients on this node',
      registers: [registry],
    }),
    liveDeltas: new Counter({
      name: 'pkk_live_deltas_total',
      help: 'Live-state deltas pushed, by room kind',
      labelNames: ['room'] as const,
      registers: [registry],
    }),
    roleRestarts: new Gauge({
      name: 'pkk_role_restarts',
      help: 'Times npm start restarted a role that exited on its own, since the launcher started',
      labelNames: ['role'] as const,
      registers: [registry],
    }),
    liveReloads: new Gauge({
      name: 'pkk_live_office_reloads',
      help: 'Offices whose live state this node re-read after a missed announcement (gap or reconcile)',
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'pkk_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
    }),
    alertsLost: new Gauge({
      name: 'pkk_alerts_lost',
      help: 'Alerting steps the last reconcile round found lost and queued again (findings no group told, overdue repeats, unsent notifications): not zero means a real loss',
      labelNames: ['step'] as const,
      registers: [registry],
      async collect() {
        await lost(this, 'last');
      },
    }),
    alertsLostTotal: new Gauge({
      name: 'pkk_alerts_lost_total',
      help: 'Alerting steps found lost and queued again by every reconcile round so far, by step',
      labelNames: ['step'] as const,
      registers: [registry],
      async collect() {
        await lost(this, 'total');
      },
    }),
    calendarGaps: new Gauge({
      name: 'pkk_calendar_gaps',
      help: 'Calendar data missing for this year or the next (1 per gap): holidays or Ramadan dates to add to config',
      labelNames: ['year', 'missing'] as const,
      registers: [registry],
      collect() {
        if (!opts.calendarGaps) return;
        this.reset();
        for (const g of opts.calendarGaps()) this.set({ year: g.year, missing: g.missing }, 1);
      },
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
