import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import webpush from 'web-push';
import { vapidKeys } from '@pkk/platform/alerts/vapid';
import type { DeliveryChannel } from './channel.ts';

interface PushPayload {
  title: string;
  body: string;
  url: string;
  severity: string;
  ttl: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  tag: string;
}

let agent: { file: string; agent: Agent } | null = null;
/** An agent that also trusts PUSH_CA_FILE (with the usual roots), made once. */
function agentFor(file: string | undefined): Agent | undefined {
  if (!file) return undefined;
  if (agent?.file !== file)
    agent = {
      file,
      agent: new Agent({ ca: [...rootCertificates, readFileSync(file, 'utf8')], keepAlive: true }),
    };
  return agent.agent;
}

/**
 * Web Push (RFC 8030, payload encrypted per RFC 8291, VAPID per RFC 8292) with the `web-push`
 * library, to each subscription of each recipient: TTL and urgency by severity; a subscription the
 * push service says is gone (404, 410) is pruned.
 */
export const webpushChannel: DeliveryChannel = {
  name: 'webpush',
  async send(ctx, db, target, payload) {
    const id = Number(target.split(':')[1]);
    const sub = await db.selectFrom('push_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!sub || sub.expired_at) return { ok: false, gone: true, error: 'subscription removed' };
    const p = payload as PushPayload;
    const keys = vapidKeys(ctx);
    try {
      const res = await webpush.sendNotification(
        { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
        JSON.stringify({ title: p.title, body: p.body, url: p.url, severity: p.severity, tag: p.tag }),
        {
          TTL: p.ttl,
          urgency: p.urgency,
          vapidDetails: keys,
          timeout: 10_000,
          ...(ctx.env.PUSH_CA_FILE ? { agent: agentFor(ctx.env.PUSH_CA_FILE) } : {}),
        },
      );
      await db
        .updateTable('push_subscriptions')
        .set({ last_success_at: new Date() })
        .where('id', '=', id)
        .execute();
      return { ok: true, status: res.statusCode };
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404 || status === 410) {
        await db
          .updateTable('push_subscriptions')
          .set({ expired_at: new Date() })
          .where('id', '=', id)
          .execute();
        return { ok: false, gone: true, status, error: `subscription gone (HTTP ${status})` };
      }
      return { ok: false, status, error: (err as Error).message };
    }
  },
};
