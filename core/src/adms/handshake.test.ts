import { describe, expect, it } from 'vitest';
import { buildHandshake, timeReply, timeZoneValue } from './handshake.ts';

const base = { serial: 'ABC123', delaySeconds: 10, errorDelaySeconds: 30, timeZoneMinutes: 420 };
const keys = (text: string) =>
  Object.fromEntries(
    text
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('buildHandshake', () => {
  it('starts with GET OPTION FROM and sends LF-separated Key=Value lines', () => {
    const text = buildHandshake({ ...base, pushVersion: '2.4.1' });
    expect(text.split('\n')[0]).toBe('GET OPTION FROM: ABC123');
    expect(text).not.toContain('\r');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('answers terminals that send pushver with ATTLOGStamp first, and also the legacy keys', () => {
    const text = buildHandshake({ ...base, pushVersion: '2.4.0' });
    expect(text.split('\n')[1]).toMatch(/^ATTLOGStamp=/);
    expect(keys(text)).toMatchObject({
      ATTLOGStamp: '9999',
      OPERLOGStamp: '9999',
      ATTPHOTOStamp: '9999',
      Stamp: '9999',
      OpStamp: '9999',
      PhotoStamp: '9999',
    });
    expect(keys(text).TransFlag).toBe('TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser');
  });

  it('answers legacy terminals (no pushver) with Stamp first and the bit-mask TransFlag', () => {
    const text = buildHandshake({ ...base, pushVersion: null });
    expect(text.split('\n')[1]).toMatch(/^Stamp=/);
    expect(keys(text).TransFlag).toBe('1111000000');
  });

  it('carries the polling, retry and clock settings', () => {
    expect(
      keys(buildHandshake({ ...base, pushVersion: '2.4.1', delaySeconds: 12, errorDelaySeconds: 45 })),
    ).toMatchObject({
      ErrorDelay: '45',
      Delay: '12',
      TransTimes: '00:00;14:05',
      TransInterval: '1',
      TimeZone: '7',
      Realtime: '1',
      Encrypt: '0',
      ServerVer: expect.any(String),
    });
  });
});

describe('timeZoneValue', () => {
  it('is hours for whole-hour zones and minutes otherwise', () => {
    expect(timeZoneValue(420)).toBe('7');
    expect(timeZoneValue(480)).toBe('8');
    expect(timeZoneValue(540)).toBe('9');
    expect(timeZoneValue(330)).toBe('330');
    expect(timeZoneValue(-300)).toBe('-5');
  });
});

describe('timeReply', () => {
  it("gives the time in the terminal's zone with its offset", () => {
    const at = Date.parse('2026-11-23T00:31:05Z');
    expect(timeReply(at, 420)).toBe('Time=2026-11-23T07:31:05+07:00');
    expect(timeReply(at, -90)).toBe('Time=2026-11-22T23:01:05-01:30');
  });
});
