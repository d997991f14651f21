/**
 * The import-cycle check of `npm run lint` (dpdm): the core with its type imports (a type-level
 * cycle there is still a cycle of the domain), every role's entry from scripts/roles.ts with type
 * imports left out, and the web app. Exits non-zero on the first cycle found.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES } from './roles.ts';

const root = path.join(import.meta.dirname, '..');

/** The dpdm runs, as their arguments. */
export function cycleChecks(): string[][] {
  return [
    ['core/src/index.ts'],
    ['-T', ...ROLES.map((r) => r.entry)],
    ['-T', '--tsconfig', 'web/tsconfig.json', 'web/src/main.tsx'],
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dpdm = path.join(root, 'node_modules', '.bin', 'dpdm');
  for (const args of cycleChecks()) {
    const r = spawnSync(dpdm, ['--no-warning', '--no-tree', '--exit-code', 'circular:1', ...args], {
      stdio: 'inherit',
      cwd: root,
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
