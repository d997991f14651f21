import { describe, expect, it } from 'vitest';
import { envSchema } from './env.ts';

const parse = (env: Record<string, string>) => envSchema.safeParse(env);

describe('TRUSTED_PROXIES', () => {
  it('is loopback unless set: a proxy on the same host', () => {
    expect(parse({}).data?.TRUSTED_PROXIES).toEqual(['loopback']);
  });

  it('takes addresses, CIDR ranges of either family and the named ranges, comma-separated', () => {
    expect(
      parse({ TRUSTED_PROXIES: '10.42.0.0/16, 172.28.0.10 ,fd00::/8,uniquelocal' }).data?.TRUSTED_PROXIES,
    ).toEqual(['10.42.0.0/16', '172.28.0.10', 'fd00::/8', 'uniquelocal']);
  });

  it('refuses what is not one, naming the entry', () => {
    for (const bad of ['10.0.0.0/33', 'fd00::/129', 'proxy.local', '10.0.0.0/8/1', '10.0.0.0/x'])
      expect(parse({ TRUSTED_PROXIES: bad }).error?.issues[0]?.message, bad).toContain(bad);
  });
});

describe('ALLOWED_ORIGINS', () => {
  it('takes origins, nothing after the port', () => {
    expect(
      parse({ ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080/' }).data?.ALLOWED_ORIGINS,
    ).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(parse({ ALLOWED_ORIGINS: 'https://a.example/app' }).success).toBe(false);
    expect(parse({ ALLOWED_ORIGINS: 'a.example' }).success).toBe(false);
  });
});

describe('secure defaults', () => {
  it('makes session cookies Secure unless turned off, and keeps metrics on loopback', () => {
    const d = parse({}).data!;
    expect(d.COOKIE_SECURE).toBe(true);
    expect(parse({ COOKIE_SECURE: '0' }).data?.COOKIE_SECURE).toBe(false);
    expect([d.METRICS_HOST, d.METRICS_PORT, d.MEDIA_METRICS_PORT, d.METRICS_TOKEN]).toEqual([
      '127.0.0.1',
      9464,
      9465,
      undefined,
    ]);
    // An empty token (compose's ${METRICS_TOKEN:-}) is no token; a short one is refused.
    expect(parse({ METRICS_TOKEN: '' }).data?.METRICS_TOKEN).toBeUndefined();
    expect(parse({ METRICS_TOKEN: 'short' }).success).toBe(false);
  });
});
