import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Transaction } from 'kysely';
import webpush from 'web-push';
import { localTimeOf, locale, pushNotification, pushText, type Receiver } from '@pkk/core';
import type { Context } from '@pkk/platform/context';
import type { Database } from '@pkk/platform/db/schema';
import { findingPath, type GroupAlert } from '@pkk/platform/alerts/fan-out';
import { vapidKeys } from '@pkk/platform/alerts/vapid';
import { OutboundPolicy, RefusedAddressError } from '@pkk/platform/net/outbound';
import { defineChannel } from './channel.ts';

const SEVERITY_TTL = { critical: 24 * 3600, warning: 4 * 3600, info: 3600 } as const;
const SEVERITY_URGENCY = { critical: 'high', warning: 'normal', info: 'low' } as const;

let made: { key: string; policy: OutboundPolicy; agent: Agent } | null = null;
/**
 * The https agent pushes go out on, made once per configuration: its DNS lookup refuses what is not
 * a public address (or in webpush.allowed_networks) and pins the socket to the address it checked;
 * it also trusts PUSH_CA_FILE (a private relay's authority) besides the usual roots.
 */
function outbound(ctx: Context): { policy: OutboundPolicy; agent: Agent } {
  const allowed = ctx.policy.alerting.webpush.allowed_networks;
  const caFile = ctx.env.PUSH_CA_FILE;
  const key = JSON.stringify([allowed, caFile ?? null]);
  if (made?.key !== key) {
    const policy = new OutboundPolicy(allowed);
    made = {
      key,
      policy,
      agent: new Agent({
        keepAlive: true,
        lookup: policy.lookup(),
        ...(caFile ? { ca: [...rootCertificates, readFileSync(caFile, 'utf8')] } : {}),
      }),
    };
  }
  return made;
}

/** The push subscriptions of the receiver's recipients in the alerts' area, with their language. */
async function pushTargets(
  db: Transaction<Database>,
  receiver: Receiver,
  alerts: readonly GroupAlert[],
): Promise<{ id: number; locale: string }[]> {
  if (!receiver.webpush || !receiver.recipients.length) return [];
  const kel = [...new Set(alerts.map((a) => a.finding.subject.kelurahan))];
  const kec = [...new Set(alerts.map((a) => a.finding.subject.kecamatan))];
  return db
    .selectFrom('push_subscriptions')
    .innerJoin('users', 'users.id', 'push_subscriptions.user_id')
    .select(['push_subscriptions.id', 'push_subscriptions.locale'])
    .where('push_subscriptions.expired_at', 'is', null)
    .where('users.active', '=', true)
    .where((w) =>
      w.or(
        receiver.recipients.map((role) =>
          role === 'lurah'
            ? w.and([w('users.role', '=', 'lurah'), w('users.kelurahan_code', 'in', kel)])
            : role === 'camat'
              ? w.and([w('users.role', '=', 'camat'), w('users.kecamatan_code', 'in', kec)])
              : w('users.role', '=', role),
        ),
      ),
    )
    .orderBy('push_subscriptions.id')
    .execute();
}

/**
 * Web Push (RFC 8030, payload encrypted per RFC 8291, VAPID per RFC 8292) with the `web-push`
 * library, to each subscription of each recipient: the most serious finding of the group worded in
 * the subscriber's language, a tap opening that finding; TTL and urgency by severity. Endpoints come
 * from browsers, so only https to public addresses (after DNS resolution, on the connection that
 * was checked); a subscription whose endpoint is refused, or that the push service says is gone
 * (404, 410), is pruned.
 */
export const webpushChannel = defineChannel({
  name: 'webpush',
  payload: pushNotification,
  async fanOut(x) {
    const subs = await pushTargets(x.db, x.receiver, x.alerts);
    if (!subs.length || !x.alerts.length) return [];
    const firing = x.alerts.filter((a) => a.status === 'firing').length;
    // Alerts come most serious first, firing before resolved.
    const top = x.alerts[0]!.finding;
    const time = (ms: number) => localTimeOf(ms, x.zone);
    return subs.map((sub) => {
      const lang = locale.catch('id').parse(sub.locale);
      return {
        target: `webpush:${sub.id}`,
        payload: {
          ...pushText(top, firing, lang, { kelurahanName: x.nameOf(top.subject.kelurahan), time }),
          url: findingPath(top.id),
          severity: top.severity,
          tag: x.group.groupKey,
          lang,
          ttl: SEVERITY_TTL[top.severity],
          urgency: SEVERITY_URGENCY[top.severity],
        },
      };
    });
  },
  async send(ctx, db, target, p) {
    const id = Number(target.split(':')[1]);
    const sub = await db.selectFrom('push_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!sub || sub.expired_at) return { ok: false, gone: true, error: 'subscription removed' };
    const prune = async (error: string, status?: number) => {
      await db
        .updateTable('push_subscriptions')
        .set({ expired_at: new Date() })
        .where('id', '=', id)
        .execute();
      return { ok: false as const, gone: true, status, error };
    };
    const { policy, agent } = outbound(ctx);
    const refused = policy.urlRefusal(sub.endpoint);
    if (refused) return prune(`push endpoint refused: ${refused}`);
    try {
      const res = await webpush.sendNotification(
        { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
        JSON.stringify({
          title: p.title,
          body: p.body,
          url: p.url,
          severity: p.severity,
          tag: p.tag,
          lang: p.lang,
        }),
        { TTL: p.ttl, urgency: p.urgency, vapidDetails: vapidKeys(ctx), timeout: 10_000, agent },
      );
      await db
        .updateTable('push_subscriptions')
        .set({ last_success_at: new Date() })
        .where('id', '=', id)
        .execute();
      return { ok: true, status: res.statusCode };
    } catch (err) {
      if (err instanceof RefusedAddressError) return prune(`push endpoint refused: ${err.message}`);
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404 || status === 410) return prune(`subscription gone (HTTP ${status})`, status);
      return { ok: false, status, error: (err as Error).message };
    }
  },
});
