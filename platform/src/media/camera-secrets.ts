import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * RTSP URLs carry a camera's user and password, so they are sealed at rest: AES-256-GCM with a
 * random 96-bit nonce per value, stored as nonce ‖ tag ‖ ciphertext. The camera id is the
 * additional data, so a sealed URL copied onto another camera's row does not open.
 */
const VERSION = 1;

export function cameraKey(spec: string): Buffer {
  const s = spec.trim();
  const key = /^[0-9a-f]{64}$/i.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
  if (key.length !== 32) throw new Error('CAMERA_SECRET_KEY must be 32 bytes, as 64 hex digits or base64');
  return key;
}

export function sealUrl(key: Buffer, cameraId: string, url: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(cameraId));
  const body = Buffer.concat([cipher.update(url, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
}

export function openUrl(key: Buffer, cameraId: string, sealed: Buffer): string {
  if (sealed.length < 29 || sealed[0] !== VERSION) throw new Error('sealed camera URL: unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
  decipher.setAAD(Buffer.from(cameraId));
  decipher.setAuthTag(sealed.subarray(13, 29));
  return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
}

/** The URL with its password hidden, for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(
    /^(rtsps?:\/\/)([^@/]*)@/i,
    (_m, scheme: string, auth: string) => `${scheme}${auth.split(':')[0]}:***@`,
  );
}
