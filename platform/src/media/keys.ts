import { createHash } from 'node:crypto';
import type { Env } from '../config/env.ts';
import { cameraKey } from './camera-secrets.ts';

/**
 * The two media keys every role that touches video needs: MEDIA_SIGNING_KEY (HMAC of play tokens,
 * shared by the api and the media nodes) and CAMERA_SECRET_KEY (seals RTSP URLs at rest). The
 * launcher generates both once and keeps them under VAR_DIR; a deployment sets them itself.
 *
 * In development and test a missing key is replaced by a fixed, publicly known one (so a bare
 * `ROLE=api` run works), never in production: there start-up stops (exit 78) naming the key.
 */
export interface MediaKeys {
  /** HS256 key of play tokens: the UTF-8 bytes of MEDIA_SIGNING_KEY, as `jose` takes it. */
  signing: Uint8Array;
  /** AES-256-GCM key of camera URLs. */
  camera: Buffer;
  /** Whether a well-known development key stands in for one that is not set. */
  insecureDefaults: string[];
}

export class MissingMediaKeyError extends Error {}

const devKey = (name: string) =>
  createHash('sha256').update(`pkk-insecure-development-${name}`).digest('hex');

export function mediaKeys(env: Pick<Env, 'NODE_ENV' | 'MEDIA_SIGNING_KEY' | 'CAMERA_SECRET_KEY'>): MediaKeys {
  const insecureDefaults: string[] = [];
  const pick = (name: 'MEDIA_SIGNING_KEY' | 'CAMERA_SECRET_KEY'): string => {
    const v = env[name];
    if (v) return v;
    if (env.NODE_ENV === 'production') {
      throw new MissingMediaKeyError(
        `${name} is not set: \`npm start\` generates it under VAR_DIR; a deployment must set it (the same value on every api and media process)`,
      );
    }
    insecureDefaults.push(name);
    return devKey(name);
  };
  const signing = new TextEncoder().encode(pick('MEDIA_SIGNING_KEY'));
  let camera: Buffer;
  try {
    camera = cameraKey(pick('CAMERA_SECRET_KEY'));
  } catch (err) {
    throw new MissingMediaKeyError((err as Error).message);
  }
  return { signing, camera, insecureDefaults };
}
