import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Context } from '@pkk/platform/context';
import { varDir } from '@pkk/platform/config/paths';
import {
  demoUsers,
  disableDemoUsers,
  registerDemoHrToken,
  registerSimToken,
  seedDemoUsers,
  type DemoUser,
} from '../db/seed.ts';
import { newSecret } from '@pkk/platform/auth/secrets';

export function demoCredentialsFile(ctx: Context): string {
  return path.join(varDir(ctx.env.VAR_DIR), 'demo-credentials.json');
}

/**
 * Demo mode: one account per role, with random passwords kept in var/ so that they survive restarts
 * and are printed at start, and a machine token for the HR role. Outside demo mode every demo
 * account and token is disabled.
 */
export async function prepareDemo(ctx: Context): Promise<DemoUser[]> {
  if (!ctx.env.DEMO) {
    await disableDemoUsers(ctx.db);
    return [];
  }
  const file = demoCredentialsFile(ctx);
  const previous = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { passwords?: Record<string, string>; hrToken?: string })
    : {};
  const saved: Record<string, string> = previous.passwords ?? {};
  const hrToken = previous.hrToken ?? newSecret('t');
  const kel = ctx.policy.kelurahan[0]!.code;
  const officer = await ctx.db
    .selectFrom('officers')
    .select('nip')
    .where('kelurahan_code', '=', kel)
    .where('active', '=', true)
    .orderBy('name')
    .executeTakeFirst();
  const users = demoUsers(
    ctx.policy,
    (u) => (saved[u] ??= randomBytes(6).toString('base64url')),
    officer?.nip ?? null,
  );
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({ passwords: saved, hrToken, users: users.map(({ password: _p, ...u }) => u) }, null, 2),
    { mode: 0o600 },
  );
  await seedDemoUsers(ctx.db, users);
  await registerDemoHrToken(ctx.db, hrToken);
  if (ctx.env.SIM_API_TOKEN) await registerSimToken(ctx.db, ctx.env.SIM_API_TOKEN);
  return users;
}
