import { Router, type Request } from 'express';
import { z } from 'zod';
import { QueueName, type FailedJob } from '@pkk/core';
import { requireRole } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

const listQuery = z.object({
  queue: z.enum(QueueName).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const jobParams = z.object({ queue: z.enum(QueueName), id: z.string().min(1).max(200) });

/**
 * Jobs that failed all their attempts: listed for admins, and retried by hand once the cause is
 * fixed (a receiver back up, a bug deployed away). Every retry is logged with who asked for it.
 */
export function jobRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('admin'));

  router.get('/failed', async (req, res) => {
    const q = parseOr400(listQuery, req.query, 'query');
    const queues = q.queue ? [q.queue] : Object.values(QueueName);
    const items: FailedJob[] = [];
    let total = 0;
    for (const name of queues) {
      const queue = ctx.jobs.queue(name);
      total += await queue.getFailedCount();
      for (const job of await queue.getFailed(0, q.limit - 1)) {
        items.push({
          queue: name,
          id: job.id!,
          name: job.name,
          data: job.data,
          attemptsMade: job.attemptsMade,
          failedReason: job.failedReason,
          failedAt: job.finishedOn ?? null,
        });
      }
    }
    items.sort((a, b) => (b.failedAt ?? 0) - (a.failedAt ?? 0));
    res.json({ items: items.slice(0, q.limit), total });
  });

  router.post('/:queue/:id/retry', async (req: Request<{ queue: string; id: string }>, res) => {
    const p = parseOr400(jobParams, req.params, 'path');
    const job = await ctx.jobs.queue(p.queue).getJob(p.id);
    if (!job) throw ApiError.notFound(`no job ${p.id} in queue ${p.queue}`);
    if (!(await job.isFailed()))
      throw ApiError.conflict(`job ${p.id} has not failed; only failed jobs can be retried`);
    await job.retry('failed', { resetAttemptsMade: true });
    ctx.log.info({ queue: p.queue, id: p.id, by: req.principal?.username }, 'failed job retried by hand');
    res.status(202).json({ queue: p.queue, id: p.id, state: 'waiting' });
  });
  return router;
}
