import type { Stack } from './stack.ts';
import { heartbeat, registerDevices, seedOffices, signIn, type OfficeKeys, type Profile } from './seed.ts';
import { workingDayAt } from './stack.ts';

export interface SeededCity {
  adminCookie: string;
  keys: Map<string, OfficeKeys>;
  profiles: Map<string, Profile>;
  /** Keeps devices alive (except those meant to be offline) until stopped. */
  keepAlive(everyMs?: number): () => void;
}

/** The seeded city on a stack: devices, officers and a morning of events for the given offices (all by default). */
export async function seedCity(
  stack: Stack,
  opts: { codes?: string[]; profiles?: Map<string, Profile>; seed?: number } = {},
): Promise<SeededCity> {
  const admin = await stack.user({ username: 'seed-admin', role: 'admin', displayName: 'Seeder' });
  const adminCookie = await signIn(stack.url, admin.username, admin.password);
  const codes = opts.codes ?? stack.ctx.policy.kelurahan.map((k) => k.code);
  const keys = await registerDevices(stack.url, adminCookie, codes);
  const dayStart = workingDayAt(stack.ctx.policy.workHours.regular.monThu.start);
  const profiles = await seedOffices({
    url: stack.url,
    adminCookie,
    registry: stack.ctx.registry,
    keys,
    now: stack.ctx.clock.now(),
    dayStart,
    seed: opts.seed,
    profiles: opts.profiles,
  });
  const offline = new Set([...profiles].filter(([, p]) => p === 'offline').map(([c]) => c));
  return {
    adminCookie,
    keys,
    profiles,
    keepAlive(everyMs = 30_000) {
      const timer = setInterval(
        () => void heartbeat(stack.url, keys, offline).catch(() => undefined),
        everyMs,
      );
      return () => clearInterval(timer);
    },
  };
}
