import { z } from 'zod';
/**
 * The body Alertmanager POSTs to a webhook receiver, version 4, key for key: existing bridges
 * (Telegram, WhatsApp, on-call tools) read it unchanged. Maps are `{}` and lists `[]`, never null;
 * times RFC 3339; a firing alert ends at `0001-01-01T00:00:00Z`.
 */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number | null;
  generatorURL: string;
  fingerprint: string;
}

const stringMap = z.record(z.string(), z.string());
export const webhookBodySchema = z.object({
  receiver: z.string(),
  status: z.enum(['firing', 'resolved']),
  alerts: z.array(
    z.object({
      status: z.enum(['firing', 'resolved']),
      labels: stringMap,
      annotations: stringMap,
      startsAt: z.string(),
      endsAt: z.string(),
      generatorURL: z.string(),
      /** 16 hex digits: Alertmanager's label-set hash (fingerprintOf). */
      fingerprint: z.string(),
    }),
  ),
  notification_reason: z.string(),
  groupLabels: stringMap,
  commonLabels: stringMap,
  commonAnnotations: stringMap,
  routeLabels: stringMap,
  externalURL: z.string(),
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0),
});
export type WebhookBody = z.infer<typeof webhookBodySchema>;

const ZERO_TIME = '0001-01-01T00:00:00Z';
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function common(maps: Record<string, string>[]): Record<string, string> {
  if (!maps.length) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(maps[0]!)) if (maps.every((m) => m[k] === v)) out[k] = v;
  return out;
}

export function webhookBody(x: {
  receiver: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  alerts: WebhookAlert[];
  externalURL: string;
  reason: string;
  /** 0: all; else at most this many alerts, the rest counted in truncatedAlerts. */
  maxAlerts?: number;
}): WebhookBody {
  const firing = x.alerts.some((a) => a.status === 'firing');
  const kept = x.maxAlerts ? x.alerts.slice(0, x.maxAlerts) : x.alerts;
  return {
    receiver: x.receiver,
    status: firing ? 'firing' : 'resolved',
    alerts: kept.map((a) => ({
      status: a.status,
      labels: { ...a.labels },
      annotations: { ...a.annotations },
      startsAt: rfc3339(a.startsAt),
      endsAt: a.status === 'firing' || a.endsAt === null ? ZERO_TIME : rfc3339(a.endsAt),
      generatorURL: a.generatorURL,
      fingerprint: a.fingerprint,
    })),
    notification_reason: x.reason,
    groupLabels: { ...x.groupLabels },
    commonLabels: common(x.alerts.map((a) => a.labels)),
    commonAnnotations: common(x.alerts.map((a) => a.annotations)),
    routeLabels: {},
    externalURL: x.externalURL,
    version: '4',
    groupKey: x.groupKey,
    truncatedAlerts: x.alerts.length - kept.length,
  };
}

/** Serialised as Alertmanager sends it: the JSON and a trailing newline (its encoder adds one). */
export function webhookPayload(body: WebhookBody): string {
  return `${JSON.stringify(body)}\n`;
}
