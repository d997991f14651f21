import { splitPushLines } from './lines.ts';

/**
 * The OPERLOG table: operation-log and enrolment records, each line starting with a tag and one space
 * (`OPLOG `, `USER `, `FP `, `FACE `, `USERPIC `, `BIOPHOTO ` …) followed by TAB-separated fields.
 * The product keeps these bodies raw; it only needs to count the records to answer the terminal. User
 * names are GB2312 on Chinese-language firmware, so nothing here decodes text: tags are read as bytes.
 */

export interface OperlogRecord {
  /** Index in the body of the record's first line. */
  line: number;
  /** `OPLOG`, `USER`, …; null for a first line that carries no tag. */
  tag: string | null;
  /** Lines the record spans: a template broken by a stray line end continues on untagged lines. */
  lineCount: number;
}

const MAX_TAG = 16;

/** The tag a line starts with (upper-case letters and digits, then a space), or null. */
export function operlogTag(line: Buffer): string | null {
  const space = line.indexOf(0x20);
  if (space < 1 || space > MAX_TAG) return null;
  for (let i = 0; i < space; i++) {
    const b = line[i]!;
    const upper = b >= 0x41 && b <= 0x5a;
    const digitOrUnderscore = (b >= 0x30 && b <= 0x39) || b === 0x5f;
    if (!(upper || (i > 0 && digitOrUnderscore))) return null;
  }
  return line.toString('latin1', 0, space);
}

/** Splits an OPERLOG body into records: a tagged line starts one, untagged lines continue it. */
export function splitOperlog(body: Buffer): OperlogRecord[] {
  const out: OperlogRecord[] = [];
  for (const line of splitPushLines(body)) {
    const tag = operlogTag(line.bytes);
    const last = out[out.length - 1];
    if (tag === null && last) last.lineCount++;
    else out.push({ line: line.index, tag, lineCount: 1 });
  }
  return out;
}
