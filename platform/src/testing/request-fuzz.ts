import http from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * Generated HTTP requests for "no request ends the process" tests: every method, odd paths (encoded
 * traversal, bad escapes, huge segments), credentials good and bad, huge headers, bodies of the wrong
 * type or encoding. Seeded, so a failure names a request that can be sent again.
 */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What made it, for the failure message. */
  label: string;
}

export interface FuzzResult {
  req: FuzzRequest;
  /** The status, or why there was none ('timeout', an error code). */
  status: number | string;
}

/** mulberry32: small, seeded, good enough to pick cases. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values put where a path template has a parameter. */
export const ODD_SEGMENTS = [
  '1',
  '0',
  '-1',
  '999999999999999999999999',
  '1e309',
  'NaN',
  'abc',
  '16.71.01.1001',
  '__proto__',
  'constructor',
  '%00',
  '%E0%A4%A',
  '%',
  '%C0%AE%C0%AE',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '..%5C..%5Cwindows',
  '%2e%2e',
  "'%20or%201=1--",
  '%F0%9F%98%80',
  'x'.repeat(3000),
];

/** Paths every server gets besides its own: unknown routes and traversal of every spelling. */
export const ODD_PATHS = [
  '/',
  '/nothing-here',
  '/..%2f..%2f..%2fetc%2fpasswd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/assets/..%2F..%2Fpackage.json',
  '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
  '/assets/..%5C..%5Cpackage.json',
  '/%00',
  '/%E0%A4%A',
  '/%',
  '/%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd',
  '//etc/passwd',
  '/index.html',
  '/index.html.br',
  '/index.html.gz',
  '/sw.js',
  '/.env',
  '/.git/config',
  '/' + 'a/'.repeat(500),
  '/' + 'x'.repeat(8000),
  '/?' + 'a=1&'.repeat(2000),
  '/?%=%&x=%E0%A4%A',
];

const METHODS = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];

const QUERIES = [
  '',
  '',
  '',
  '?limit=-1',
  '?limit=1e999&offset=NaN',
  '?kelurahan=..%2F..&kind=__proto__',
  '?from=not-a-date&to=2026-13-45',
  '?a[b][c]=1&a=2&a=3',
  '?%=&x=%E0%A4%A',
  '?' + 'q=1&'.repeat(500),
];

/** Header sets; `{}` is a plain anonymous request. Credentials are added by the caller's sets. */
const HEADER_SETS: Record<string, Record<string, string>> = {
  none: {},
  'garbage cookie': { cookie: 'pkk_session=%E0%A4%A; other=%%%' },
  'unknown session': { cookie: 'pkk_session=s_' + 'A'.repeat(43) },
  'garbage bearer': { authorization: 'Bearer \u00ff\u00fe not a token' },
  'basic auth': { authorization: 'Basic ' + Buffer.from('admin:admin').toString('base64') },
  'long bearer': { authorization: 'Bearer ' + 'b'.repeat(12_000) },
  'header over the limit': { 'x-filler': 'f'.repeat(20_000) },
  'odd forwarded-for': { 'x-forwarded-for': 'not-an-ip, ::ffff:999.1.1.1, ' + '1.2.3.4, '.repeat(200) },
  'odd accept-encoding': { 'accept-encoding': 'br;q=NaN, gzip;q=1e999, *;q=-1, identity;q=0' },
  'odd range': { range: 'bytes=99999999999-, 0-0, ' + '1-1, '.repeat(100) },
  'odd conditionals': { 'if-none-match': '*', 'if-modified-since': 'yesterday' },
  'cross-site': { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  'null origin': { origin: 'null' },
  'many headers': Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, String(i)])),
};

const BIG = Buffer.alloc(2 * 1024 * 1024, 'a');
/** Bodies and the Content-Type they claim. */
const BODIES: { label: string; type?: string; encoding?: string; body: Buffer }[] = [
  { label: 'no body', body: Buffer.alloc(0) },
  { label: 'empty object', type: 'application/json', body: Buffer.from('{}') },
  { label: 'truncated JSON', type: 'application/json', body: Buffer.from('{"username":') },
  { label: 'JSON null', type: 'application/json', body: Buffer.from('null') },
  { label: 'JSON array', type: 'application/json', body: Buffer.from('[1,2,3]') },
  { label: 'JSON string', type: 'application/json', body: Buffer.from('"x"') },
  { label: 'JSON 1e999', type: 'application/json', body: Buffer.from('1e999') },
  { label: 'deep JSON', type: 'application/json', body: Buffer.from('['.repeat(5000) + ']'.repeat(5000)) },
  {
    label: 'prototype pollution',
    type: 'application/json',
    body: Buffer.from('{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}'),
  },
  {
    label: 'wrong types',
    type: 'application/json',
    body: Buffer.from(
      '{"username":1,"password":[],"role":{},"kelurahanCode":null,"events":"x","punches":{},"matchers":[{}],"endsAt":"never","allowedNetworks":["300.0.0.0/99"]}',
    ),
  },
  {
    label: 'NUL in text',
    type: 'application/json',
    body: Buffer.from(
      JSON.stringify({
        username: 'a\u0000b',
        password: 'p\u0000assword-long',
        name: '\u0000',
        displayName: '\u0000',
        text: '\u0000',
        comment: '\u0000',
        reason: '\u0000',
        kelurahanCode: '16.71.01.1001',
        kind: 'queue',
      }),
    ),
  },
  { label: 'JSON as text/plain', type: 'text/plain', body: Buffer.from('{"a":1}') },
  { label: 'form', type: 'application/x-www-form-urlencoded', body: Buffer.from('a=1&b=%E0%A4%A') },
  { label: 'multipart', type: 'multipart/form-data; boundary=x', body: Buffer.from('--x\r\ngarbage') },
  { label: 'utf-16 JSON', type: 'application/json; charset=utf-16', body: Buffer.from('{}', 'utf16le') },
  { label: 'unknown charset', type: 'application/json; charset=klingon', body: Buffer.from('{}') },
  { label: 'fake gzip', type: 'application/json', encoding: 'gzip', body: Buffer.from('not gzip') },
  { label: 'real gzip', type: 'application/json', encoding: 'gzip', body: gzipSync('{"a":1}') },
  { label: 'unknown encoding', type: 'application/json', encoding: 'zstd-x', body: Buffer.from('{}') },
  { label: 'binary', type: 'application/octet-stream', body: Buffer.from([0, 255, 254, 0, 1, 2, 0x80]) },
  { label: 'ADMS garbage', type: 'text/plain', body: Buffer.from('1\t2026-99-99 25:61:61\tx\n\0\0\0\n') },
  { label: '2 MB', type: 'application/json', body: BIG },
];

/**
 * `count` requests over `paths` (the server's own, with ODD_SEGMENTS in their parameters, and
 * ODD_PATHS), each with a method, a query, a header set (and sometimes one of `credentials`) and,
 * for methods with a body, a body.
 */
export function generateRequests(opts: {
  seed: number;
  count: number;
  /** Path templates with `{param}` placeholders. */
  templates: string[];
  /** Valid credentials to mix in (a session cookie, a device key), by name. */
  credentials?: Record<string, Record<string, string>>;
  /** Paths never to send with credentials (signing out would end the session the rest use). */
  anonymousOnly?: RegExp;
}): FuzzRequest[] {
  const rnd = seeded(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const headerSets = Object.entries(HEADER_SETS);
  const creds = Object.entries(opts.credentials ?? {});
  const out: FuzzRequest[] = [];
  for (let i = 0; i < opts.count; i++) {
    const fromTemplate = opts.templates.length && rnd() < 0.75;
    const path = fromTemplate
      ? pick(opts.templates).replace(/\{[^}]+\}/g, () =>
          rnd() < 0.3 ? pick(ODD_SEGMENTS.slice(0, 8)) : pick(ODD_SEGMENTS),
        )
      : pick(ODD_PATHS);
    const full = path.includes('?') ? path : path + pick(QUERIES);
    const method = pick(METHODS);
    const [setName, set] = pick(headerSets);
    const headers: Record<string, string> = { ...set };
    const labels = [setName];
    if (creds.length && rnd() < 0.4 && !opts.anonymousOnly?.test(full)) {
      const [credName, cred] = pick(creds);
      Object.assign(headers, cred);
      labels.push(credName);
    }
    let body: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && method !== 'TRACE') {
      const b = pick(BODIES);
      labels.push(b.label);
      if (b.type) headers['content-type'] = b.type;
      if (b.encoding) headers['content-encoding'] = b.encoding;
      body = b.body;
    }
    out.push({ method, path: full, headers, body, label: labels.join(' + ') });
  }
  return out;
}

/** Sends each request (keep-alive, `concurrency` at a time) and records its status. */
export async function sendAll(
  base: string,
  reqs: readonly FuzzRequest[],
  concurrency = 8,
  timeoutMs = 30_000,
): Promise<FuzzResult[]> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const results: FuzzResult[] = [];
  let next = 0;
  const one = (req: FuzzRequest) =>
    new Promise<FuzzResult>((resolve) => {
      const r = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: req.method,
          path: req.path,
          headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
          agent,
          timeout: timeoutMs,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ req, status: res.statusCode ?? 'no status' }));
          res.on('error', (e: NodeJS.ErrnoException) => resolve({ req, status: e.code ?? e.message }));
        },
      );
      r.on('timeout', () => {
        r.destroy();
        resolve({ req, status: 'timeout' });
      });
      // A server may answer (413, 431) and close before it has read the body: that is an answer.
      r.on('error', (e: NodeJS.ErrnoException) => resolve({ req, status: e.code ?? e.message }));
      r.end(req.body);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < reqs.length) results.push(await one(reqs[next++]!));
    }),
  );
  agent.destroy();
  return results;
}

/** Byte-level requests an HTTP client library would refuse to send. */
export const RAW_REQUESTS = [
  'GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
  'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
  'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n0\r\n\r\n',
  'FOO / HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
  'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
  'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 99\r\n\r\n',
  'GET /anything HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  'GET /socket.io/?EIO=3&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n',
  'POST /socket.io/?EIO=4&transport=polling&sid=nonexistent HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n40abc',
  'GET / HTTP/1.1\r\n' + 'X: y\r\n'.repeat(5000) + '\r\n',
  'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc',
];

/** Sends one raw request on its own connection; resolves with the status line's code, or what happened. */
export function sendRaw(base: string, raw: string, timeoutMs = 5_000): Promise<number | string> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let got = '';
    const done = (v: number | string) => {
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(timeoutMs, () =>
      done(got ? Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0) : 'timeout'),
    );
    socket.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) done(Number(m[1]));
    });
    socket.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
    socket.on('end', () => done(got ? Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0) : 'closed'));
    socket.write(raw, 'latin1');
  });
}
