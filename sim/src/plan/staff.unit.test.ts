import { describe, expect, it } from 'vitest';
import { officer } from '@pkk/core';
import { testPolicy } from '../testing/policy.ts';
import { generateStaff, LEADERSHIP, MAX_OFFICERS, MIN_OFFICERS, toOfficer } from './staff.ts';

const { registry } = testPolicy();

describe('generated staff', () => {
  const city = generateStaff('7', registry);
  const everyone = [...city.values()].flat();

  it('is the same for the same seed and different for another', () => {
    expect(generateStaff('7', registry)).toEqual(city);
    const other = generateStaff('8', registry);
    expect([...other.values()].flat().map((o) => o.nip)).not.toEqual(everyone.map((o) => o.nip));
  });

  it('gives every one of the 107 offices 8 to 20 officers, a lurah and a sekretaris', () => {
    expect(city.size).toBe(107);
    for (const [code, list] of city) {
      expect(list.length, code).toBeGreaterThanOrEqual(MIN_OFFICERS);
      expect(list.length, code).toBeLessThanOrEqual(MAX_OFFICERS);
      expect(
        list.filter((o) => o.position === 'Lurah'),
        code,
      ).toHaveLength(1);
      expect(list.slice(0, LEADERSHIP.length).map((o) => o.position)).toEqual([...LEADERSHIP]);
    }
    const sizes = new Set([...city.values()].map((l) => l.length));
    expect(sizes.size).toBeGreaterThan(8);
  });

  it('makes NIPs of 18 digits: a real birth date, an appointment after age 18 and by 2024, the sex digit, a serial', () => {
    const nips = new Set<string>();
    for (const o of everyone) {
      expect(o.nip).toMatch(/^\d{18}$/);
      const [y, m, d] = [o.nip.slice(0, 4), o.nip.slice(4, 6), o.nip.slice(6, 8)].map(Number) as [
        number,
        number,
        number,
      ];
      const birth = new Date(Date.UTC(y, m - 1, d));
      expect(birth.getUTCMonth() + 1, o.nip).toBe(m);
      expect(birth.getUTCDate(), o.nip).toBe(d);
      expect(y).toBeGreaterThanOrEqual(1960);
      const tmtYear = Number(o.nip.slice(8, 12));
      const tmtMonth = Number(o.nip.slice(12, 14));
      expect(tmtYear - y, o.nip).toBeGreaterThanOrEqual(18);
      expect(tmtYear).toBeLessThanOrEqual(2024);
      expect(tmtMonth).toBeGreaterThanOrEqual(1);
      expect(tmtMonth).toBeLessThanOrEqual(12);
      expect(o.nip[14]).toBe(String(o.sex));
      expect(Number(o.nip.slice(15))).toBeGreaterThan(0);
      nips.add(o.nip);
    }
    expect(nips.size).toBe(everyone.length);
  });

  it('puts one officer at each configured desk and numbers terminal PINs 1..n', () => {
    for (const [code, list] of city) {
      const desks = registry.desksOf(code).map((d) => d.code);
      expect(
        list
          .filter((o) => o.desk)
          .map((o) => o.desk)
          .sort(),
        code,
      ).toEqual([...desks].sort());
      expect(list.map((o) => o.pin)).toEqual(list.map((_, i) => String(i + 1)));
    }
  });

  it('produces records the officers API accepts, with plausible names', () => {
    for (const o of everyone) expect(officer.safeParse(toOfficer(o)).success, o.nip).toBe(true);
    const names = new Set(everyone.map((o) => o.name));
    expect(names.size).toBeGreaterThan(everyone.length * 0.8);
    for (const o of everyone) expect(o.name).toMatch(/^[A-Z][A-Za-z.,' ]+$/);
  });
});
