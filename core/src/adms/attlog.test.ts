import { describe, expect, it } from 'vitest';
import { parseAttlog, parseAttlogCapped, type AttlogLine, type AttlogRecord } from './attlog.ts';

/**
 * Fixtures follow the protocol description (../../../../shared/domain/protocols.md, section 1):
 * `PIN TAB YYYY-MM-DD HH:MM:SS TAB status TAB verify [TAB work code TAB reserved …]`.
 */
const WIB = 420;
const b = (s: string) => Buffer.from(s, 'utf8');
const wib = (date: string, time: string) => Date.parse(`${date}T${time}+07:00`);

function records(lines: AttlogLine[]): AttlogRecord[] {
  return lines.map((l) => {
    if (!l.ok) throw new Error(`unexpected error ${JSON.stringify(l.error)}`);
    return l.record;
  });
}

describe('ATTLOG column layouts', () => {
  it('reads 4 columns (PIN, time, status, verify)', () => {
    const [r] = records(parseAttlog(b('8\t2026-07-30 09:12:03\t0\t1\n'), WIB));
    expect(r).toEqual({
      line: 0,
      pin: '8',
      localTime: '2026-07-30 09:12:03',
      at: wib('2026-07-30', '09:12:03'),
      status: 0,
      direction: 'in',
      verifyCode: 1,
      verify: 'fingerprint',
      extra: [],
    });
  });

  it('reads 5 columns and keeps the work code raw', () => {
    const rs = records(
      parseAttlog(b('31\t2026-07-30 09:12:03\t1\t0\t12\n31\t2026-07-30 17:02:00\t1\t0\t12\n'), WIB),
    );
    expect(rs.map((r) => [r.pin, r.direction, r.verify, r.extra])).toEqual([
      ['31', 'out', 'password', ['12']],
      ['31', 'out', 'password', ['12']],
    ]);
  });

  it('reads 7 columns with an empty work code and a trailing TAB', () => {
    const [r] = records(parseAttlog(b('2041\t2026-09-14 11:02:33\t1\t1\t\t0\t0\t'), WIB));
    expect(r!.pin).toBe('2041');
    expect(r!.extra).toEqual(['', '0', '0', '']);
  });

  it('reads 9 columns (ID-card firmware: ID number and type after the 7)', () => {
    const [r] = records(
      parseAttlog(b('21\t2026-07-30 14:02:10\t0\t1\t0\t0\t0\t167101200001010001\t1\n'), WIB),
    );
    expect(r!.extra).toEqual(['0', '0', '0', '167101200001010001', '1']);
  });

  it('reads 10 columns of face and palm terminals, with or without a trailing TAB or final newline', () => {
    const face = records(parseAttlog(b('12\t2026-10-02 07:44:09\t255\t15\t0\t0\t0\t255\t0\t0\t'), WIB))[0]!;
    expect([face.status, face.direction, face.verify, face.extra.length]).toEqual([
      255,
      'unknown',
      'face',
      7,
    ]);
    const palm = records(parseAttlog(b('64\t2026-08-11 13:20:41\t0\t25\t0\t0\t0\t0\t0\t0'), WIB))[0]!;
    expect([palm.pin, palm.verify, palm.at]).toEqual(['64', 'palm', wib('2026-08-11', '13:20:41')]);
  });

  it('reads 16 columns (job and tip codes) and more', () => {
    const line = '505\t2026-03-09 16:45:00\t0\t1\t7\t0\t0\t11\t12\t13\t14\t15\t16\t0.5\t1.5\t2.5';
    const [r] = records(parseAttlog(b(`${line}\n${line}\t7\t8\n`), WIB));
    expect(r!.extra).toHaveLength(12);
    expect(parseAttlog(b(`${line}\t7\t8`), WIB)[0]!.ok).toBe(true);
  });
});

describe('ATTLOG transport details', () => {
  it('takes CR LF batches without a CR in any field', () => {
    const body = b(
      '5\t2026-06-02 07:12:40\t0\t1\t\t0\t0\t\r\n5\t2026-06-02 16:03:12\t1\t1\t\t0\t0\t\r\n9\t2026-06-02 07:20:05\t0\t15\t\t0\t0\t\r\n',
    );
    const rs = records(parseAttlog(body, WIB));
    expect(rs.map((r) => r.pin)).toEqual(['5', '5', '9']);
    for (const r of rs) expect(JSON.stringify(r)).not.toContain('\\r');
  });

  it('skips blank lines and numbers lines as they stand in the body', () => {
    const rs = records(
      parseAttlog(b('\n7\t2026-07-30 07:00:00\t0\t1\n\n8\t2026-07-30 07:01:00\t0\t1\n\n\n'), WIB),
    );
    expect(rs.map((r) => [r.line, r.pin])).toEqual([
      [1, '7'],
      [3, '8'],
    ]);
  });

  it('gives nothing for an empty body', () => {
    expect(parseAttlog(Buffer.alloc(0), WIB)).toEqual([]);
  });
});

describe('ATTLOG values', () => {
  it('keeps PINs as text: leading zeros and letters are part of them', () => {
    const rs = records(
      parseAttlog(b('007\t2026-07-30 07:00:00\t0\t1\nP1-01\t2026-07-30 07:00:00\t0\t15\n'), WIB),
    );
    expect(rs.map((r) => r.pin)).toEqual(['007', 'P1-01']);
  });

  it("reads the wall clock in the terminal's zone", () => {
    const line = b('7\t2026-11-23 07:31:05\t0\t1\n');
    expect(records(parseAttlog(line, 420))[0]!.at).toBe(Date.parse('2026-11-23T00:31:05Z'));
    expect(records(parseAttlog(line, 480))[0]!.at).toBe(Date.parse('2026-11-22T23:31:05Z'));
    expect(records(parseAttlog(b('7\t2026-01-01 03:00:00\t0\t1'), 420))[0]!.at).toBe(
      Date.parse('2025-12-31T20:00:00Z'),
    );
  });

  it('maps status 0/4 to in, 1/5 to out, anything else to unknown', () => {
    const codes = [0, 1, 2, 3, 4, 5, 255];
    const body = codes.map((s, i) => `7\t2026-07-30 07:00:0${i}\t${s}\t1`).join('\n');
    expect(records(parseAttlog(b(body), WIB)).map((r) => r.direction)).toEqual([
      'in',
      'out',
      'unknown',
      'unknown',
      'in',
      'out',
      'unknown',
    ]);
  });

  it('maps verify 0 password, 1 fingerprint, 2 card, 15 face, 25 palm, anything else other', () => {
    const codes = [0, 1, 2, 15, 25, 3, 11];
    const body = codes.map((v, i) => `7\t2026-07-30 07:00:0${i}\t0\t${v}`).join('\n');
    expect(records(parseAttlog(b(body), WIB)).map((r) => r.verify)).toEqual([
      'password',
      'fingerprint',
      'card',
      'face',
      'palm',
      'other',
      'other',
    ]);
  });
});

describe('ATTLOG errors', () => {
  const errorOf = (line: string | Buffer) => {
    const [r] = parseAttlog(typeof line === 'string' ? b(line) : line, WIB);
    if (!r || r.ok) throw new Error(`expected an error for ${JSON.stringify(line)}`);
    return r.error;
  };

  it('names the missing column of a short line', () => {
    expect(errorOf('7\t2026-07-30 07:00:00\t0')).toMatchObject({
      index: 0,
      field: 'verify',
      reason: expect.stringContaining('3 of the 4'),
    });
    expect(errorOf('7')).toMatchObject({ field: 'time' });
    expect(errorOf('\t\t\t')).toMatchObject({ field: 'pin', reason: 'empty PIN' });
  });

  it('refuses PINs that no officer could have', () => {
    expect(errorOf(`${'9'.repeat(25)}\t2026-07-30 07:00:00\t0\t1`).field).toBe('pin');
    expect(errorOf('7 \t2026-07-30 07:00:00\t0\t1').field).toBe('pin');
    expect(errorOf(Buffer.from([0x37, 0x00, 0x09, ...b('2026-07-30 07:00:00\t0\t1')])).field).toBe('pin');
    expect(errorOf(Buffer.from([0xd5, 0xc5, 0x09, ...b('2026-07-30 07:00:00\t0\t1')])).field).toBe('pin');
  });

  it('refuses times that are not YYYY-MM-DD HH:MM:SS or not real', () => {
    for (const t of [
      '2026-07-30T07:00:00',
      '2026-07-30 07:00',
      '30-07-2026 07:00:00',
      '',
      '2026-07-30 07:00:00+07:00',
    ]) {
      expect(errorOf(`7\t${t}\t0\t1`)).toMatchObject({
        field: 'time',
        reason: expect.stringContaining('is not YYYY-MM-DD HH:MM:SS'),
      });
    }
    for (const t of [
      '2026-02-30 07:00:00',
      '2025-02-29 07:00:00',
      '2026-13-01 07:00:00',
      '2026-07-30 24:00:00',
      '2026-07-30 23:60:00',
    ]) {
      expect(errorOf(`7\t${t}\t0\t1`)).toMatchObject({
        field: 'time',
        reason: expect.stringContaining('not a real date-time'),
      });
    }
    expect(parseAttlog(b('7\t2028-02-29 07:00:00\t0\t1'), WIB)[0]!.ok).toBe(true);
  });

  it('refuses status and verify that are not numbers', () => {
    expect(errorOf('7\t2026-07-30 07:00:00\tIN\t1').field).toBe('status');
    expect(errorOf('7\t2026-07-30 07:00:00\t0\t-1').field).toBe('verify');
    expect(errorOf('7\t2026-07-30 07:00:00\t0\t').field).toBe('verify');
  });

  it('keeps a printable start of the bad line, without NUL', () => {
    const e = errorOf(Buffer.from([0x00, 0xff, 0x09, 0x41]));
    expect(e.text).toBe('"\\u0000\uFFFD\\tA"');
  });

  it('judges each line alone: one bad line costs only itself', () => {
    const lines = parseAttlog(
      b('7\t2026-07-30 07:00:00\t0\t1\n7\t2026-02-30 07:00:00\t0\t1\n8\t2026-07-30 07:05:00\t0\t1\n'),
      WIB,
    );
    expect(lines.map((l) => (l.ok ? l.record.pin : `error@${l.error.index}:${l.error.field}`))).toEqual([
      '7',
      'error@1:time',
      '8',
    ]);
  });

  it('never throws on invalid UTF-8 in the raw columns', () => {
    const line = Buffer.concat([b('7\t2026-07-30 07:00:00\t0\t1\t'), Buffer.from([0xc3, 0x28, 0xff])]);
    const [r] = records(parseAttlog(line, WIB));
    expect(r!.extra[0]).toContain('\uFFFD');
  });
});

describe('parseAttlogCapped', () => {
  it('parses at most maxLines lines and counts the rest unread', () => {
    const body = b('7\t2026-11-23 07:00:00\t0\t1\njunk\n7\t2026-11-23 07:01:00\t0\t1\njunk\n');
    const { lines, unread } = parseAttlogCapped(body, WIB, 2);
    expect(lines.map((l) => l.ok)).toEqual([true, false]);
    expect(unread).toBe(2);
  });
});
