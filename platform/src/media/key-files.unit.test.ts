import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { persistedMediaKeys } from './key-files.ts';
import { mediaKeys } from './keys.ts';

describe('persisted media keys', () => {
  it('generates both keys once, 0600 in a 0700 directory, and reads the same ones back', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkk-keys-'));
    const first = persistedMediaKeys(dir, {});
    expect(first.MEDIA_SIGNING_KEY.length).toBeGreaterThanOrEqual(32);
    expect(first.CAMERA_SECRET_KEY).toMatch(/^[0-9a-f]{64}$/);
    const file = path.join(dir, 'secrets', 'camera-secret-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(persistedMediaKeys(dir, {})).toEqual(first);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.CAMERA_SECRET_KEY);
  });

  it('lets the environment win without writing, tightens a file others can read, refuses a bad camera key', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkk-keys-'));
    const env = { MEDIA_SIGNING_KEY: 's'.repeat(40), CAMERA_SECRET_KEY: 'ab'.repeat(32) };
    expect(persistedMediaKeys(dir, env)).toEqual(env);
    mkdirSync(path.join(dir, 'secrets'));
    writeFileSync(path.join(dir, 'secrets', 'camera-secret-key'), 'not-a-key-of-32-bytes-but-long-enough');
    chmodSync(path.join(dir, 'secrets', 'camera-secret-key'), 0o644);
    const said: string[] = [];
    expect(() => persistedMediaKeys(dir, {}, (l) => said.push(l))).toThrow(/CAMERA_SECRET_KEY/);
    expect(statSync(path.join(dir, 'secrets', 'camera-secret-key')).mode & 0o777).toBe(0o600);
    expect(said.join('\n')).toMatch(/0600/);
  });
});

describe('media keys from the environment', () => {
  it('stops production without them, naming the key; development gets known stand-ins', () => {
    expect(() => mediaKeys({ NODE_ENV: 'production', CAMERA_SECRET_KEY: 'ab'.repeat(32) })).toThrow(
      /MEDIA_SIGNING_KEY is not set/,
    );
    expect(() => mediaKeys({ NODE_ENV: 'production', MEDIA_SIGNING_KEY: 's'.repeat(40) })).toThrow(
      /CAMERA_SECRET_KEY is not set/,
    );
    expect(mediaKeys({ NODE_ENV: 'development' }).insecureDefaults).toEqual([
      'MEDIA_SIGNING_KEY',
      'CAMERA_SECRET_KEY',
    ]);
    const set = mediaKeys({
      NODE_ENV: 'production',
      MEDIA_SIGNING_KEY: 's'.repeat(40),
      CAMERA_SECRET_KEY: 'ab'.repeat(32),
    });
    expect(set.insecureDefaults).toEqual([]);
    expect(set.camera).toHaveLength(32);
    expect(() =>
      mediaKeys({
        NODE_ENV: 'production',
        MEDIA_SIGNING_KEY: 's'.repeat(40),
        CAMERA_SECRET_KEY: 'x'.repeat(40),
      }),
    ).toThrow(/32 bytes/);
  });
});
