import { createHmac } from 'node:crypto';
import {
  alertAnnotations,
  fingerprintOf,
  localTimeOf,
  webhookBody,
  webhookBodySchema,
  webhookPayload,
  type WebhookAlert,
} from '@pkk/core';
import { findingPath, type FanOut, type GroupAlert } from '@pkk/platform/alerts/fan-out';
import { defineChannel } from './channel.ts';

/** `env:NAME` reads a value from the environment: bridge URLs and secrets stay out of the config file. */
function resolve(value: string): string {
  if (!value.startsWith('env:')) return value;
  const v = process.env[value.slice(4)];
  if (!v) throw new Error(`environment variable ${value.slice(4)} is not set`);
  return v;
}

export const SIGNATURE_HEADER = 'x-pkk-signature';
export const TIMESTAMP_HEADER = 'x-pkk-timestamp';

/**
 * One alert as a bridge reads it: the labels it is routed by (with `instance` and `job`), the
 * fingerprint Alertmanager would give that label set, `summary` and `description` worded from the
 * same templates as the inbox (Bahasa Indonesia), and the finding's own page as its link. Receivers
 * are configured by admins in config/alerting.yaml, so their URLs are trusted: unlike Web Push
 * endpoints (which browsers hand in), any address is allowed, private networks included.
 */
function webhookAlert(x: FanOut, a: GroupAlert): WebhookAlert {
  const f = a.finding;
  const url = `${x.externalURL}${findingPath(f.id)}`;
  const name = x.nameOf(f.subject.kelurahan);
  return {
    status: a.status,
    labels: a.labels,
    annotations: {
      ...alertAnnotations(f, 'id', {
        kelurahanName: name,
        time: (ms) => localTimeOf(ms, x.zone),
        url,
      }),
      kelurahan: name,
    },
    startsAt: f.openedAt,
    endsAt: f.resolvedAt,
    generatorURL: url,
    fingerprint: fingerprintOf(a.labels),
  };
}

/**
 * Alertmanager's webhook, version 4, to any URL with the Basic or bearer auth a bridge needs, and an
 * HMAC-SHA256 signature over `timestamp.body` (hex, `sha256=` prefixed) so a receiver can tell the
 * message is ours and fresh. One notification per webhook of the receiver; resolved alerts only to
 * those that say send_resolved.
 */
export const webhookChannel = defineChannel({
  name: 'webhook',
  payload: webhookBodySchema,
  async fanOut(x) {
    return x.receiver.webhook_configs.flatMap((w, i) => {
      const sent = w.send_resolved ? x.alerts : x.alerts.filter((a) => a.status === 'firing');
      if (!sent.length) return [];
      const payload = webhookBody({
        receiver: x.receiver.name,
        groupKey: x.group.groupKey,
        groupLabels: x.group.groupLabels,
        alerts: sent.map((a) => webhookAlert(x, a)),
        externalURL: x.externalURL,
        reason: x.reason,
        maxAlerts: w.max_alerts,
      });
      return [{ target: `webhook:${x.receiver.name}:${i}`, payload }];
    });
  },
  async send(ctx, _db, target, payload) {
    const [, receiverName, index] = target.split(':');
    const receiver = ctx.policy.alerting.receivers.find((r) => r.name === receiverName);
    const config = receiver?.webhook_configs[Number(index)];
    if (!config) return { ok: false, gone: true, error: `no webhook ${index} on receiver ${receiverName}` };
    const body = webhookPayload(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'PusatKomandoKelurahan/1 (Alertmanager webhook v4)',
    };
    const { basic_auth: basic, authorization: auth } = config.http_config;
    if (basic)
      headers.authorization = `Basic ${Buffer.from(`${resolve(basic.username)}:${resolve(basic.password)}`).toString('base64')}`;
    else if (auth) headers.authorization = `${auth.type} ${resolve(auth.credentials)}`;
    if (config.hmac_secret) {
      const ts = String(Math.floor(Date.now() / 1000));
      headers[TIMESTAMP_HEADER] = ts;
      headers[SIGNATURE_HEADER] =
        `sha256=${createHmac('sha256', resolve(config.hmac_secret)).update(`${ts}.${body}`).digest('hex')}`;
    }
    try {
      const res = await fetch(resolve(config.url), {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      return res.ok
        ? { ok: true, status: res.status }
        : { ok: false, status: res.status, error: `HTTP ${res.status}` };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  },
});
