import { describe, expect, it } from 'vitest';
import { parseCommandReplies } from './devicecmd.ts';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('parseCommandReplies', () => {
  it('reads several replies, alphanumeric IDs and a body without a final newline', () => {
    const replies = parseCommandReplies(
      b('ID=17&Return=0&CMD=CHECK\nID=ab12&Return=-1002&CMD=DATA\nID=18&Return=0&CMD=REBOOT'),
    );
    expect(replies.map((r) => [r.id, r.returnCode, r.cmd])).toEqual([
      ['17', 0, 'CHECK'],
      ['ab12', -1002, 'DATA'],
      ['18', 0, 'REBOOT'],
    ]);
  });

  it('takes CR LF and keeps the INFO lines after a reply', () => {
    const [r] = parseCommandReplies(b('ID=21&Return=0&CMD=INFO\r\n~DeviceName=MB160\r\nUserCount=42\r\n'));
    expect(r!.info).toEqual(['~DeviceName=MB160', 'UserCount=42']);
  });

  it('gives a null Return for a missing, non-numeric or out-of-range code', () => {
    const rs = parseCommandReplies(
      b('ID=1&CMD=CHECK\nID=2&Return=x\nID=3&Return=99999999999\nID=4&Return=12'),
    );
    expect(rs.map((r) => r.returnCode)).toEqual([null, null, null, 12]);
  });

  it('ignores what comes before the first reply and survives garbage', () => {
    expect(parseCommandReplies(b('hello\n\0\xff\n'))).toEqual([]);
    expect(parseCommandReplies(Buffer.from([0x49, 0x44, 0x3d, 0xff, 0x26, 0x00]))[0]!.id).toBe('\uFFFD');
  });

  it('keeps a terminal-sent __proto__ key as an ordinary field', () => {
    const [r] = parseCommandReplies(b('ID=5&__proto__=x&Return=0'));
    expect(r!.fields['__proto__']).toBe('x');
    expect(r!.returnCode).toBe(0);
  });
});
