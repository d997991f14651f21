import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cameraKey } from './camera-secrets.ts';

/**
 * The launcher's media keys: generated once, then kept in VAR_DIR/secrets (directory 0700, files
 * 0600), so that a restart reads the same ones. Losing the camera key would make every stored RTSP
 * URL unreadable; changing the signing key only ends the play URLs handed out. A key set in the
 * environment wins and is not written.
 */
export const MEDIA_KEY_NAMES = ['MEDIA_SIGNING_KEY', 'CAMERA_SECRET_KEY'] as const;
export type MediaKeyName = (typeof MEDIA_KEY_NAMES)[number];

const generate: Record<MediaKeyName, () => string> = {
  MEDIA_SIGNING_KEY: () => randomBytes(32).toString('base64url'),
  CAMERA_SECRET_KEY: () => randomBytes(32).toString('hex'),
};

export function persistedMediaKeys(
  varDir: string,
  env: NodeJS.ProcessEnv = process.env,
  say: (line: string) => void = () => {},
): Record<MediaKeyName, string> {
  const dir = path.join(varDir, 'secrets');
  const out = {} as Record<MediaKeyName, string>;
  for (const name of MEDIA_KEY_NAMES) {
    const given = env[name];
    if (given) {
      out[name] = given;
      continue;
    }
    const file = path.join(dir, name.toLowerCase().replace(/_/g, '-'));
    if (existsSync(file)) {
      if ((statSync(file).mode & 0o077) !== 0) {
        chmodSync(file, 0o600);
        say(`${file} was readable by others: now 0600`);
      }
      out[name] = readFileSync(file, 'utf8').trim();
    } else {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      out[name] = generate[name]();
      // wx: never overwrite a key another launcher wrote a moment ago.
      writeFileSync(file, `${out[name]}\n`, { mode: 0o600, flag: 'wx' });
      say(
        `${name} generated in ${file} (keep it: ${name === 'CAMERA_SECRET_KEY' ? 'stored camera URLs cannot be read without it' : 'play URLs are signed with it'})`,
      );
    }
    if (out[name].length < 32) throw new Error(`${file}: ${name} must be at least 32 characters`);
  }
  try {
    cameraKey(out.CAMERA_SECRET_KEY);
  } catch (err) {
    throw new Error(`CAMERA_SECRET_KEY: ${(err as Error).message}`);
  }
  return out;
}
