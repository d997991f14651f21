import { Router } from 'express';
import { pushSubscriptionRequest } from '@pkk/core';
import { vapidKeys } from '@pkk/platform/alerts/vapid';
import { OutboundPolicy } from '@pkk/platform/net/outbound';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/**
 * Web Push subscriptions per user and device: the VAPID public key a browser subscribes with, and
 * its subscription stored (with the language to word its notifications in) or removed. An endpoint
 * is a URL the workers will call, so it must be https and not a literal private address (names are
 * checked again when the workers resolve them, at each send); and an endpoint stays with the user
 * who registered it: another account presenting it gets 409 (the browser then subscribes afresh).
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
    const refused = new OutboundPolicy(ctx.policy.alerting.webpush.allowed_networks).urlRefusal(
      body.endpoint,
    );
    if (refused)
      throw ApiError.badRequest('invalid body', [
        { field: 'endpoint', reason: `not a push service the workers may call: ${refused}` },
      ]);
    const row = await ctx.db
      .insertInto('push_subscriptions')
      .values({
        user_id: p.id,
        endpoint: body.endpoint,
        p256dh: body.keys.p256dh,
        auth: body.keys.auth,
        locale: body.locale,
        user_agent: req.get('user-agent')?.slice(0, 300) ?? null,
        created_at: new Date(),
      })
      .onConflict((c) =>
        c
          .column('endpoint')
          .doUpdateSet({
            p256dh: body.keys.p256dh,
            auth: body.keys.auth,
            locale: body.locale,
            expired_at: null,
          })
          .where('push_subscriptions.user_id', '=', p.id),
      )
      .returning('id')
      .executeTakeFirst();
    if (!row) throw ApiError.conflict('this push endpoint is registered to another account');
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
