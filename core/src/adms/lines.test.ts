import { describe, expect, it } from 'vitest';
import { capDetails, previewBytes, splitPushFields, splitPushLines, splitPushLinesCapped } from './lines.ts';

const b = (s: string) => Buffer.from(s, 'latin1');
const texts = (body: string) => splitPushLines(b(body)).map((l) => [l.index, l.bytes.toString('latin1')]);

describe('splitPushLines', () => {
  it('splits on LF and on CR LF, never leaving a CR in a line', () => {
    expect(texts('a\nb\n')).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    expect(texts('a\r\nb\r\n')).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    expect(texts('a\t\r\nb\t\r\n')).toEqual([
      [0, 'a\t'],
      [1, 'b\t'],
    ]);
  });

  it('takes a last line without a final newline', () => {
    expect(texts('a\nb')).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
  });

  it('skips blank lines but counts them in the index, so errors point at the right line', () => {
    expect(texts('\na\n\r\n  \nb\n\n')).toEqual([
      [1, 'a'],
      [4, 'b'],
    ]);
  });

  it('keeps a line of TABs: it is a record with empty fields, not a blank line', () => {
    expect(texts('\t\t\n')).toEqual([[0, '\t\t']]);
  });

  it('gives nothing for an empty body', () => {
    expect(splitPushLines(Buffer.alloc(0))).toEqual([]);
    expect(splitPushLines(b('\n\r\n'))).toEqual([]);
  });

  it('reports byte offsets into the body', () => {
    expect(splitPushLines(b('ab\r\ncd')).map((l) => l.start)).toEqual([0, 4]);
  });
});

describe('splitPushFields', () => {
  it('keeps empty fields, including the one after a trailing TAB', () => {
    expect(splitPushFields(b('1\t\t0\t')).map((f) => f.toString())).toEqual(['1', '', '0', '']);
    expect(splitPushFields(b('')).map((f) => f.toString())).toEqual(['']);
  });
});

describe('previewBytes', () => {
  it('escapes NUL and control characters and replaces invalid UTF-8', () => {
    const p = previewBytes(Buffer.from([0x41, 0x00, 0x09, 0xff]));
    expect(p).toBe('"A\\u0000\\t\uFFFD"');
    expect(p).not.toContain('\0');
  });

  it('cuts long input', () => {
    expect(previewBytes('x'.repeat(100), 5)).toBe('"xxxxx…"');
  });
});

describe('splitPushLinesCapped', () => {
  it('keeps the first lines up to the cap and counts the non-blank lines after them', () => {
    const { lines, unread } = splitPushLinesCapped(b('a\n\nb\nc\n \nd\n'), 2);
    expect(lines.map((l) => [l.index, l.bytes.toString('latin1')])).toEqual([
      [0, 'a'],
      [2, 'b'],
    ]);
    expect(unread).toBe(2);
  });

  it('reads everything under the cap', () => {
    expect(splitPushLinesCapped(b('a\nb'), 5)).toMatchObject({
      unread: 0,
      lines: [{ index: 0 }, { index: 1 }],
    });
  });
});

describe('capDetails', () => {
  it('keeps at most max details, in order, and counts the rest', () => {
    expect(capDetails([1, 2, 3, 4], 2)).toEqual({ kept: [1, 2], omitted: 2 });
    expect(capDetails([1, 2], 2)).toEqual({ kept: [1, 2], omitted: 0 });
    expect(capDetails([1], 0)).toEqual({ kept: [], omitted: 1 });
  });
});
