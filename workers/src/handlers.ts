import type { Context } from '@pkk/server/context';
import { JobName, type JobPayloads } from './jobs.ts';
import { ensurePartitionsJob, purgeSessionsJob } from './maintenance/processor.ts';

export type JobStatus = 'success' | 'skipped';
export type Handler<N extends JobName> = (ctx: Context, data: JobPayloads[N]) => Promise<JobStatus>;

/** Every job name with exactly one handler. `checkHandlers` refuses to start on a gap or a double. */
export const HANDLERS: { name: JobName; handle: Handler<JobName> }[] = [
  { name: JobName.EnsurePartitions, handle: ensurePartitionsJob as Handler<JobName> },
  { name: JobName.PurgeSessions, handle: purgeSessionsJob as Handler<JobName> },
];

export function checkHandlers(list = HANDLERS): Map<JobName, Handler<JobName>> {
  const map = new Map<JobName, Handler<JobName>>();
  for (const h of list) {
    if (map.has(h.name)) throw new Error(`job ${h.name} has two handlers`);
    map.set(h.name, h.handle);
  }
  const missing = Object.values(JobName).filter((n) => !map.has(n));
  if (missing.length) throw new Error(`jobs without a handler: ${missing.join(', ')}`);
  return map;
}
