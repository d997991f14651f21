import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/roles.ts';
import { fixtureHolidays, fixtureWorkHours } from '../testing.ts';
import { epochAt } from '../time/wib.ts';
import { sniffEvidenceType } from './api.ts';
import { appealDecisionRefusal, verificationRefusal, workingDeadline } from './verification.ts';

const cal = { workHours: fixtureWorkHours, holidays: fixtureHolidays };
const OFFICER = '198001012005011001';
const BOSS = '197001012000011001';
const who = (over: Partial<Principal>): Principal => ({
  id: 1,
  kind: 'user',
  username: 'u',
  role: 'asn',
  kecamatanCode: null,
  kelurahanCode: null,
  nip: null,
  ...over,
});

describe('evidence type by content', () => {
  it.each([
    ['%PDF-1.7', 'application/pdf'],
    ['\xff\xd8\xff\xe0', 'image/jpeg'],
    ['\x89PNG\r\n\x1a\n', 'image/png'],
    ['<html>', null],
    ['%PD', null],
  ])('%j is %s', (head, type) => {
    expect(sniffEvidenceType(Uint8Array.from(head, (c) => c.charCodeAt(0)))).toBe(type);
  });
});

describe('layered verification', () => {
  it('lets only the direct superior decide first, only a verifikator second, nobody their own', () => {
    const r = { nip: OFFICER, status: 'submitted' as const };
    expect(verificationRefusal(who({ nip: BOSS }), r, BOSS)).toBeNull();
    expect(verificationRefusal(who({ nip: OFFICER }), r, BOSS)?.code).toBe('forbidden');
    expect(verificationRefusal(who({ role: 'verifikator' }), r, BOSS)?.code).toBe('forbidden');
    expect(verificationRefusal(who({ role: 'admin' }), r, BOSS)?.code).toBe('forbidden');
    expect(verificationRefusal(who({ nip: BOSS }), r, null)?.code).toBe('forbidden');
    const v = { nip: OFFICER, status: 'validated' as const };
    expect(verificationRefusal(who({ role: 'verifikator' }), v, BOSS)).toBeNull();
    expect(verificationRefusal(who({ nip: BOSS }), v, BOSS)?.code).toBe('forbidden');
    expect(
      verificationRefusal(who({ role: 'verifikator' }), { nip: OFFICER, status: 'verified' }, BOSS)?.code,
    ).toBe('conflict');
  });

  it('counts a deadline in working days: submitted on Friday, 3 working days end on Wednesday', () => {
    // 2026-11-27 is a Friday: Monday, Tuesday, Wednesday; due at the start of Thursday.
    const friday = epochAt('2026-11-27', '15:00', cal.workHours.zone);
    expect(workingDeadline(friday, 3, cal)).toBe(epochAt('2026-12-03', '00:00', cal.workHours.zone));
  });
});

describe('who decides an appeal', () => {
  const a = { nip: OFFICER, deciderKind: 'direct_superior' as const, deciderNip: BOSS, contestedBy: 7 };
  it('is the decider named on it, never who contested it nor the officer', () => {
    expect(appealDecisionRefusal(who({ id: 2, nip: BOSS }), a, 'contested')).toBeNull();
    expect(appealDecisionRefusal(who({ id: 2, role: 'verifikator' }), a, 'contested')?.code).toBe(
      'forbidden',
    );
    expect(appealDecisionRefusal(who({ id: 7, nip: BOSS }), a, 'contested')?.code).toBe('forbidden');
    expect(appealDecisionRefusal(who({ id: 3, nip: OFFICER }), a, 'contested')?.code).toBe('forbidden');
    expect(appealDecisionRefusal(who({ id: 2, nip: BOSS }), a, 'standing')?.code).toBe('conflict');
  });
  it('is a verifikator once no superior is left', () => {
    const v = { ...a, deciderKind: 'verifikator' as const, deciderNip: null };
    expect(appealDecisionRefusal(who({ id: 2, role: 'verifikator' }), v, 'contested')).toBeNull();
    expect(appealDecisionRefusal(who({ id: 2, nip: BOSS }), v, 'contested')?.code).toBe('forbidden');
  });
});
