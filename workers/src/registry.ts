import { JobName, type PolicyConfig } from '@pkk/core';
import type { RegisteredProcessor } from './processor.ts';
import {
  alertsEscalateProcessor,
  alertsFlushProcessor,
  alertsReconcileProcessor,
} from './queues/alerts/processor.ts';
import {
  detectOfficeProcessor,
  detectTickProcessor,
  findingsSettleProcessor,
} from './queues/detect/processor.ts';
import { notifySendProcessor } from './queues/notify/processor.ts';
import { ingestCommittedProcessor } from './queues/ingest/processor.ts';
import { ensurePartitionsProcessor, purgeSessionsProcessor } from './queues/maintenance/processor.ts';

/** Every job's processor, one line each. `checkProcessors` refuses to start on a gap or a double. */
export const PROCESSORS: RegisteredProcessor[] = [
  ensurePartitionsProcessor,
  purgeSessionsProcessor,
  ingestCommittedProcessor,
  detectOfficeProcessor,
  detectTickProcessor,
  findingsSettleProcessor,
  alertsFlushProcessor,
  alertsEscalateProcessor,
  alertsReconcileProcessor,
  notifySendProcessor,
];

export function checkProcessors(list = PROCESSORS): Map<JobName, RegisteredProcessor> {
  const map = new Map<JobName, RegisteredProcessor>();
  for (const p of list) {
    if (map.has(p.name)) throw new Error(`job ${p.name} has two processors`);
    map.set(p.name, p);
  }
  const missing = Object.values(JobName).filter((n) => !map.has(n));
  if (missing.length) throw new Error(`jobs without a processor: ${missing.join(', ')}`);
  return map;
}

/** Repeating jobs and their schedules: cron in the office zone, or every so many milliseconds. */
export function schedulesFor(policy: PolicyConfig) {
  const zone = policy.workHours.zone;
  return [
    { name: JobName.EnsurePartitions, repeat: { pattern: '15 0 * * *', tz: zone }, data: { monthsAhead: 2 } },
    { name: JobName.PurgeSessions, repeat: { pattern: '30 * * * *', tz: zone }, data: {} },
    { name: JobName.DetectTick, repeat: { every: policy.detection.tickSeconds * 1000 }, data: {} },
    { name: JobName.AlertsEscalate, repeat: { every: 60_000 }, data: {} },
    { name: JobName.AlertsReconcile, repeat: { every: 60_000 }, data: {} },
    { name: JobName.FindingsSettle, repeat: { every: 5 * 60_000 }, data: {} },
  ] as const;
}
