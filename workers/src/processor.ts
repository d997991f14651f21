import type { Job } from 'bullmq';
import { JOBS, type JobName, type JobOf, type JobStatus } from '@pkk/core';
import type { Context } from '@pkk/platform/context';

/**
 * The worker contract, as BullMQ's `Processor<Data, Result, Name>`: a processor gets the context and
 * the BullMQ job (id, attempts made, typed payload) and returns a status; throwing fails the attempt.
 */
export type Processor<N extends JobName> = (
  ctx: Context,
  job: Job<JobOf<N>, JobStatus, N>,
) => Promise<JobStatus>;

/** A processor as the registry holds it: the payload read back from Redis is checked before it runs. */
export interface RegisteredProcessor {
  name: JobName;
  run(ctx: Context, job: Job): Promise<JobStatus>;
}

export function defineProcessor<N extends JobName>(name: N, process: Processor<N>): RegisteredProcessor {
  return {
    name,
    run(ctx, job) {
      const parsed = JOBS[name].schema.safeParse(job.data);
      if (!parsed.success)
        throw new Error(`job ${job.id} (${name}) has a payload its schema refuses: ${parsed.error.message}`);
      const typed: Job<JobOf<N>, JobStatus, N> = Object.assign(job, { data: parsed.data, name });
      return process(ctx, typed);
    },
  };
}
