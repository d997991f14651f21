import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertingFile } from './config.ts';
import { cheapestFirst, MATCHER_LIMITS, matchOne, parseMatcher, type Matcher } from './matchers.ts';
import { groupKey, routesFor } from './route.ts';
import { activeSilence, inhibited, silencedBy } from './silence.ts';
import { webhookBody, webhookPayload } from './webhook.ts';

/**
 * The shared folder beside the repository (CI checks it out there), or beside a folder above it (a
 * git worktree of the repository); null when there is none.
 */
function sharedDir(sub: string): string | null {
  for (let dir = path.resolve(import.meta.dirname, '../../..'); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, '..', 'shared', sub);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

describe('matchers, as Alertmanager writes them', () => {
  it('parses the four operators, quoted or bare, and anchors regular expressions', () => {
    expect(parseMatcher('severity="critical"')).toMatchObject({
      name: 'severity',
      type: '=',
      value: 'critical',
    });
    expect(parseMatcher('kelurahan != 16.71.01.1001')).toMatchObject({ type: '!=', value: '16.71.01.1001' });
    const re = parseMatcher('alertname=~"late_.*|absent_no_notice"');
    expect(matchOne(re, { alertname: 'late_arrival' })).toBe(true);
    expect(matchOne(re, { alertname: 'not_late_arrival' })).toBe(false);
    expect(matchOne(parseMatcher('desk!~"loket-.*"'), {})).toBe(true);
    expect(matchOne(parseMatcher('desk=""'), {})).toBe(true);
  });
  it('refuses what is not a matcher, with the reason', () => {
    expect(() => parseMatcher('severity')).toThrow(/not a matcher/);
    expect(() => parseMatcher('a=~"("')).toThrow(/bad regular expression/);
  });
});

describe('matcher regexes on RE2, as Alertmanager runs them', () => {
  it('refuses what RE2 does not have (lookaround, backreferences), naming the pattern', () => {
    expect(() => parseMatcher('alertname=~"(?=late)late_arrival"')).toThrow(
      /bad regular expression "\(\?=late\)late_arrival": .*Perl syntax/,
    );
    expect(() => parseMatcher('alertname=~"(?<!x)y"')).toThrow(/bad regular expression/);
    expect(() => parseMatcher('desk=~"(a)\\\\1"')).toThrow(/bad regular expression.*escape/);
    expect(() => parseMatcher('alertname=~"late"')).not.toThrow();
  });

  it('anchors at both ends and reads RE2 classes and flags', () => {
    const m = parseMatcher('kelurahan=~"16\\\\.71\\\\.0[1-3]\\\\..*"');
    expect(matchOne(m, { kelurahan: '16.71.02.1001' })).toBe(true);
    expect(matchOne(m, { kelurahan: 'x16.71.02.1001' })).toBe(false);
    expect(matchOne(parseMatcher('desk=~"(?i)LOKET-[[:digit:]]+"'), { desk: 'loket-12' })).toBe(true);
  });

  it('evaluates a catastrophic pattern over long label values in linear time', () => {
    // (x+x+)+y backtracks exponentially in JavaScript's RegExp: 30 x's take minutes there.
    const m = parseMatcher('alertname=~"(x+x+)+y"');
    const started = performance.now();
    for (const n of [30, 1_000, 20_000]) expect(matchOne(m, { alertname: 'x'.repeat(n) })).toBe(false);
    expect(matchOne(m, { alertname: `${'x'.repeat(20_000)}y` })).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('caps what one matcher may cost, with a clear reason', () => {
    expect(() => parseMatcher(`desk="${'x'.repeat(MATCHER_LIMITS.length)}"`)).toThrow(
      /matcher too long: 307 characters, at most 300/,
    );
    expect(() => parseMatcher('desk=~"a{1000}"')).toThrow(
      /too large: "a\{1000\}" compiles to \d+ instructions, at most 1000/,
    );
    expect(() => parseMatcher('desk=~"(a{100}){100}"')).toThrow(/bad regular expression.*repeat/);
  });

  it("evaluates a silence's area matcher before its regexes", () => {
    const tripwire: Matcher = {
      name: 'alertname',
      type: '=~',
      value: 'x',
      re: {
        matches: () => {
          throw new Error('the regex ran before the area matcher');
        },
      },
    };
    const area = parseMatcher('kecamatan="16.71.01"');
    expect(cheapestFirst([tripwire, area])).toEqual([area, tripwire]);
    const s = activeSilence({
      id: 1,
      matchers: ['alertname=~"(x+x+)+y"', 'kecamatan="16.71.01"'],
      startsAt: 0,
      endsAt: 10,
    });
    expect(s.matchers.map((m) => m.name)).toEqual(['kecamatan', 'alertname']);
    expect(
      silencedBy({ kecamatan: '16.71.02', alertname: 'xxxxy' }, [{ ...s, matchers: [area, tripwire] }], 5),
    ).toEqual([]);
  });
});

const tree = alertingFile.parse({
  route: {
    receiver: 'operators',
    group_by: ['kelurahan'],
    group_wait: '30s',
    routes: [
      { matchers: ['alertname=~"late_arrival|absent_no_notice"'], receiver: 'lurah', continue: true },
      {
        matchers: ['severity="critical"'],
        receiver: 'camat',
        group_wait: '10s',
        routes: [{ matchers: ['kecamatan="16.71.01"'], receiver: 'mayor' }],
      },
      { matchers: ['alertname="device_offline"'], receiver: 'operators' },
    ],
  },
  receivers: [{ name: 'operators' }, { name: 'lurah' }, { name: 'camat' }, { name: 'mayor' }],
  inhibit_rules: [
    {
      source_matchers: ['alertname="device_offline"', 'device_kind="attendance"'],
      target_matchers: ['alertname=~"late_arrival|absent_no_notice|missing_checkout"'],
      equal: ['kelurahan'],
    },
  ],
}).route;

describe('the routing tree', () => {
  const kel = { kelurahan: '16.71.01.1001', kecamatan: '16.71.01' };
  it('takes the first matching child, goes on while it says continue, and falls back to the parent', () => {
    expect(
      routesFor(tree, { ...kel, alertname: 'late_arrival', severity: 'critical' }).map((r) => r.receiver),
    ).toEqual(['lurah', 'mayor']);
    expect(
      routesFor(tree, { ...kel, alertname: 'queue_wait_sla', severity: 'warning' }).map((r) => r.receiver),
    ).toEqual(['operators']);
    expect(
      routesFor(tree, {
        kelurahan: '16.71.02.1001',
        kecamatan: '16.71.02',
        alertname: 'desk_unattended',
        severity: 'critical',
      }).map((r) => r.receiver),
    ).toEqual(['camat']);
  });
  it('inherits settings and builds Alertmanager group keys', () => {
    const [r] = routesFor(tree, { ...kel, alertname: 'desk_unattended', severity: 'critical' });
    expect(r).toMatchObject({
      receiver: 'mayor',
      groupWaitMs: 10_000,
      groupBy: ['kelurahan'],
      repeatIntervalMs: 4 * 3_600_000,
    });
    expect(groupKey(r!, { ...kel, alertname: 'x' })).toBe(
      '{}/{severity="critical"}/{kecamatan="16.71.01"}:{kelurahan="16.71.01.1001"}',
    );
  });
  it('is validated: an unknown receiver or a bad duration names its place', () => {
    const bad = alertingFile.safeParse({
      route: { receiver: 'x', group_wait: 'soon' },
      receivers: [{ name: 'y' }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['route.group_wait', 'route.receiver']),
    );
  });
});

describe('silences and inhibition', () => {
  it('mutes while active and matching', () => {
    const s = [{ id: 1, matchers: [parseMatcher('kelurahan="16.71.01.1001"')], startsAt: 100, endsAt: 200 }];
    expect(silencedBy({ kelurahan: '16.71.01.1001' }, s, 150)).toEqual([1]);
    expect(silencedBy({ kelurahan: '16.71.01.1001' }, s, 200)).toEqual([]);
    expect(silencedBy({ kelurahan: '16.71.01.1002' }, s, 150)).toEqual([]);
  });
  it("an office's silent terminal inhibits its attendance findings, not another office's", () => {
    const rules = alertingFile.parse({
      route: { receiver: 'a' },
      receivers: [{ name: 'a' }],
      inhibit_rules: [
        {
          source_matchers: ['alertname="device_offline"', 'device_kind="attendance"'],
          target_matchers: ['alertname="absent_no_notice"'],
          equal: ['kelurahan'],
        },
      ],
    }).inhibit_rules;
    const terminal = { alertname: 'device_offline', device_kind: 'attendance', kelurahan: 'A' };
    expect(inhibited({ alertname: 'absent_no_notice', kelurahan: 'A' }, [terminal], rules)).toBe(true);
    expect(inhibited({ alertname: 'absent_no_notice', kelurahan: 'B' }, [terminal], rules)).toBe(false);
    expect(inhibited({ alertname: 'queue_wait_sla', kelurahan: 'A' }, [terminal], rules)).toBe(false);
  });
});

describe('the webhook body (version 4)', () => {
  // Alertmanager's own bodies, read in place (CI checks out shared/ beside the repository; they are
  // never copied into the product), as the ADMS conformance replay reads its corpus.
  const dir = sharedDir('conformance/alertmanager/valid');
  const present = dir !== null;
  const samples = present
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(path.join(dir!, f), 'utf8')) as Record<string, unknown>)
    : [];
  const ours = webhookBody({
    receiver: 'camat',
    groupKey: '{}:{kelurahan="16.71.01.1001"}',
    groupLabels: { kelurahan: '16.71.01.1001' },
    externalURL: 'http://pkk.example',
    reason: 'first notification',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'desk_unattended', kelurahan: '16.71.01.1001' },
        annotations: { summary: 'x' },
        startsAt: Date.UTC(2026, 10, 23, 2),
        endsAt: null,
        generatorURL: 'http://pkk.example/inbox',
        fingerprint: '0123456789abcdef',
      },
      {
        status: 'resolved',
        labels: { alertname: 'queue_wait_sla', kelurahan: '16.71.01.1001' },
        annotations: {},
        startsAt: Date.UTC(2026, 10, 23, 1),
        endsAt: Date.UTC(2026, 10, 23, 1, 30),
        generatorURL: '',
        fingerprint: 'fedcba9876543210',
      },
    ],
  });

  it.runIf(present)(
    present
      ? 'has every key Alertmanager sends, of the same types, in each of its own samples (v0.34 exactly; v0.31 had two keys fewer)'
      : 'Alertmanager samples: SKIPPED, ../shared/conformance/alertmanager is not checked out beside the repository',
    () => {
      expect(samples.length).toBeGreaterThan(0);
      const shape = (v: unknown): unknown =>
        Array.isArray(v)
          ? 'array'
          : v === null
            ? 'null'
            : typeof v === 'object'
              ? Object.fromEntries(
                  Object.keys(v as object)
                    .sort()
                    .map((k) => [
                      k,
                      typeof (v as Record<string, unknown>)[k] === 'object'
                        ? Array.isArray((v as Record<string, unknown>)[k])
                          ? 'array'
                          : 'object'
                        : typeof (v as Record<string, unknown>)[k],
                    ]),
                )
              : typeof v;
      for (const sample of samples) {
        if ('notification_reason' in sample) expect(shape(ours)).toEqual(shape(sample));
        else expect(shape(ours)).toMatchObject(shape(sample) as object);
        expect(shape(ours.alerts[0])).toEqual(shape((sample.alerts as unknown[])[0]));
      }
    },
  );
  it('ends firing alerts at the zero time, keeps RFC 3339, common labels, and a trailing newline', () => {
    expect(ours.status).toBe('firing');
    expect(ours.alerts.map((a) => a.endsAt)).toEqual(['0001-01-01T00:00:00Z', '2026-11-23T01:30:00Z']);
    expect(ours.alerts[0]!.startsAt).toBe('2026-11-23T02:00:00Z');
    expect(ours.commonLabels).toEqual({ kelurahan: '16.71.01.1001' });
    expect(ours.commonAnnotations).toEqual({});
    expect(webhookPayload(ours).endsWith('}\n')).toBe(true);
    expect(ours.alerts.every((a) => /^[0-9a-f]{16}$/.test(a.fingerprint))).toBe(true);
  });
});
