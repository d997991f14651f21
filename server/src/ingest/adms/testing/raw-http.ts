import net from 'node:net';

/**
 * HTTP/1.1 over a raw TCP socket, for tests that must control every byte a terminal sends: the
 * request line and headers exactly as given (no Content-Type unless given), `Host` and, for a body,
 * `Content-Length` added, the body bytes untouched. The reply may be plain, Content-Length or chunked.
 */

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
}

/** The headers a ZKTeco terminal sends (captures show only these, plus Host and Content-Length). */
export const TERMINAL_HEADERS: [string, string][] = [
  ['User-Agent', 'iClock Proxy/1.09'],
  ['Connection', 'close'],
  ['Accept', '*/*'],
];

function decodeChunked(buf: Buffer): Buffer {
  const out: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', pos);
    const size = parseInt(buf.subarray(pos, eol).toString('latin1'), 16);
    if (eol === -1 || Number.isNaN(size)) throw new Error('bad chunked body');
    if (size === 0) return Buffer.concat(out);
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
}

/** One complete reply cut from what has arrived, or null while more is needed (or until close). */
function parseReply(raw: Buffer, closed: boolean): RawReply | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) {
    if (closed)
      throw new Error(`no complete HTTP reply: ${JSON.stringify(raw.toString('latin1').slice(0, 80))}`);
    return null;
  }
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const c = l.indexOf(':');
    headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    if (body.indexOf('0\r\n\r\n') === -1 && !closed) return null;
    body = decodeChunked(body);
  } else if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length']);
    if (body.length < n) {
      if (closed) throw new Error('reply shorter than its Content-Length');
      return null;
    }
    body = body.subarray(0, n);
  } else if (!closed) {
    return null;
  }
  return {
    status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine!)![1]),
    headers,
    body,
    text: body.toString('utf8'),
  };
}

export function rawRequest(
  baseUrl: string,
  req: { method: 'GET' | 'POST'; target: string; headers?: [string, string][]; body?: Buffer },
  timeoutMs = 10_000,
): Promise<RawReply> {
  const url = new URL(baseUrl);
  const lines = [
    `${req.method} ${req.target} HTTP/1.1`,
    `Host: ${url.host}`,
    ...(req.headers ?? TERMINAL_HEADERS).map(([k, v]) => `${k}: ${v}`),
  ];
  if (req.method === 'POST') lines.push(`Content-Length: ${req.body?.length ?? 0}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let done = false;
    const sock = net.connect({ host: url.hostname, port: Number(url.port) });
    const finish = (err: Error | null, reply?: RawReply) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    // A terminal that does not send `Connection: close` gets a kept-alive socket: stop at a complete reply.
    const check = (closed: boolean) => {
      try {
        const reply = parseReply(Buffer.concat(chunks), closed);
        if (reply) finish(null, reply);
      } catch (e) {
        finish(e as Error);
      }
    };
    const timer = setTimeout(
      () => finish(new Error(`no reply within ${timeoutMs} ms to ${req.method} ${req.target}`)),
      timeoutMs,
    );
    sock.on('connect', () => sock.write(Buffer.concat([head, req.body ?? Buffer.alloc(0)])));
    sock.on('data', (d) => {
      chunks.push(d);
      check(false);
    });
    sock.on('error', (e) => finish(e));
    sock.on('close', () => check(true));
  });
}
