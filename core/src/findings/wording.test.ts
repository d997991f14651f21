import { describe, expect, it } from 'vitest';
import type { Finding } from '../schemas/findings.ts';
import { localTimeOf } from '../time/wib.ts';
import { alertAnnotations, findingSummary, pushText, signalWords } from './wording.ts';

const at = Date.UTC(2026, 10, 23, 3, 7); // 10:07 WIB
const wait: Finding = {
  id: 42,
  kind: 'queue_wait_sla',
  nature: 'condition',
  fingerprint: '0123456789abcdef',
  labels: { alertname: 'queue_wait_sla', kelurahan: '16.71.06.1005', severity: 'critical' },
  subject: { kelurahan: '16.71.06.1005', kecamatan: '16.71.06', ticket: 'A-017' },
  date: '2026-11-23',
  from: at - 67 * 60_000,
  to: null,
  severity: 'critical',
  confidence: 1,
  state: 'open',
  standing: null,
  evidence: {
    events: [],
    metrics: { waitedMinutes: 67, targetMinutes: 30, waitingSince: at - 67 * 60_000 },
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
  resolvedAt: null,
  acknowledgedAt: null,
  escalationLevel: 0,
  appealEndsAt: null,
};
const words = { kelurahanName: 'Dua-puluh-tujuh Ilir', time: (ms: number) => localTimeOf(ms) };

describe('findings in words, the same for the inbox, push and webhooks', () => {
  it('words a push by kind, evidence, kelurahan by name and subject, in Bahasa Indonesia by default', () => {
    expect(pushText(wait, 1, 'id', words)).toEqual({
      title: 'Antrean melewati target',
      body: 'Warga menunggu 67 mnt (target 30) · Kel. Dua-puluh-tujuh Ilir · tiket A-017',
    });
    expect(pushText(wait, 3, 'en', words)).toEqual({
      title: 'Wait past target · 3 findings',
      body: 'Citizen waiting 67 min (target 30) · Kel. Dua-puluh-tujuh Ilir · ticket A-017',
    });
    expect(pushText({ ...wait, state: 'resolved' }, 0, 'id', words).title).toBe(
      'Selesai: Antrean melewati target',
    );
  });

  it('gives webhook annotations a summary and a description with each signal and the link', () => {
    const a = alertAnnotations(wait, 'id', { ...words, url: 'https://pkk.example/findings/42' });
    expect(a.summary).toBe('Antrean melewati target · Kel. Dua-puluh-tujuh Ilir');
    expect(a.description.split('\n')).toEqual([
      'Warga menunggu 67 mnt (target 30) · Kel. Dua-puluh-tujuh Ilir · tiket A-017',
      '✓ Antrean: menunggu 67 mnt, target 30 mnt',
      'Buka temuan: https://pkk.example/findings/42',
    ]);
  });

  it('words times in WIB, and falls back to the English detail for a signal without a code', () => {
    const late = {
      kind: 'late_arrival' as const,
      evidence: { events: [], signals: [], metrics: { arrivedAt: at, minutesLate: 37, tier: 'TL2' } },
    };
    expect(findingSummary(late, 'id', words.time)).toBe('Masuk 10:07, terlambat 37 mnt (TL2)');
    expect(signalWords({ detail: 'an old signal' }, 'id')).toBe('an old signal');
  });
});
