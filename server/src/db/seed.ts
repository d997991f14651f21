import { sql } from 'kysely';
import type { KelurahanEntry, PolicyConfig } from '@pkk/core';
import type { Db } from '@pkk/platform/db/index';
import { digest, hashPassword } from '@pkk/platform/auth/secrets';

/** Mirrors the kecamatan and kelurahan registry of config/ into their tables (codes are foreign keys). */
export async function syncRegistry(db: Db, policy: PolicyConfig): Promise<void> {
  await db
    .insertInto('kecamatan')
    .values(policy.kecamatan.map((k) => ({ code: k.code, name: k.name, name_legacy: k.nameLegacy })))
    .onConflict((c) =>
      c.column('code').doUpdateSet({ name: sql`excluded.name`, name_legacy: sql`excluded.name_legacy` }),
    )
    .execute();
  await db
    .insertInto('kelurahan')
    .values(
      policy.kelurahan.map((k) => ({
        code: k.code,
        kecamatan_code: k.kecamatanCode,
        name: k.name,
        name_legacy: k.nameLegacy,
      })),
    )
    .onConflict((c) =>
      c.column('code').doUpdateSet({
        kecamatan_code: sql`excluded.kecamatan_code`,
        name: sql`excluded.name`,
        name_legacy: sql`excluded.name_legacy`,
      }),
    )
    .execute();
}

export interface DemoUser {
  username: string;
  password: string;
  role: string;
  displayName: string;
  kecamatanCode: string | null;
  kelurahanCode: string | null;
  nip: string | null;
}

/** The demo office and the officer the demo ASN is (server/src/api/demo.ts chooses them). */
export interface DemoBinding {
  kelurahan: KelurahanEntry;
  nip: string;
}

/**
 * Demo accounts, one per role that signs in. The camat, lurah and ASN belong to the demo office and
 * the ASN is its officer; without a binding (no office has officers yet) they take the registry's
 * first kelurahan and the ASN names nobody, so it sees nothing until bound. The HR module is a
 * machine: it gets a token instead.
 */
export function demoUsers(
  policy: PolicyConfig,
  password: (username: string) => string,
  binding: DemoBinding | null,
): DemoUser[] {
  const kel = binding?.kelurahan ?? policy.kelurahan[0]!;
  const asnNip = binding?.nip ?? null;
  const u = (
    username: string,
    role: string,
    displayName: string,
    kec: string | null = null,
    k: string | null = null,
    nip: string | null = null,
  ): DemoUser => ({
    username,
    password: password(username),
    role,
    displayName,
    kecamatanCode: kec,
    kelurahanCode: k,
    nip,
  });
  return [
    u('walikota', 'walikota', 'Wali Kota (demo)'),
    u('operator', 'operator', 'Operator Kominfo (demo)'),
    u('admin', 'admin', 'Administrator (demo)'),
    u('camat', 'camat', `Camat ${kel.kecamatanName} (demo)`, kel.kecamatanCode),
    u('lurah', 'lurah', `Lurah ${kel.name} (demo)`, kel.kecamatanCode, kel.code),
    u('asn', 'asn', `ASN ${kel.name} (demo)`, kel.kecamatanCode, kel.code, asnNip),
    u('verifikator', 'verifikator', 'Verifikator BKPSDM (demo)'),
  ];
}

/** Creates or refreshes the demo users; they are flagged so that leaving demo mode disables them. */
export async function seedDemoUsers(db: Db, users: DemoUser[]): Promise<void> {
  // Hashed side by side (argon2 runs on libuv's threads): one after another, the seven hashes were
  // seconds of every api start on a busy machine, before it could be ready.
  const hashes = await Promise.all(users.map((u) => hashPassword(u.password)));
  for (const [i, u] of users.entries()) {
    const hash = hashes[i]!;
    await db
      .insertInto('users')
      .values({
        username: u.username,
        display_name: u.displayName,
        password_hash: hash,
        role: u.role,
        kecamatan_code: u.kecamatanCode,
        kelurahan_code: u.kelurahanCode,
        nip: u.nip,
        demo: true,
      })
      .onConflict((c) =>
        c
          .column('username')
          .doUpdateSet({
            password_hash: hash,
            active: true,
            role: u.role,
            kecamatan_code: u.kecamatanCode,
            kelurahan_code: u.kelurahanCode,
            nip: u.nip,
          })
          .where('users.demo', '=', true),
      )
      .execute();
  }
}

/**
 * Moves the scoped demo accounts to the areas and NIP of `users` (their passwords untouched). Ends
 * the sessions of an account whose area or NIP changed, as an admin's change would, and returns their
 * digests so that live connections can be closed.
 */
export async function bindDemoUsers(db: Db, users: readonly DemoUser[]): Promise<Buffer[]> {
  return db.transaction().execute(async (trx) => {
    const ended: Buffer[] = [];
    for (const u of users) {
      const before = await trx
        .selectFrom('users')
        .select(['id', 'kecamatan_code', 'kelurahan_code', 'nip'])
        .where('username', '=', u.username)
        .where('demo', '=', true)
        .forUpdate()
        .executeTakeFirst();
      if (
        !before ||
        (before.kecamatan_code === u.kecamatanCode &&
          before.kelurahan_code === u.kelurahanCode &&
          before.nip === u.nip)
      )
        continue;
      await trx
        .updateTable('users')
        .set({ kecamatan_code: u.kecamatanCode, kelurahan_code: u.kelurahanCode, nip: u.nip })
        .where('id', '=', before.id)
        .execute();
      const gone = await trx
        .deleteFrom('sessions')
        .where('user_id', '=', before.id)
        .returning('token_hash')
        .execute();
      ended.push(...gone.map((s) => s.token_hash));
    }
    return ended;
  });
}

/** Machine tokens that exist only in demo mode. */
export const DEMO_TOKENS = ['simulator', 'demo-hr'] as const;

/** Outside demo mode no demo account may sign in and no demo token works. */
export async function disableDemoUsers(db: Db): Promise<void> {
  await db.updateTable('users').set({ active: false }).where('demo', '=', true).execute();
  await db
    .deleteFrom('api_tokens')
    .where('name', 'in', [...DEMO_TOKENS])
    .execute();
}

/** The demo HR module's machine token (role hr), as shown in the demo credentials. */
export async function registerDemoHrToken(db: Db, token: string): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ name: 'demo-hr', token_hash: digest(token), role: 'hr' })
    .onConflict((c) =>
      c.column('name').doUpdateSet({ token_hash: digest(token), revoked_at: null, role: 'hr' }),
    )
    .execute();
}

/** Registers the simulator's provisioning token (demo mode). */
export async function registerSimToken(db: Db, token: string): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ name: 'simulator', token_hash: digest(token), role: 'admin' })
    .onConflict((c) =>
      c.column('name').doUpdateSet({ token_hash: digest(token), revoked_at: null, role: 'admin' }),
    )
    .execute();
}
