import { describe, expect, it } from 'vitest';
import { fingerprintOf, webhookBodySchema, type Finding, type Receiver, type WebhookBody } from '@pkk/core';
import { alertLabels } from '@pkk/platform/alerts/labels';
import type { FanOut, GroupAlert } from '@pkk/platform/alerts/fan-out';
import { alertmanagerSamples } from '@pkk/platform/testing/shared';
import { webhookChannel } from './webhook.ts';

/**
 * The webhook channel's notifications: Alertmanager's v4 body key for key (checked against its own
 * samples), with what the bridges read beyond it: `instance` and `job` labels, `summary` and
 * `description` annotations worded as the inbox words them, and Alertmanager's fingerprint.
 */
const KEL = '16.71.06.1005';
const at = Date.UTC(2026, 10, 23, 3, 7);
const finding = (id: number, ticket: string, state: 'open' | 'resolved'): Finding => ({
  id,
  kind: 'queue_wait_sla',
  nature: 'condition',
  fingerprint: `fp-${ticket}`,
  labels: { alertname: 'queue_wait_sla', kelurahan: KEL, kecamatan: '16.71.06', severity: 'warning', ticket },
  subject: { kelurahan: KEL, kecamatan: '16.71.06', ticket },
  date: '2026-11-23',
  from: at - 67 * 60_000,
  to: null,
  severity: 'warning',
  confidence: 1,
  state,
  standing: null,
  evidence: {
    events: [],
    metrics: { waitedMinutes: 67, targetMinutes: 30 },
    signals: [
      {
        name: 'queue',
        agrees: true,
        detail: 'waiting 67 min, target 30',
        code: 'queue.waiting',
        values: { minutes: 67, target: 30 },
      },
    ],
  },
  openedAt: at,
  updatedAt: at,
  resolvedAt: state === 'resolved' ? at + 60_000 : null,
  acknowledgedAt: null,
  escalationLevel: 0,
  appealEndsAt: null,
});
const alert = (f: Finding): GroupAlert => ({
  finding: f,
  labels: alertLabels(f),
  status: f.state === 'open' ? 'firing' : 'resolved',
});
const receiver: Receiver = {
  name: 'mayor-office',
  recipients: [],
  webpush: false,
  webhook_configs: [
    { url: 'https://bridge.example/a', send_resolved: true, max_alerts: 0, http_config: {} },
    { url: 'https://bridge.example/b', send_resolved: false, max_alerts: 0, http_config: {} },
  ],
};
const fanOut = (alerts: GroupAlert[]) =>
  webhookChannel.fanOut({
    db: undefined as unknown as FanOut['db'],
    receiver,
    group: { id: 7, groupKey: `{}:{kelurahan="${KEL}"}`, groupLabels: { kelurahan: KEL } },
    alerts,
    reason: 'alerts changed',
    externalURL: 'https://pkk.example',
    nameOf: (code) => (code === KEL ? 'Dua-puluh-tujuh Ilir' : code),
    zone: 'Asia/Jakarta',
  });

describe('the webhook channel', () => {
  it('carries instance, job, summary, description, the finding’s link and Alertmanager’s fingerprint', async () => {
    const [a, b] = await fanOut([alert(finding(5, 'A-017', 'open')), alert(finding(6, 'A-018', 'resolved'))]);
    expect(a!.target).toBe('webhook:mayor-office:0');
    const body: WebhookBody = webhookBodySchema.parse(a!.payload);
    expect(body.alerts).toHaveLength(2);
    const [firing] = body.alerts;
    expect(firing).toMatchObject({
      status: 'firing',
      labels: { instance: KEL, job: 'service', kelurahan: KEL, alertname: 'queue_wait_sla' },
      annotations: {
        summary: 'Antrean melewati target · Kel. Dua-puluh-tujuh Ilir',
        description:
          'Warga menunggu 67 mnt (target 30) · Kel. Dua-puluh-tujuh Ilir · tiket A-017\n' +
          '✓ Antrean: menunggu 67 mnt, target 30 mnt\n' +
          'Buka temuan: https://pkk.example/findings/5',
        kelurahan: 'Dua-puluh-tujuh Ilir',
      },
      generatorURL: 'https://pkk.example/findings/5',
      startsAt: '2026-11-23T03:07:00Z',
      endsAt: '0001-01-01T00:00:00Z',
    });
    expect(firing!.fingerprint).toBe(fingerprintOf(firing!.labels));
    expect(firing!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    // A webhook that does not want resolutions gets the firing alert only.
    expect(b!.target).toBe('webhook:mayor-office:1');
    expect((b!.payload as WebhookBody).alerts.map((x) => x.status)).toEqual(['firing']);
  });

  it('sends nothing to a webhook that wants no resolutions when all of it resolved', async () => {
    const made = await fanOut([alert(finding(6, 'A-018', 'resolved'))]);
    expect(made.map((m) => m.target)).toEqual(['webhook:mayor-office:0']);
  });

  const samples = alertmanagerSamples();
  it.runIf(samples.length > 0)(
    'has every key of Alertmanager’s own bodies, and fingerprints them as Alertmanager did',
    async () => {
      const [made] = await fanOut([alert(finding(5, 'A-017', 'open'))]);
      const ours = made!.payload as unknown as Record<string, unknown>;
      for (const sample of samples) {
        expect(Object.keys(ours)).toEqual(expect.arrayContaining(Object.keys(sample)));
        const theirs = (sample.alerts as Record<string, unknown>[])[0]!;
        expect(Object.keys((ours.alerts as object[])[0]!).sort()).toEqual(Object.keys(theirs).sort());
        for (const a of sample.alerts as { labels: Record<string, string>; fingerprint: string }[])
          expect(fingerprintOf(a.labels)).toBe(a.fingerprint);
      }
    },
  );
});
