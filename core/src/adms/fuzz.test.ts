import { describe, expect, it } from 'vitest';
import { parseAttlog } from './attlog.ts';
import { MUTATIONS, malformedAttlogCorpus, referenceAttlog } from './fuzz-corpus.ts';

const WINDOW = {
  fromMs: Date.parse('2026-10-01T00:00:00Z'),
  toMs: Date.parse('2026-11-20T00:00:00Z'),
  tzOffsetMinutes: 420,
};
const FIELDS = new Set(['pin', 'time', 'status', 'verify']);

describe('ATTLOG parser against 10,000 malformed lines', () => {
  const corpus = malformedAttlogCorpus(20261123, 10_000, WINDOW);

  it('is deterministic and uses every mutation', () => {
    expect(malformedAttlogCorpus(20261123, 50, WINDOW)).toEqual(corpus.slice(0, 50));
    const used = new Set(corpus.flatMap((e) => e.mutations));
    expect([...used].sort()).toEqual(Object.keys(MUTATIONS).sort());
  });

  it('never throws, and gives every line a record or an error that agree with the reference reading', () => {
    let valid = 0;
    let invalid = 0;
    for (const entry of corpus) {
      const context = `mutations ${entry.mutations.join(', ')} on ${JSON.stringify(entry.bytes.toString('latin1').slice(0, 80))}`;
      const got = parseAttlog(entry.bytes, WINDOW.tzOffsetMinutes);
      const want = referenceAttlog(entry.bytes, WINDOW.tzOffsetMinutes);
      expect(got.length, context).toBe(want.length);
      got.forEach((line, i) => {
        const ref = want[i]!;
        if (line.ok) {
          valid++;
          expect(ref, context).toEqual({
            index: line.record.line,
            valid: true,
            pin: line.record.pin,
            at: line.record.at,
            status: line.record.status,
            verify: line.record.verifyCode,
          });
        } else {
          invalid++;
          expect(ref, context).toEqual({ index: line.error.index, valid: false });
          expect(FIELDS.has(line.error.field), context).toBe(true);
          expect(line.error.reason.length, context).toBeGreaterThan(0);
          expect(`${line.error.reason}${line.error.text}`, context).not.toContain('\0');
        }
      });
    }
    // The corpus must exercise both outcomes, mostly the error path.
    expect(invalid).toBeGreaterThan(8_000);
    expect(valid).toBeGreaterThan(100);
  });
});
