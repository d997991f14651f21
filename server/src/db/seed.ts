import { sql } from 'kysely';
import type { PolicyConfig } from '@pkk/core';
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

/**
 * Demo accounts, one per role that signs in, with the first kecamatan and kelurahan of the registry as
 * their area. The ASN account is an officer of that kelurahan when the registry has one (the simulator
 * registers them; until then it sees no records). The HR module is a machine: it gets a token instead.
 */
export function demoUsers(
  policy: PolicyConfig,
  password: (username: string) => string,
  asnNip: string | null,
): DemoUser[] {
  const kel = policy.kelurahan[0]!;
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
  for (const u of users) {
    const hash = await hashPassword(u.password);
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
