import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Clock, PlayClaims, PullMode, StreamKind } from '@pkk/core';
import type { Db } from '@pkk/platform/db/index';
import { digest, newSecret } from '@pkk/platform/auth/secrets';
import { sealUrl } from '@pkk/platform/media/camera-secrets';
import { credentialRef } from '@pkk/platform/media/credential-ref';

export const SIGNING_KEY = 'test-signing-key-0123456789abcdef0123456789';
export const CAMERA_KEY_HEX = randomBytes(32).toString('hex');
export const KEL = '16.71.01.1001';
/** Token time is a fixed instant, not the machine's: tokens are signed and checked against it. */
export const TOKEN_NOW = Date.parse('2026-11-23T03:00:00Z');
/** What a media node under test checks tokens against: a few seconds after TOKEN_NOW. */
export const tokenClock: Clock = { now: () => TOKEN_NOW + 5_000, speed: 1 };

/** The rows a camera needs (its kecamatan, kelurahan, a viewer) and the camera, URLs sealed as the api seals them. */
export async function seedCamera(
  db: Db,
  opts: { main: string; sub?: string; pullMode?: PullMode; id?: string },
): Promise<string> {
  await db
    .insertInto('kecamatan')
    .values({ code: '16.71.01', name: 'Ilir Barat II', name_legacy: 'Ilir Barat II' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto('kelurahan')
    .values({ code: KEL, kecamatan_code: '16.71.01', name: 'Kemang Manis', name_legacy: 'Kemang Manis' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const id = opts.id ?? randomUUID();
  const key = Buffer.from(CAMERA_KEY_HEX, 'hex');
  const now = new Date();
  await db
    .insertInto('cameras')
    .values({
      id,
      kelurahan_code: KEL,
      // Names are unique per kelurahan (migration camera-names): each seeded camera its own.
      name: `Loket ${id.slice(0, 8)}`,
      placement: 'desks',
      pull_mode: opts.pullMode ?? 'on_demand',
      enabled: true,
      rtsp_main: sealUrl(key, id, opts.main),
      rtsp_sub: opts.sub ? sealUrl(key, id, opts.sub) : null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function seedUser(db: Db): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: `viewer-${randomBytes(3).toString('hex')}`,
      display_name: 'Viewer',
      password_hash: 'x',
      role: 'admin',
      kecamatan_code: null,
      kelurahan_code: null,
      nip: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A signed-in session of a user (a row in sessions, as a login makes); returns its digest. */
export async function seedSession(db: Db, userId: number, ttlMs = 12 * 3_600_000): Promise<Buffer> {
  const hash = digest(newSecret('s'));
  await db
    .insertInto('sessions')
    .values({ token_hash: hash, user_id: userId, expires_at: new Date(Date.now() + ttlMs) })
    .execute();
  return hash;
}

/**
 * What the api does when it hands out play URLs: the live_views row (with the session it was asked
 * under: a new one of the user unless given), then the signed token.
 */
export async function issuePlay(
  db: Db,
  opts: {
    cameraId: string;
    userId: number;
    stream?: StreamKind;
    node?: string;
    nowMs: number;
    ttlSeconds?: number;
    key?: string;
    session?: Buffer;
  },
): Promise<{ token: string; viewId: string; session: Buffer }> {
  const viewId = randomUUID();
  const stream = opts.stream ?? 'main';
  const session = opts.session ?? (await seedSession(db, opts.userId));
  await db
    .insertInto('live_views')
    .values({
      view_id: viewId,
      camera_id: opts.cameraId,
      user_id: opts.userId,
      stream,
      node: opts.node ?? 'media-1',
      transport: null,
      client_ip: '127.0.0.1',
      issued_at: new Date(opts.nowMs),
      started_at: null,
      ended_at: null,
      last_seen_at: null,
      session_hash: session,
    })
    .execute();
  const token = await signPlay(
    {
      jti: viewId,
      sub: String(opts.userId),
      cam: opts.cameraId,
      stream,
      node: opts.node ?? 'media-1',
      sid: credentialRef(session.toString('hex')),
      iat: Math.floor(opts.nowMs / 1000),
      exp: Math.floor(opts.nowMs / 1000) + (opts.ttlSeconds ?? 120),
    },
    opts.key,
  );
  return { token, viewId, session };
}

export function signPlay(claims: PlayClaims, key = SIGNING_KEY): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(key));
}
