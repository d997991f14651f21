import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoleProcess, type RoleProcess } from '@pkk/platform/testing/role-process';
import {
  generateRequests,
  RAW_REQUESTS,
  sendAll,
  sendRaw,
  type FuzzResult,
} from '@pkk/platform/testing/request-fuzz';

/**
 * A media node as a real process (media/src/main.ts): its HTTP server (HLS, WHEP, probes, metrics)
 * and its WebSocket upgrade take anything a client sends without the process ending.
 */
let media: RoleProcess;
let url: string;

async function alive(): Promise<void> {
  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(200);
  expect(media.exit, media.text()).toBeNull();
}

beforeAll(async () => {
  media = await startRoleProcess('media/src/main.ts', {
    ROLE: 'media',
    MEDIA_PORT: '0',
    SNAPSHOT_INTERVAL_SECONDS: '0',
  });
  url = String((await media.waitFor((l) => l.msg === 'media ready', 'the media node to be ready')).url);
}, 120_000);
afterAll(() => media?.stop());

describe('the media node under odd requests', () => {
  it('answers generated requests without a 5xx (but a 503 of a busy transport) and never exits', async () => {
    // A token of the right shape (three base64url parts) with a signature nobody made.
    const forged = ['eyJhbGciOiJIUzI1NiJ9', 'eyJjYW0iOiJ4In0', 'c2lnbmF0dXJl'].join('.');
    const reqs = generateRequests({
      seed: 18,
      count: 1500,
      templates: [
        '/healthz',
        '/readyz',
        '/metrics',
        '/v/{token}/hls/index.m3u8',
        '/v/{token}/hls/{segment}',
        `/v/${forged}/hls/index.m3u8`,
        `/v/${forged}/hls/{segment}`,
        '/v/{token}/whep',
        `/v/${forged}/whep`,
        '/v/{token}/whep/{session}',
        '/v/{token}/fmp4',
        '/v/{token}',
      ],
      credentials: { sdp: { 'content-type': 'application/sdp' } },
    });
    const refusedUnread = (r: FuzzResult) =>
      (r.status === 'ECONNRESET' || r.status === 'EPIPE') &&
      ((r.req.body?.length ?? 0) > 60_000 ||
        Object.entries(r.req.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0) > 16_384);
    const results = await sendAll(url, reqs, 8);
    const bad = results.filter((r) =>
      typeof r.status !== 'number'
        ? !refusedUnread(r)
        : r.status >= 500 && !(r.status === 503 && r.req.path.startsWith('/v/')),
    );
    const byStatus = new Map<string, number>();
    for (const r of results) byStatus.set(String(r.status), (byStatus.get(String(r.status)) ?? 0) + 1);
    expect(
      bad.slice(0, 20).map((r) => `${r.status} ${r.req.method} ${r.req.path.slice(0, 120)} (${r.req.label})`),
      JSON.stringify(Object.fromEntries(byStatus)),
    ).toEqual([]);
    expect(media.lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    await alive();
  }, 300_000);

  it('answers malformed bytes and odd upgrades without a 5xx and never exits', async () => {
    const raws = [
      ...RAW_REQUESTS,
      'GET /v/x/fmp4 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      'GET /v/%E0%A4%A/fmp4 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      'GET /%%% HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    ];
    for (const raw of raws) {
      const status = await sendRaw(url, raw);
      expect(
        typeof status === 'number' ? status < 500 : true,
        `${status}: ${JSON.stringify(raw.slice(0, 80))}`,
      ).toBe(true);
    }
    await alive();
  });
});
