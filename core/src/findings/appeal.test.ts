import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/roles.ts';
import { fixtureHolidays, fixtureWorkHours } from '../testing.ts';
import { epochAt } from '../time/wib.ts';
import {
  appealEndsAt,
  contestRefusal,
  decisionRefusal,
  settledThrough,
  type AppealSubject,
} from './appeal.ts';

const cal = { workHours: fixtureWorkHours, holidays: fixtureHolidays, appealWorkingDays: 3 };
const at = (date: string, hhmm: string) => epochAt(date, hhmm, 'Asia/Jakarta');
const NIP = '198001012005011001';
const KEL = '16.71.01.1001';
const who = (role: Principal['role'], over: Partial<Principal> = {}): Principal => ({
  id: 7,
  kind: 'user',
  username: role,
  role,
  kecamatanCode: null,
  kelurahanCode: null,
  nip: null,
  ...over,
});
const late: AppealSubject = { standing: 'pending', date: '2026-11-23', nip: NIP, kelurahanCode: KEL };

describe('appeal window', () => {
  it('closes at the end of the third working day after the day, past weekends and holidays', () => {
    expect(appealEndsAt('2026-11-23', cal)).toBe(at('2026-11-27', '00:00')); // Mon → end of Thu
    expect(appealEndsAt('2026-11-26', cal)).toBe(at('2026-12-02', '00:00')); // Thu → Fri, Mon, Tue
    expect(appealEndsAt('2026-12-22', cal)).toBe(at('2026-12-30', '00:00')); // 24, 25 are off
  });

  it('settles the days whose window has closed, whatever the hour', () => {
    expect(settledThrough(at('2026-11-26', '23:59'), cal)).toBe('2026-11-22');
    expect(settledThrough(at('2026-11-27', '00:00'), cal)).toBe('2026-11-23');
    expect(settledThrough(at('2026-11-27', '00:30'), cal)).toBe('2026-11-23');
  });
});

describe('who may contest and decide', () => {
  const inWindow = at('2026-11-25', '10:00');
  it('lets the officer, or their lurah, contest a pending finding inside the window', () => {
    expect(contestRefusal(who('asn', { nip: NIP }), late, inWindow, cal)).toBeNull();
    expect(contestRefusal(who('lurah', { kelurahanCode: KEL }), late, inWindow, cal)).toBeNull();
  });
  it('refuses others, a closed window, a decided or contested finding, an office finding', () => {
    expect(contestRefusal(who('asn', { nip: '198001012005011002' }), late, inWindow, cal)?.reason).toMatch(
      /only the officer/,
    );
    expect(
      contestRefusal(who('lurah', { kelurahanCode: '16.71.01.1002' }), late, inWindow, cal)?.reason,
    ).toMatch(/only the officer/);
    expect(contestRefusal(who('camat'), late, inWindow, cal)?.reason).toMatch(/only the officer/);
    expect(contestRefusal(who('asn', { nip: NIP }), late, at('2026-11-27', '00:00'), cal)?.reason).toMatch(
      /window has closed/,
    );
    expect(
      contestRefusal(who('asn', { nip: NIP }), { ...late, standing: 'contested' }, inWindow, cal)?.reason,
    ).toMatch(/contested already/);
    expect(
      contestRefusal(who('asn', { nip: NIP }), { ...late, standing: 'standing' }, inWindow, cal)?.reason,
    ).toMatch(/appeal is over/);
    expect(
      contestRefusal(who('asn', { nip: NIP }), { ...late, standing: null, nip: null }, inWindow, cal)?.reason,
    ).toMatch(/about a person/);
  });
  it('lets a verifikator decide a contested finding, not the one who contested it', () => {
    const contested = { ...late, standing: 'contested' as const };
    expect(decisionRefusal(who('verifikator', { id: 9 }), contested, 7)).toBeNull();
    expect(decisionRefusal(who('lurah'), contested, 3)?.code).toBe('forbidden');
    expect(decisionRefusal(who('verifikator'), late, null)?.code).toBe('conflict');
    expect(decisionRefusal(who('admin', { id: 7 }), contested, 7)?.reason).toMatch(/cannot decide/);
    expect(decisionRefusal(who('lurah'), contested, 3)?.reason).toMatch(/only a verifikator/);
    expect(decisionRefusal(who('verifikator'), late, null)?.reason).toMatch(/only a contested/);
  });
});
