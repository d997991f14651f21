import { createECDH } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.ts';
import { varDir } from '../config/paths.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/**
 * The VAPID key pair that signs Web Push requests (RFC 8292): from VAPID_PUBLIC_KEY and
 * VAPID_PRIVATE_KEY when set, else made once (P-256) and kept in VAR_DIR/vapid.json, readable by
 * the service user only, so api (which hands browsers the public key) and workers (which sign) agree.
 */
export function vapidKeys(ctx: Context): VapidKeys {
  const subject = process.env.VAPID_SUBJECT ?? 'mailto:kominfo@palembang.go.id';
  if (process.env.VAPID_PUBLIC_KEY && process.env.VAPID_PRIVATE_KEY) {
    return { publicKey: process.env.VAPID_PUBLIC_KEY, privateKey: process.env.VAPID_PRIVATE_KEY, subject };
  }
  const file = path.join(varDir(ctx.env.VAR_DIR), 'vapid.json');
  if (existsSync(file))
    return { ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<VapidKeys, 'subject'>), subject };
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const keys = {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: ecdh.getPrivateKey().toString('base64url'),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
  } catch {
    // Another role made it first: use theirs.
    return { ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<VapidKeys, 'subject'>), subject };
  }
  return { ...keys, subject };
}
