import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Settings of the edge between the product and the network in front of it: which proxies may say
 * who the client is, and which web origins may act with a user's cookie. Parsed from comma-separated
 * environment variables.
 */

/** proxy-addr's names for whole ranges (express `trust proxy` takes them too). */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One trusted proxy entry: a range name, an address, or an address with a prefix length. */
export function proxyEntryProblem(entry: string): string | null {
  if (PROXY_NAMES.has(entry)) return null;
  const [addr, bits, ...rest] = entry.split('/');
  const family = isIP(addr ?? '');
  if (!family || rest.length)
    return `${entry}: not an IP address, a CIDR range or one of ${[...PROXY_NAMES].join(', ')}`;
  if (bits === undefined) return null;
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return `${entry}: prefix length must be 0-${max}`;
  return null;
}

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * TRUSTED_PROXIES: the reverse proxies and load balancers whose X-Forwarded-For is believed (the
 * client address is the last address before the first untrusted hop). `loopback` by default: a
 * proxy on the same host. Behind nginx in compose or a Kubernetes ingress, their networks.
 */
export const trustedProxies = z
  .string()
  .default('loopback')
  .transform(list)
  .superRefine((entries, ctx) => {
    for (const e of entries) {
      const problem = proxyEntryProblem(e);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  });

/** An origin as browsers send it: `scheme://host[:port]`, no path. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * ALLOWED_ORIGINS: web origins besides PUBLIC_URL's whose pages may act with a user's session
 * cookie (another name the app is served under). Empty by default.
 */
export const allowedOrigins = z
  .string()
  .default('')
  .transform(list)
  .superRefine((entries, ctx) => {
    for (const e of entries)
      if (originOf(e) !== e.replace(/\/$/, ''))
        ctx.addIssue({ code: 'custom', message: `${e}: an origin is scheme://host[:port], nothing after` });
  })
  .transform((entries) => entries.map((e) => e.replace(/\/$/, '')));
