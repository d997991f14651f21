/**
 * One role in this process, chosen by `ROLE` (one of scripts/roles.ts): the entry of containers and
 * Kubernetes pods. `ROLE=all` is `npm start`, the supervisor of every role on one machine.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROLES, roleDef } from './roles.ts';

const name = process.env.ROLE ?? '';
if (name === 'all') {
  await import('./start.ts');
} else {
  const role = roleDef(name);
  if (!role) {
    console.error(`ROLE must be one of ${[...ROLES.map((r) => r.name), 'all'].join(', ')} (got '${name}')`);
    process.exit(78);
  }
  await import(pathToFileURL(path.resolve(import.meta.dirname, '..', role.entry)).href);
}
