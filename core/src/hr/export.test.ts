import { describe, expect, it } from 'vitest';
import { computeTpp } from '../tpp/compute.ts';
import { fixtureRuleSet, NIP_A, NIP_B, novemberWith, officerWith } from '../tpp/testing.ts';
import type { StandingFinding } from '../tpp/inputs.ts';
import { hrMonthCsv, hrMonthExport } from './export.ts';

const finding = (id: number, kind: StandingFinding['kind'], date: string, tier: string | null = null) =>
  ({ id, digest: `d${id}`, kind, date, tier }) as unknown as StandingFinding;

describe('HR month export', () => {
  it('puts each officer on one row: the cuts by kind sum to basic − paid, corrections beside, chain head last', () => {
    const run = computeTpp(
      fixtureRuleSet,
      novemberWith([
        officerWith({
          findings: [
            finding(1, 'late_arrival', '2026-11-03', 'TL2'),
            finding(2, 'absent_no_notice', '2026-11-04'),
          ],
        }),
        officerWith({ nip: NIP_B }),
      ]),
    );
    const x = hrMonthExport(
      '2026-11',
      run.lines.map((line) => ({ line, name: line.nip === NIP_A ? 'Andi, S.Kom' : '=HYPERLINK("x")' })),
      [{ nip: NIP_A, paidDelta: 38_547, reason: 'keberatan diterima' }],
      { seq: 42, hash: 'a'.repeat(64) },
    );
    const col = (name: string) => x.header.indexOf(name);
    const a = x.rows.find((r) => r[0] === NIP_A)!;
    expect(a[col('potongan_late_arrival')]).toBe(38_547);
    expect(a[col('potongan_absent_no_notice')]).toBe(115_642);
    const cuts = x.header
      .map((h, i) => (h.startsWith('potongan_') ? Number(a[i]) : 0))
      .reduce((s, n) => s + n, 0);
    expect(Number(a[col('tpp_basic')]) - cuts).toBe(a[col('tpp_dibayar')]);
    expect(a[col('koreksi')]).toBe(38_547);
    const csv = hrMonthCsv(x);
    expect(csv).toContain('"Andi, S.Kom"');
    expect(csv).toContain(`'=HYPERLINK(""x"")`);
    expect(csv.trimEnd().split('\r\n').at(-1)).toBe(
      `# audit chain head 2026-11: seq 42 sha256 ${'a'.repeat(64)}`,
    );
  });
});
