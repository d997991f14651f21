import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../testing/context.ts';

/** A built web app as web/build/precompress.ts leaves it: text files with .br and .gz beside them. */
function fixtureDist(): { dir: string; files: Record<string, Buffer> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pkk-dist-'));
  const js = Buffer.from(`export const greeting = ${JSON.stringify('Selamat pagi, '.repeat(400))};\n`);
  const files: Record<string, Buffer> = {
    'index.html': Buffer.from(
      `<!doctype html><html lang="id"><head><title>PKK</title></head><body>${'<div></div>'.repeat(200)}<script type="module" src="/assets/index-AbC123.js"></script></body></html>`,
    ),
    'sw.js': Buffer.from(`self.addEventListener('fetch', () => {});\n${'// shell\n'.repeat(300)}`),
    'assets/index-AbC123.js': js,
    'assets/index-AbC123.css': Buffer.from(`.a{color:red}\n`.repeat(200)),
    'manifest.webmanifest': Buffer.from('{"name":"PKK"}'),
  };
  for (const [name, body] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, body);
    if (name.endsWith('.webmanifest')) continue; // small files get no variants
    writeFileSync(`${file}.br`, brotliCompressSync(body));
    writeFileSync(`${file}.gz`, gzipSync(body));
  }
  return { dir, files };
}

/** A raw GET (node:http, not fetch, which would decode the body and hide what came over the wire). */
function get(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  return body;
}

let t: Awaited<ReturnType<typeof testApi>>;
let dist: ReturnType<typeof fixtureDist>;
beforeAll(async () => {
  dist = fixtureDist();
  t = await testApi({ WEB_DIST: dist.dir });
});
afterAll(async () => {
  await t?.dispose();
  rmSync(dist.dir, { recursive: true, force: true });
});

const ASSET = '/assets/index-AbC123.js';

describe('the web app over the wire', () => {
  it.each([
    { accept: 'gzip, deflate, br, zstd', encoding: 'br' },
    { accept: 'br;q=0.5, gzip', encoding: 'gzip' },
    { accept: 'gzip', encoding: 'gzip' },
    { accept: 'identity', encoding: undefined },
    { accept: '', encoding: undefined },
    { accept: 'br;q=0, gzip;q=0', encoding: undefined },
  ])(
    'answers Accept-Encoding "$accept" with $encoding, the same bytes once decoded',
    async ({ accept, encoding }) => {
      for (const [url, name, type] of [
        [ASSET, 'assets/index-AbC123.js', 'text/javascript; charset=utf-8'],
        ['/assets/index-AbC123.css', 'assets/index-AbC123.css', 'text/css; charset=utf-8'],
        ['/sw.js', 'sw.js', 'text/javascript; charset=utf-8'],
      ] as const) {
        const res = await get(`${t.url}${url}`, accept ? { 'accept-encoding': accept } : {});
        expect(res.status).toBe(200);
        expect(res.headers['content-encoding']).toBe(encoding);
        expect(res.headers['content-type']).toBe(type);
        expect(res.headers.vary).toMatch(/accept-encoding/i);
        expect(Number(res.headers['content-length'])).toBe(res.body.length);
        expect(decode(res.body, encoding).equals(dist.files[name]!)).toBe(true);
        if (encoding) expect(res.body.length).toBeLessThan(dist.files[name]!.length);
      }
    },
  );

  it('keeps hashed assets for a year and revalidates the shell and the service worker', async () => {
    const br = { 'accept-encoding': 'br' };
    expect((await get(`${t.url}${ASSET}`, br)).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await get(`${t.url}/assets/index-AbC123.css`)).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await get(`${t.url}/sw.js`, br)).headers['cache-control']).toBe('no-cache');
    expect((await get(`${t.url}/manifest.webmanifest`)).headers['cache-control']).toBe(
      'public, max-age=3600',
    );
    for (const url of ['/', '/index.html', '/login', '/kelurahan/16.71.01.1001', '/wall?x=1']) {
      const res = await get(`${t.url}${url}`, br);
      expect(res.status, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(decode(res.body, 'br').equals(dist.files['index.html']!), url).toBe(true);
    }
  });

  it('answers HEAD with the headers of the variant a GET would get', async () => {
    const head = await get(`${t.url}${ASSET}`, { 'accept-encoding': 'gzip' }, 'HEAD');
    const full = await get(`${t.url}${ASSET}`, { 'accept-encoding': 'gzip' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(head.headers['content-length']).toBe(String(full.body.length));
  });

  it('revalidates each variant on its own ETag', async () => {
    const br = await get(`${t.url}${ASSET}`, { 'accept-encoding': 'br' });
    const gz = await get(`${t.url}${ASSET}`, { 'accept-encoding': 'gzip' });
    expect(br.headers.etag).toBeTruthy();
    expect(br.headers.etag).not.toBe(gz.headers.etag);
    const again = await get(`${t.url}${ASSET}`, {
      'accept-encoding': 'br',
      'if-none-match': br.headers.etag!,
    });
    expect(again.status).toBe(304);
  });

  it('never serves a variant by its own name, a missing asset as the shell, or the app under /api', async () => {
    const variant = await get(`${t.url}${ASSET}.br`);
    expect(variant.status).toBe(404);
    expect(variant.headers['content-encoding']).toBeUndefined();
    const missing = await get(`${t.url}/assets/gone-Old999.js`, { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(missing.headers['content-encoding']).toBeUndefined();
    expect(missing.headers['cache-control']).toBeUndefined();
    expect((await get(`${t.url}/api/v1/nothing`)).status).toBe(404);
  });
});
