import { describe, expect, it } from 'vitest';
import { score } from '@pkk/sim/quality/score';
import type { TruthEntry } from '@pkk/sim/truth';
import { loadPolicy } from '@pkk/platform/config/policy';
import { configDir } from '@pkk/platform/config/paths';
import { storedAsReplayed, type StoredFindingRow } from './stored.ts';

const at = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00+07:00`);

const row = (over: Partial<StoredFindingRow>): StoredFindingRow => ({
  kind: 'late_arrival',
  nature: 'occurrence',
  fingerprint: 'f',
  nip: '198703122010012099',
  date: '2026-11-23',
  subject: { kelurahan: '16.71.01.1001', kecamatan: '16.71.01', nip: '198703122010012099' },
  labels: { alertname: 'late_arrival' },
  from_at: at('07:30'),
  to_at: at('07:52'),
  severity: 'warning',
  confidence: 1,
  standing: 'pending',
  evidence: { events: [], metrics: {}, signals: [] },
  opened_at: at('07:52'),
  resolved_at: null,
  ...over,
});

describe('stored findings, scored as the replay is', () => {
  it('keeps what the scorer matches on: kind, office, day, subject and opening time', () => {
    const f = storedAsReplayed(row({}));
    expect(f.detection.kind).toBe('late_arrival');
    expect(f.detection.subject.nip).toBe('198703122010012099');
    expect(f.detection.personal).toBe(true);
    expect(f.openedAt).toBe(at('07:52').getTime());
    expect(f.resolvedAt).toBeNull();
  });

  it('counts a stored finding of a planned case as found and one of a near miss as a false alarm', () => {
    const policy = loadPolicy(configDir(''), {});
    const config = { detection: policy.detection, thresholds: policy.thresholds };
    const truth = [
      {
        type: 'late_arrival',
        kelurahan: '16.71.01.1001',
        date: '2026-11-23',
        nip: '198703122010012099',
        from: at('07:30').toISOString(),
        to: at('07:52').toISOString(),
      },
      {
        type: 'late_arrival',
        kelurahan: '16.71.01.1001',
        date: '2026-11-23',
        nip: '198703122010012100',
        from: at('07:30').toISOString(),
        to: at('07:30').toISOString(),
        nearMiss: true,
      },
    ] as unknown as TruthEntry[];
    const stored = [
      row({}),
      row({
        nip: '198703122010012100',
        subject: { kelurahan: '16.71.01.1001', kecamatan: '16.71.01', nip: '198703122010012100' },
      }),
    ].map(storedAsReplayed);
    const late = score(stored, truth, config, 20_000).find((s) => s.kind === 'late_arrival')!;
    expect([late.truePositives, late.falsePositives, late.nearMissesFlagged, late.missed]).toEqual([
      1, 1, 1, 0,
    ]);
  });
});
