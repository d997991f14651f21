import { describe, expect, it } from 'vitest';
import {
  findingsByOffice,
  statusWithFinding,
  statusWithFindings,
  summariesWithFindings,
} from './finding-status.ts';
import { finding, summary } from './test-data.ts';

const A = '16.71.01.1001';
const B = '16.71.01.1002';

describe('open findings on the wall', () => {
  it('counts only open findings, the worst severity deciding', () => {
    const by = findingsByOffice([
      finding({ id: 1, kelurahan: A, severity: 'warning' }),
      finding({ id: 2, kelurahan: A, severity: 'critical' }),
      finding({ id: 3, kelurahan: A, severity: 'info' }),
      finding({ id: 4, kelurahan: B, severity: 'critical', state: 'resolved' }),
      finding({ id: 5, kelurahan: B, severity: 'info' }),
    ]);
    expect(by.get(A)).toEqual({ status: 'breach', open: 3, critical: 1 });
    expect(by.get(B)).toEqual({ status: null, open: 1, critical: 0 });
  });

  it('raises normal and attention, never lowers, and leaves offline and closed alone', () => {
    const breach = { status: 'breach' as const, open: 1, critical: 1 };
    const attention = { status: 'attention' as const, open: 1, critical: 0 };
    expect(statusWithFindings('normal', breach)).toBe('breach');
    expect(statusWithFindings('attention', breach)).toBe('breach');
    expect(statusWithFindings('normal', attention)).toBe('attention');
    expect(statusWithFindings('breach', attention)).toBe('breach');
    expect(statusWithFindings('offline', breach)).toBe('offline');
    expect(statusWithFindings('closed', breach)).toBe('closed');
    expect(statusWithFindings('normal', undefined)).toBe('normal');
    expect(statusWithFindings('normal', { status: null, open: 2, critical: 0 })).toBe('normal');
  });

  it('gives a new finding in the ticker the colour it gives its office', () => {
    expect(statusWithFinding('normal', 'critical')).toBe('breach');
    expect(statusWithFinding('breach', 'warning')).toBe('breach');
    expect(statusWithFinding('offline', 'critical')).toBe('offline');
    expect(statusWithFinding(undefined, 'warning')).toBe('attention');
    expect(statusWithFinding(undefined, 'info')).toBe('normal');
  });

  it('changes only the summaries whose colour moves', () => {
    const items = new Map([
      [A, summary({ code: A })],
      [B, summary({ code: B, status: 'offline' })],
    ]);
    expect(summariesWithFindings(items, new Map())).toBe(items);
    const out = summariesWithFindings(
      items,
      findingsByOffice([
        finding({ id: 1, kelurahan: A }),
        finding({ id: 2, kelurahan: B, severity: 'critical' }),
      ]),
    );
    expect(out.get(A)!.status).toBe('attention');
    expect(out.get(B)).toBe(items.get(B));
    expect(items.get(A)!.status).toBe('normal');
  });
});
