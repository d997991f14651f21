import { z } from 'zod';
import { parseMatcher, type Matcher } from './matchers.ts';

/**
 * config/alerting.yaml: the routing tree, receivers, inhibition rules and escalation, written in
 * Alertmanager's own form (route: receiver, group_by, group_wait, group_interval, repeat_interval,
 * matchers, continue, routes), validated at start like every config file.
 */

const duration = z
  .string()
  .regex(/^(\d+(ms|s|m|h|d))+$/, 'expected a duration such as 30s, 5m, 4h or 1h30m')
  .transform((s) => {
    let ms = 0;
    for (const [, n, unit] of s.matchAll(/(\d+)(ms|s|m|h|d)/g))
      ms += Number(n) * { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[unit as 'ms']!;
    return ms;
  });

const matcherList = z.array(z.string()).transform((list, ctx) => {
  const out: Matcher[] = [];
  list.forEach((text, i) => {
    try {
      out.push(parseMatcher(text));
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: [i], message: (err as Error).message });
    }
  });
  return out;
});

export interface RouteInput {
  receiver?: string;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  matchers?: string[];
  continue?: boolean;
  routes?: RouteInput[];
}
export interface RouteNode {
  receiver?: string;
  group_by?: string[];
  group_wait?: number;
  group_interval?: number;
  repeat_interval?: number;
  matchers: Matcher[];
  continue: boolean;
  routes: RouteNode[];
}
const routeNode: z.ZodType<RouteNode, RouteInput> = z.lazy(() =>
  z
    .object({
      receiver: z.string().min(1).optional(),
      group_by: z.array(z.string().min(1)).optional(),
      group_wait: duration.optional(),
      group_interval: duration.optional(),
      repeat_interval: duration.optional(),
      matchers: matcherList.default([]),
      continue: z.boolean().default(false),
      routes: z.array(routeNode).default([]),
    })
    .strict(),
);

/** Who a receiver reaches: people by role in the finding's area, and the channels it uses. */
const receiver = z
  .object({
    name: z.string().min(1),
    /** Users reached in the app and by push: by role, limited to the finding's kelurahan or kecamatan. */
    recipients: z.array(z.enum(['lurah', 'camat', 'walikota', 'operator', 'admin'])).default([]),
    webpush: z.boolean().default(false),
    webhook_configs: z
      .array(
        z
          .object({
            /** A URL, or `env:NAME` to read it from the environment (bridges carry secrets in paths). */
            url: z.string().min(1),
            send_resolved: z.boolean().default(true),
            /** HMAC-SHA256 key of the signature header (a value, or `env:NAME`); none: unsigned. */
            hmac_secret: z.string().min(1).optional(),
            max_alerts: z.number().int().min(0).default(0),
            http_config: z
              .object({
                basic_auth: z.object({ username: z.string(), password: z.string() }).optional(),
                authorization: z
                  .object({ type: z.string().default('Bearer'), credentials: z.string() })
                  .optional(),
              })
              .default({}),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const inhibitRule = z
  .object({
    source_matchers: matcherList,
    target_matchers: matcherList,
    equal: z.array(z.string()).default([]),
  })
  .strict();

export const alertingFile = z
  .object({
    route: routeNode,
    receivers: z.array(receiver).min(1),
    inhibit_rules: z.array(inhibitRule).default([]),
    /**
     * Not Alertmanager's: Web Push endpoints come from browsers, so the workers send to public
     * addresses only; these networks (a private push relay's) are let through as well.
     */
    webpush: z
      .object({
        allowed_networks: z
          .array(
            z.union([z.cidrv4(), z.cidrv6()], {
              message: 'expected an IPv4 or IPv6 network in CIDR form, e.g. 10.20.0.0/24',
            }),
          )
          .default([]),
      })
      .strict()
      .default({ allowed_networks: [] }),
    /** Not Alertmanager's: unacknowledged this long, a finding is routed again with `escalation` raised. */
    escalation: z.array(z.object({ after: duration, level: z.number().int().min(1) }).strict()).default([]),
  })
  .strict()
  .superRefine((f, ctx) => {
    const names = new Set<string>();
    f.receivers.forEach((r, i) => {
      if (names.has(r.name))
        ctx.addIssue({
          code: 'custom',
          path: ['receivers', i, 'name'],
          message: `receiver ${r.name} is defined twice`,
        });
      names.add(r.name);
    });
    if (!f.route.receiver)
      ctx.addIssue({
        code: 'custom',
        path: ['route', 'receiver'],
        message: 'the root route needs a receiver',
      });
    const walk = (n: RouteNode, path: (string | number)[]) => {
      if (n.receiver && !names.has(n.receiver))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'receiver'],
          message: `unknown receiver ${n.receiver}`,
        });
      n.routes.forEach((c, i) => walk(c, [...path, 'routes', i]));
    };
    walk(f.route, ['route']);
  });
export type AlertingFile = z.infer<typeof alertingFile>;
export type Receiver = AlertingFile['receivers'][number];
