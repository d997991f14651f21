/**
 * A seeded api serving the built web app, for looking at the screens by hand:
 *   node --import tsx e2e/support/dev-server.ts      (AT=10:30 sets the WIB time of day shown)
 * Prints the URL and a password per role, and writes them to var/e2e/dev-server.json. Not a test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@pkk/platform/config/paths';
import { seedCity } from './city.ts';
import { startServices, startStack } from './stack.ts';
import { ensureWebBuilt } from './web-build.ts';

ensureWebBuilt();
const services = await startServices();
const stack = await startStack({ ...services, clock: { at: process.env.AT ?? '10:30' } });
const city = await seedCity(stack);
const stopAlive = city.keepAlive(20_000);
const users = await Promise.all([
  stack.user({ username: 'walikota', role: 'walikota', displayName: 'Wali Kota Palembang' }),
  stack.user({ username: 'operator', role: 'operator', displayName: 'Operator Kominfo' }),
  stack.user({
    username: 'camat',
    role: 'camat',
    displayName: 'Camat Ilir Barat Dua',
    kecamatanCode: '16.71.01',
  }),
  stack.user({
    username: 'lurah',
    role: 'lurah',
    displayName: 'Lurah 35 Ilir',
    kecamatanCode: '16.71.01',
    kelurahanCode: '16.71.01.1001',
  }),
  stack.user({ username: 'asn', role: 'asn', displayName: 'ASN', nip: '198500100200501100' }),
]);
const counts: Record<string, number> = {};
for (const p of city.profiles.values()) counts[p] = (counts[p] ?? 0) + 1;
const info = {
  url: stack.url,
  users: Object.fromEntries(users.map((u) => [u.username, u.password])),
  profiles: counts,
};
mkdirSync(path.join(repoRoot, 'var', 'e2e'), { recursive: true });
writeFileSync(path.join(repoRoot, 'var', 'e2e', 'dev-server.json'), JSON.stringify(info, null, 2));
process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);

const stop = async () => {
  stopAlive();
  // Each step on its own: a failing api close must not leave PostgreSQL or Redis running.
  // A browser left open keeps connections alive: give the api a few seconds, then stop the services anyway.
  await Promise.race([
    stack.stop().catch((err: unknown) => console.error(err)),
    new Promise((r) => setTimeout(r, 5000)),
  ]);
  await services.stop().catch((err: unknown) => console.error(err));
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
