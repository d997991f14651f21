import { createHmac } from 'node:crypto';
import { webhookPayload, type WebhookBody } from '@pkk/core';
import type { DeliveryChannel } from './channel.ts';

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
 * Alertmanager's webhook, version 4, to any URL with the Basic or bearer auth a bridge needs, and an
 * HMAC-SHA256 signature over `timestamp.body` (hex, `sha256=` prefixed) so a receiver can tell the
 * message is ours and fresh.
 */
export const webhookChannel: DeliveryChannel = {
  name: 'webhook',
  async send(ctx, _db, target, payload) {
    const [, receiverName, index] = target.split(':');
    const receiver = ctx.policy.alerting.receivers.find((r) => r.name === receiverName);
    const config = receiver?.webhook_configs[Number(index)];
    if (!config) return { ok: false, gone: true, error: `no webhook ${index} on receiver ${receiverName}` };
    const body = webhookPayload(payload as WebhookBody);
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
};
