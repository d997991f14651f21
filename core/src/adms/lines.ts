/**
 * Splitting an ADMS push body into its record lines. Terminals end records with LF, some with CR LF,
 * and some end the body without a newline or with blank lines; all of that is transport, not data.
 * The split works on bytes so that no encoding (GB2312 names, binary templates) can make it fail.
 */

export interface PushLine {
  /** 0-based position of the line in the body, blank lines counted, so an operator can find it. */
  index: number;
  /** Byte offset of the line in the body. */
  start: number;
  /** The line without its line end (trailing CRs removed). */
  bytes: Buffer;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

/** A line of nothing but spaces and CRs carries no record. A line of TABs does: empty fields. */
function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== SPACE && b !== CR) return false;
  return true;
}

/** The non-blank lines of a body, in order. */
export function splitPushLines(body: Buffer): PushLine[] {
  return splitPushLinesCapped(body, Number.POSITIVE_INFINITY).lines;
}

/**
 * The first `max` non-blank lines of a body, and how many non-blank lines follow them (counted, not
 * kept): a body of junk lines must not cost work or storage in proportion to its line count.
 */
export function splitPushLinesCapped(body: Buffer, max: number): { lines: PushLine[]; unread: number } {
  const lines: PushLine[] = [];
  let unread = 0;
  let start = 0;
  let index = 0;
  while (start <= body.length) {
    const lf = body.indexOf(LF, start);
    const end = lf === -1 ? body.length : lf;
    let stop = end;
    while (stop > start && body[stop - 1] === CR) stop--;
    const bytes = body.subarray(start, stop);
    if (!isBlank(bytes)) {
      if (lines.length < max) lines.push({ index, start, bytes });
      else unread++;
    }
    index++;
    start = end + 1;
  }
  return { lines, unread };
}

/** At most `max` details of a list, in order, and how many were left out. */
export function capDetails<T>(items: readonly T[], max: number): { kept: T[]; omitted: number } {
  return items.length <= max
    ? { kept: [...items], omitted: 0 }
    : { kept: items.slice(0, max), omitted: items.length - max };
}

/** Splits a line into its TAB-separated fields, as bytes. */
export function splitPushFields(line: Buffer, separator = 0x09): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (;;) {
    const at = line.indexOf(separator, start);
    if (at === -1) {
      out.push(line.subarray(start));
      return out;
    }
    out.push(line.subarray(start, at));
    start = at + 1;
  }
}

/**
 * A short, printable rendering of untrusted bytes for reasons and logs: invalid UTF-8 becomes U+FFFD
 * and control characters (NUL among them, which PostgreSQL text and jsonb refuse) are escaped.
 */
export function previewBytes(bytes: Buffer | string, max = 40): string {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut);
}
