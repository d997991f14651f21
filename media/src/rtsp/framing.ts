export interface RtspResponse {
  status: number;
  reason: string;
  /** Header names lower-cased; repeated headers (WWW-Authenticate) keep every value. */
  headers: Map<string, string[]>;
  body: Buffer;
}

export type Frame =
  | { kind: 'response'; response: RtspResponse }
  | { kind: 'interleaved'; channel: number; data: Buffer }
  | { kind: 'request'; method: string; cseq: string | null };

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 256 * 1024;
/** Unparsed input beyond this is a stream we cannot follow: the connection is dropped, memory is not. */
const MAX_PENDING_BYTES = 1024 * 1024;

/**
 * Splits the bytes of an RTSP-over-TCP connection into responses, server requests and interleaved
 * ($-framed) packets. Garbage between frames is skipped up to the next '$' or 'RTSP/'; what cannot be
 * parsed within the bounds is an error for the caller to end the session with.
 */
export class RtspFramer {
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes skipped as garbage, for the pull's health. */
  skipped = 0;

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    for (;;) {
      const f = this.next();
      if (!f) break;
      frames.push(f);
    }
    if (this.buf.length > MAX_PENDING_BYTES) throw new Error('RTSP: more than 1 MiB of unparseable input');
    return frames;
  }

  private next(): Frame | null {
    const b = this.buf;
    if (b.length === 0) return null;
    if (b[0] === 0x24) {
      if (b.length < 4) return null;
      const len = b.readUInt16BE(2);
      if (b.length < 4 + len) return null;
      const data = b.subarray(4, 4 + len);
      this.buf = b.subarray(4 + len);
      return { kind: 'interleaved', channel: b[1]!, data };
    }
    const head = b.subarray(0, Math.min(b.length, MAX_HEADER_BYTES)).toString('latin1');
    if (!/^[A-Z_]+ |^RTSP\//.test(head)) {
      if (b.length < 8 && /^[A-Z_/]*$/.test(head)) return null; // the start of a word: wait for more
      return this.resync();
    }
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (b.length >= MAX_HEADER_BYTES) return this.resync();
      return null;
    }
    const lines = head.slice(0, end).split('\r\n');
    const headers = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
    }
    const length = Number(headers.get('content-length')?.[0] ?? 0);
    if (!Number.isInteger(length) || length < 0 || length > MAX_BODY_BYTES)
      throw new Error(`RTSP: bad Content-Length ${length}`);
    const total = end + 4 + length;
    if (b.length < total) return null;
    const body = Buffer.from(b.subarray(end + 4, total));
    this.buf = b.subarray(total);
    const first = lines[0]!;
    const status = /^RTSP\/\d\.\d (\d{3}) ?(.*)$/.exec(first);
    if (status)
      return {
        kind: 'response',
        response: { status: Number(status[1]), reason: status[2] ?? '', headers, body },
      };
    return { kind: 'request', method: first.split(' ')[0]!, cseq: headers.get('cseq')?.[0] ?? null };
  }

  /** Skips to the next byte that can start a frame. */
  private resync(): Frame | null {
    const b = this.buf;
    let i = 1;
    while (
      i < b.length &&
      b[i] !== 0x24 &&
      !(b[i] === 0x52 && b.subarray(i, i + 5).toString('latin1') === 'RTSP/')
    )
      i++;
    this.skipped += i;
    this.buf = b.subarray(i);
    return this.next();
  }
}
