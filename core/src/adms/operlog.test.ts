import { describe, expect, it } from 'vitest';
import { operlogTag, splitOperlog } from './operlog.ts';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('splitOperlog', () => {
  it('counts tagged records: OPLOG, USER, FP', () => {
    const body = b(
      'OPLOG 4\t0\t2026-05-04 08:00:01\t0\t0\t0\t0\nUSER PIN=7\tName=Siti\tPri=0\tPasswd=\tCard=\tGrp=1\nFP PIN=7\tFID=6\tSize=8\tValid=1\tTMP=QUJDREVGR0g=\n',
    );
    expect(splitOperlog(body).map((r) => [r.line, r.tag])).toEqual([
      [0, 'OPLOG'],
      [1, 'USER'],
      [2, 'FP'],
    ]);
  });

  it('takes CR LF, blank lines and a missing final newline', () => {
    expect(
      splitOperlog(
        b('OPLOG 0\t0\t2026-05-04 08:00:01\t0\t0\t0\t0\r\n\r\nOPLOG 1\t0\t2026-05-04 08:00:02\t0\t0\t0\t0'),
      ),
    ).toHaveLength(2);
    expect(splitOperlog(Buffer.alloc(0))).toEqual([]);
  });

  it('never decodes text: a GB2312 user name is just bytes', () => {
    const name = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]); // a two-character name in GB2312, invalid as UTF-8
    const body = Buffer.concat([
      b('USER PIN=8\tName='),
      name,
      b('\tPri=0\n'),
      b('USER PIN=9\tName=Budi\tPri=0\n'),
    ]);
    expect(splitOperlog(body).map((r) => r.tag)).toEqual(['USER', 'USER']);
  });

  it('treats an untagged line as the continuation of the record before it', () => {
    const body = b('FP PIN=7\tFID=6\tTMP=QUJD\nREVGR0g=\nUSER PIN=7\tName=Siti\n');
    expect(splitOperlog(body)).toEqual([
      { line: 0, tag: 'FP', lineCount: 2 },
      { line: 2, tag: 'USER', lineCount: 1 },
    ]);
  });

  it('keeps an untagged first line as a record of its own', () => {
    expect(splitOperlog(b('garbage\nOPLOG 0\t0\n'))).toEqual([
      { line: 0, tag: null, lineCount: 1 },
      { line: 1, tag: 'OPLOG', lineCount: 1 },
    ]);
  });
});

describe('operlogTag', () => {
  it('reads upper-case tags followed by one space', () => {
    expect(operlogTag(b('BIOPHOTO PIN=1'))).toBe('BIOPHOTO');
    expect(operlogTag(b('USERPIC PIN=1'))).toBe('USERPIC');
    expect(operlogTag(b('user PIN=1'))).toBeNull();
    expect(operlogTag(b(' OPLOG 1'))).toBeNull();
    expect(operlogTag(b('OPLOG'))).toBeNull();
    expect(operlogTag(Buffer.from([0xd5, 0x20]))).toBeNull();
  });
});
