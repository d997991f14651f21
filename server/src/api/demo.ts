import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Context } from '@pkk/platform/context';
import { varDir } from '@pkk/platform/config/paths';
import {
  bindDemoUsers,
  demoUsers,
  disableDemoUsers,
  registerDemoHrToken,
  registerSimToken,
  seedDemoUsers,
  type DemoBinding,
  type DemoUser,
} from '../db/seed.ts';
import { newSecret } from '@pkk/platform/auth/secrets';

export function demoCredentialsFile(ctx: Context): string {
  return path.join(varDir(ctx.env.VAR_DIR), 'demo-credentials.json');
}

interface SavedCredentials {
  passwords?: Record<string, string>;
  hrToken?: string;
}

/**
 * Demo mode: one account per role, with random passwords kept in var/ so that they survive restarts
 * and are printed at start, and a machine token for the HR role. Outside demo mode every demo
 * account and token is disabled.
 *
 * The scoped accounts (camat, lurah, ASN) belong to the demo office: the first kelurahan of the
 * registry that has an active officer, the ASN being its first officer by name. Until any office has
 * officers (the simulator registers them once the api is up), the ASN names nobody and so sees
 * nothing; `followDemoOfficers` binds it as soon as officers arrive.
 */
export async function prepareDemo(ctx: Context): Promise<DemoUser[]> {
  if (!ctx.env.DEMO) {
    await disableDemoUsers(ctx.db);
    return [];
  }
  const file = demoCredentialsFile(ctx);
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SavedCredentials) : {};
  const saved: Record<string, string> = previous.passwords ?? {};
  const hrToken = previous.hrToken ?? newSecret('t');
  const users = demoUsers(
    ctx.policy,
    (u) => (saved[u] ??= randomBytes(6).toString('base64url')),
    await demoBinding(ctx),
  );
  writeCredentials(ctx, { passwords: saved, hrToken }, users);
  await seedDemoUsers(ctx.db, users);
  await registerDemoHrToken(ctx.db, hrToken);
  if (ctx.env.SIM_API_TOKEN) await registerSimToken(ctx.db, ctx.env.SIM_API_TOKEN);
  return users;
}

/**
 * The demo office and the ASN's officer, chosen the same way on every start and every node: the
 * first kelurahan in registry order with an active officer, and its first active officer by name
 * (then NIP). Null while no office has one.
 */
export async function demoBinding(ctx: Context): Promise<DemoBinding | null> {
  const staffed = new Set(
    (
      await ctx.db
        .selectFrom('officers')
        .select('kelurahan_code')
        .distinct()
        .where('active', '=', true)
        .execute()
    ).map((r) => r.kelurahan_code),
  );
  const kelurahan = ctx.policy.kelurahan.find((k) => staffed.has(k.code));
  if (!kelurahan) return null;
  const officer = await ctx.db
    .selectFrom('officers')
    .select('nip')
    .where('kelurahan_code', '=', kelurahan.code)
    .where('active', '=', true)
    .orderBy('name')
    .orderBy('nip')
    .executeTakeFirst();
  return officer ? { kelurahan, nip: officer.nip } : null;
}

/**
 * Until the demo ASN is bound, binds it (and moves the camat and lurah to its office) when an
 * officers change is announced. An account whose area moved loses its sessions (`revoke` closes their
 * live connections), as an admin's change would.
 */
export function followDemoOfficers(
  ctx: Context,
  users: readonly DemoUser[],
  revoke: (digests: Buffer[]) => Promise<void>,
): ((change: { what: string }) => void) | null {
  if (!users.length || users.some((u) => u.role === 'asn' && u.nip !== null)) return null;
  let bound = false;
  let running: Promise<void> | null = null;
  return (change) => {
    if (bound || running || change.what !== 'officers') return;
    running = (async () => {
      const binding = await demoBinding(ctx);
      if (!binding) return;
      const next = demoUsers(ctx.policy, (u) => users.find((x) => x.username === u)?.password ?? '', binding);
      await revoke(await bindDemoUsers(ctx.db, next));
      const file = demoCredentialsFile(ctx);
      writeCredentials(ctx, JSON.parse(readFileSync(file, 'utf8')) as SavedCredentials, next);
      bound = true;
      ctx.log.info({ kelurahan: binding.kelurahan.code, nip: binding.nip }, 'demo ASN bound to an officer');
    })()
      .catch((err: unknown) => ctx.log.warn({ err }, 'demo accounts not bound yet'))
      .finally(() => (running = null));
  };
}

function writeCredentials(ctx: Context, saved: SavedCredentials, users: readonly DemoUser[]): void {
  const file = demoCredentialsFile(ctx);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify(
      {
        passwords: saved.passwords,
        hrToken: saved.hrToken,
        users: users.map(({ password: _p, ...u }) => u),
      },
      null,
      2,
    ),
    { mode: 0o600 },
  );
}
