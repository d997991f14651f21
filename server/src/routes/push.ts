import { Router } from 'express';
import { pushSubscriptionRequest } from '@pkk/core';
import { vapidKeys } from '@pkk/platform/alerts/vapid';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/**
 * Web Push subscriptions per user and device: the VAPID public key a browser subscribes with, and
 * its subscription stored (or moved to this user when the device changed hands) or removed.
 */
export function pushRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('walikota', 'operator', 'admin', 'camat', 'lurah'));

  router.get('/key', (_req, res) => {
    res.json({ publicKey: vapidKeys(ctx).publicKey });
  });

  router.post('/subscriptions', async (req, res) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw ApiError.forbidden('push subscriptions belong to people, not API tokens');
    const body = parseOr400(pushSubscriptionRequest, req.body);
    const row = await ctx.db
      .insertInto('push_subscriptions')
      .values({
        user_id: p.id,
        endpoint: body.endpoint,
        p256dh: body.keys.p256dh,
        auth: body.keys.auth,
        user_agent: req.get('user-agent')?.slice(0, 300) ?? null,
        created_at: new Date(),
      })
      .onConflict((c) =>
        c
          .column('endpoint')
          .doUpdateSet({ user_id: p.id, p256dh: body.keys.p256dh, auth: body.keys.auth, expired_at: null }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    res.status(201).json({ id: row.id });
  });

  router.post('/subscriptions/remove', async (req, res) => {
    const p = principalOf(req);
    const { endpoint } = parseOr400(pushSubscriptionRequest.pick({ endpoint: true }), req.body);
    await ctx.db
      .updateTable('push_subscriptions')
      .set({ expired_at: new Date() })
      .where('endpoint', '=', endpoint)
      .where('user_id', '=', p.id)
      .execute();
    res.status(204).end();
  });
  return router;
}
