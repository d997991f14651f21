/**
 * The roles of the codebase: what `ROLE` selects. `npm start` (ROLE=all) runs every role that is
 * switched on, in this order; a deployment runs one role per process (docker-compose, Kubernetes)
 * with `node --import tsx scripts/role.ts`. Adding a role is adding its folder and one line here:
 * the launcher, `scripts/role.ts`, the import-cycle check of lint (scripts/cycles.ts) and the
 * deployment tests (infra/deploy.test.ts) take the list from here.
 */
export interface RoleDef {
  name: 'api' | 'workers' | 'media' | 'sim';
  entry: string;
  /** Started once the api answers /readyz (it is a client of the api). */
  afterApiReady?: boolean;
  /** The `npm start` variable that leaves it out (`<VAR>=off`); none: it always runs. */
  switch?: 'WORKERS' | 'MEDIA' | 'SIM';
}

export type RoleName = RoleDef['name'];
export type RoleSwitch = NonNullable<RoleDef['switch']>;

export const ROLES: readonly RoleDef[] = [
  { name: 'api', entry: 'server/src/main.ts' },
  { name: 'workers', entry: 'workers/src/main.ts', switch: 'WORKERS' },
  { name: 'media', entry: 'media/src/main.ts', afterApiReady: true, switch: 'MEDIA' },
  { name: 'sim', entry: 'sim/src/main.ts', afterApiReady: true, switch: 'SIM' },
];

export function roleDef(name: string): RoleDef | undefined {
  return ROLES.find((r) => r.name === name);
}
