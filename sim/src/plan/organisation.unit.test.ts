import { describe, expect, it } from 'vitest';
import { officer, parseOrgRecord, readHeader, type OrgColumn } from '@pkk/core';
import { testPolicy } from '../testing/policy.ts';
import { orgCsv, planOrganisation } from './organisation.ts';
import { generateStaff } from './staff.ts';

const { registry } = testPolicy();
const staff = generateStaff('7', registry);
const offices = registry.policy.kelurahan.map((k) => k.code);
const plan = planOrganisation('7', registry, offices, staff, '2026-12');

describe('the simulated organisation', () => {
  it('is the same for the same seed', () => {
    expect(planOrganisation('7', registry, offices, staff, '2026-12')).toEqual(plan);
  });

  it('gives every officer one row from the year start, and heads of area valid registry records', () => {
    const everyone = [...staff.values()].flat();
    const first = plan.rows.filter((r) => r.validFrom === '2026-01-01');
    expect(first).toHaveLength(everyone.length + plan.heads.length);
    expect(new Set(first.map((r) => r.nip)).size).toBe(first.length);
    for (const h of plan.heads) expect(officer.parse(h)).toMatchObject({ active: false });
    expect(plan.heads.filter((h) => h.position.startsWith('Camat'))).toHaveLength(
      registry.policy.kecamatan.length,
    );
  });

  it('chains staff → sekretaris → lurah → camat → Sekretaris Daerah, with no loop', () => {
    const byNip = new Map(plan.rows.filter((r) => r.validFrom === '2026-01-01').map((r) => [r.nip, r]));
    const setda = plan.rows.find((r) => r.jenisJabatan === 'jpt')!;
    expect(setda.atasan).toBeNull();
    for (const r of byNip.values()) {
      let at: string | null = r.nip;
      const seen = new Set<string>();
      while (at !== null) {
        expect(seen.has(at)).toBe(false);
        seen.add(at);
        at = byNip.get(at)!.atasan;
      }
      expect([...seen].at(-1)).toBe(setda.nip);
    }
    const kel = offices[0]!;
    const roster = staff.get(kel)!;
    const lurah = roster.find((o) => o.position === 'Lurah')!;
    const sek = roster.find((o) => o.position === 'Sekretaris Lurah')!;
    const aStaff = roster.find((o) => !o.leadership)!;
    expect(byNip.get(aStaff.nip)!.atasan).toBe(sek.nip);
    expect(byNip.get(sek.nip)!.atasan).toBe(lurah.nip);
    expect(byNip.get(byNip.get(lurah.nip)!.atasan!)!.unitKind).toBe('kecamatan');
  });

  it('changes one class on the 16th and sanctions another officer from the 1st of the month', () => {
    const change = plan.rows.filter((r) => r.validFrom === '2026-12-16');
    expect(change).toHaveLength(1);
    const before = plan.rows.find((r) => r.nip === change[0]!.nip && r.validFrom === '2026-01-01')!;
    expect(change[0]!.kelas).toBe(before.kelas + 1);
    expect(plan.sanction).toMatchObject({ kind: 'potong_tpp_25_6', start: '2026-12-01' });
    expect(plan.sanction!.nip).not.toBe(change[0]!.nip);
  });

  it('writes a CSV the organisation import reads without an error', () => {
    const [header, ...lines] = orgCsv(plan.rows).split('\n');
    const { index, errors } = readHeader(header!.split(','));
    expect(errors).toEqual([]);
    lines.forEach((l, i) => {
      const cells = l.split(',');
      const rec = Object.fromEntries([...index].map(([c, at]) => [c, cells[at] ?? ''])) as Record<
        OrgColumn,
        string
      >;
      const r = parseOrgRecord(i + 2, rec);
      expect(r.ok ? [] : r.errors).toEqual([]);
    });
  });
});
