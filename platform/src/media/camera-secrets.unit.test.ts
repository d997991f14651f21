import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cameraKey, openUrl, redactUrl, sealUrl } from './camera-secrets.ts';

const key = randomBytes(32);
const id = '3f1c2a9e-0000-4000-8000-000000000001';

describe('camera URL sealing', () => {
  it('opens what it sealed, never stores the URL in clear', () => {
    const url = 'rtsp://admin:s3cret@10.1.2.3:554/Streaming/Channels/101';
    const sealed = sealUrl(key, id, url);
    expect(sealed.toString('latin1')).not.toContain('s3cret');
    expect(openUrl(key, id, sealed)).toBe(url);
    expect(sealUrl(key, id, url).equals(sealed)).toBe(false);
  });
  it('refuses another key, another camera and a tampered value', () => {
    const sealed = sealUrl(key, id, 'rtsp://a/b');
    expect(() => openUrl(randomBytes(32), id, sealed)).toThrow();
    expect(() => openUrl(key, id.replace('1', '2'), sealed)).toThrow();
    const bad = Buffer.from(sealed);
    bad[bad.length - 1]! ^= 1;
    expect(() => openUrl(key, id, bad)).toThrow();
    expect(() => openUrl(key, id, Buffer.from([9, 1, 2]))).toThrow(/format/);
  });
  it('reads the key as hex or base64 of 32 bytes', () => {
    expect(cameraKey(key.toString('hex')).equals(key)).toBe(true);
    expect(cameraKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => cameraKey('short'.repeat(8))).toThrow(/32 bytes/);
  });
  it('hides passwords in logs', () => {
    expect(redactUrl('rtsp://admin:s3cret@10.1.2.3:554/x')).toBe('rtsp://admin:***@10.1.2.3:554/x');
    expect(redactUrl('rtsp://10.1.2.3/x')).toBe('rtsp://10.1.2.3/x');
  });
});
